package com.carto.connections.databricks.fake;

import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/** Databricks SQL functions H2 lacks, as H2 Java aliases. */
public final class FakeFunctions {
    private FakeFunctions() {}

    /**
     * {@code unhex(str)}: the bytes of a hexadecimal string, either case, NULL for NULL
     * (docs.databricks.com/sql/language-manual/functions/unhex.html).
     */
    public static byte @Nullable [] unhex(@Nullable String hex) {
        return hex == null ? null : HexFormat.of().parseHex(hex);
    }
}
