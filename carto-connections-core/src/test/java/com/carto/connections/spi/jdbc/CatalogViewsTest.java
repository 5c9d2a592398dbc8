package com.carto.connections.spi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Optional;
import org.junit.jupiter.api.Test;
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

    @Test
    void takesViewsWrittenAsQueriesUnderTheirOwnAliases() {
        CatalogViews views = CatalogViews.derived(
                "select 'db' as database_name, username as schema_name from all_users",
                "select 'db' as database_name, owner as schema_name, table_name, 'BASE TABLE' as table_type"
                        + " from all_tables",
                "select 'db' as database_name, owner as schema_name, table_name, column_name, data_type,"
                        + " 'YES' as is_nullable, column_id as ordinal_position from all_tab_columns");
        assertThat(views.schemas()).startsWith("(select ").endsWith(") catalog_schemas");
        assertThat(views.columns()).endsWith(") catalog_columns");
        assertThat(views.database()).isEqualTo("database_name");
        assertThat(views.userDefinedTypeName()).isEmpty();
    }

    @Test
    void refusesAViewQueryHoldingAStatementSeparator() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CatalogViews.derived("select 1 from a; drop table b", "select 1", "select 1"))
                .withMessageContaining("schemas");
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
