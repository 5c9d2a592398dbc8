package com.carto.connections.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BigQueryDialectTest {
    private final BigQueryDialect dialect = BigQueryDialect.INSTANCE;

    @Test
    void quotesIdentifiersInBackticks() {
        assertThat(dialect.quoteIdentifier("parcels")).isEqualTo("`parcels`");
    }

    @Test
    void escapesBackticksAndBackslashesInIdentifiers() {
        assertThat(dialect.quoteIdentifier("a`b\\c")).isEqualTo("`a\\`b\\\\c`");
    }

    @Test
    void quotesEachPartOfAQualifiedNameOnItsOwn() {
        assertThat(dialect.qualifiedName(List.of("my-project", "carto_temp", "t.1")))
                .isEqualTo("`my-project`.`carto_temp`.`t.1`");
    }

    @Test
    void rejectsAnEmptyIdentifier() {
        assertThatThrownBy(() -> dialect.quoteIdentifier("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void limitsWithLimit() {
        assertThat(dialect.limit("select 1", 5)).isEqualTo("select * from (select 1) as limited_query limit 5");
    }

    @Test
    void defaultsToTheCartoTempDatasetAndTheUsToolbox() {
        assertThat(dialect.defaultTempLocation()).isEqualTo("carto_temp");
        assertThat(dialect.defaultAnalyticsToolboxLocation()).isEqualTo("carto-un.carto");
    }

    @Test
    void asksForNoExtentOfASourceInAnotherSridThanWgs84() {
        assertThat(dialect.extentInDegrees("select 1", "`geom`", 3857)).isEmpty();
        assertThat(dialect.extentInDegrees("select 1", "`geom`", 4326)).isPresent();
    }
}
