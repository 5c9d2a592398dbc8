package com.carto.connections.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabricksPropertiesTest {
    @ParameterizedTest
    @ValueSource(strings = {"/sql/1.0/warehouses/1234567890abcdef", "/sql/1.0/warehouses/a"})
    void acceptsTheHttpPathOfASqlWarehouse(String path) {
        assertThat(DatabricksProperties.httpPathProblem(path)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/sql/protocolv1/o/1234567890123456/0123-456789-abcdefgh",
                "sql/1.0/warehouses/abc",
                "/sql/1.0/warehouses/",
                "/sql/1.0/warehouses/abc;PWD=x",
                "/sql/1.0/warehouses/abc/../../api",
                "/sql/1.0/warehouses/abc?x=1",
                "/sql/1.0/endpoints/abc"
            })
    void refusesAnyOtherHttpPath(String path) {
        assertThat(DatabricksProperties.httpPathProblem(path)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"main", "my catalog", "dev-sales", "ünïcode", "`quoted`"})
    void acceptsUnityCatalogNames(String name) {
        assertThat(DatabricksProperties.nameProblem(name)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"main;ssl=0", "a=b", "line\nbreak"})
    void refusesNamesThatWouldAddDriverSettings(String name) {
        assertThat(DatabricksProperties.nameProblem(name)).isPresent();
    }
}
