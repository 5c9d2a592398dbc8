package com.carto.connections.snowflake;

import java.util.HexFormat;
import java.util.regex.Pattern;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKTReader;

/** Snowflake functions the fake's H2 engine lacks, registered as H2 aliases (public for H2's reflection). */
public final class FakeSnowflakeFunctions {
    private static final Pattern HEX = Pattern.compile("(?:[0-9a-fA-F]{2})+");

    private FakeSnowflakeFunctions() {}

    /** {@code TO_GEOGRAPHY(wkt)}: a GEOGRAPHY is always WGS 84 (https://docs.snowflake.com/en/sql-reference/data-types-geospatial). */
    public static Geometry toGeography(String text) throws ParseException {
        // TO_GEOGRAPHY reads WKT, and WKB in hex (https://docs.snowflake.com/en/sql-reference/functions/to_geography).
        Geometry geometry = HEX.matcher(text).matches()
                ? new WKBReader().read(HexFormat.of().parseHex(text))
                : new WKTReader().read(text);
        geometry.setSRID(4326);
        return geometry;
    }

    /**
     * {@code SYSTEM$WAIT(seconds)}: returns once the time has passed, or fails at once when the query is aborted (the
     * fake interrupts the thread running it, as the service stops a cancelled query).
     */
    public static String systemWait(int seconds) throws InterruptedException {
        Thread.sleep(seconds * 1000L);
        return "waited " + seconds + " seconds";
    }
}
