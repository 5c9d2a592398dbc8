package com.carto.connections.spi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CatalogViewsTest {
    @ParameterizedTest
    @ValueSource(strings = {"svv_all_tables", "pg_catalog.svv_all_tables", "_v1", "information_schema.tables"})
    void acceptsPlainAndSchemaQualifiedNames(String name) {
        assertThat(views(name).tables()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "Tables",
                "1tables",
                "a.b.c",
                "tables;drop table x",
                "tables --",
                "\"tables\"",
                "tables ",
                "a..b",
                ".tables"
            })
    void refusesNamesThatAreNotPlainSqlNames(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> views(name)).withMessageContaining("tables");
    }

    @ParameterizedTest
    @ValueSource(strings = {"udt name", "UDT_NAME", "udt_name)"})
    void refusesAUserDefinedTypeColumnThatIsNotAPlainName(String name) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CatalogViews("s", "d", "t", "c", "d", "s", Optional.of(name)))
                .withMessageContaining("userDefinedTypeName");
    }

    private static CatalogViews views(String tables) {
        return new CatalogViews(
                "svv_all_schemas",
                "database_name",
                tables,
                "svv_all_columns",
                "database_name",
                "schema_name",
                Optional.empty());
    }
}
