package com.carto.connections.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.query.Geometry;
import com.carto.connections.query.Query;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.StandardSQLTypeName;
import java.time.LocalDateTime;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

/** Java values as BigQuery query parameters: the text BigQuery's types take, and what a GEOGRAPHY cannot hold. */
class BigQueryParametersTest {
    @Test
    void writesMidnightWithSecondsAndMicrosecondsAsBigQuerysTimeText() {
        assertThat(BigQueryParameters.of(LocalTime.MIDNIGHT).getValue()).isEqualTo("00:00:00.000000");
    }

    @Test
    void writesADateTimeOfYearOneWithSecondsAndMicroseconds() {
        assertThat(BigQueryParameters.of(LocalDateTime.of(1, 1, 1, 0, 0)).getValue())
                .isEqualTo("0001-01-01 00:00:00.000000");
    }

    @Test
    void sendsAGeometryOfUnknownSridAsAGeography() {
        assertThat(BigQueryParameters.of(Geometry.ofWkt("POINT(1 2)", Geometry.UNKNOWN_SRID))
                        .getType())
                .isEqualTo(StandardSQLTypeName.GEOGRAPHY);
    }

    @Test
    void refusesAGeometryInAnotherSridThanWgs84NamingTheParameter() {
        Query query = Query.sql("select ?, ?").params("x", Geometry.ofWkt("POINT(1 2)", 3857));
        assertThatThrownBy(() -> BigQueryParameters.bind(QueryJobConfiguration.newBuilder("select 1"), query))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        failure -> assertThat(failure.problems())
                                .singleElement()
                                .satisfies(problem -> {
                                    assertThat(problem.property()).isEqualTo("parameter 2");
                                    assertThat(problem.message()).contains("SRID 3857");
                                }));
    }

    @Test
    void refusesAGeometryWithMeasuresNamingTheParameter() {
        Query query = Query.sql("select @p").param("p", Geometry.ofWkt("POINT M (1 2 3)", 4326));
        assertThatThrownBy(() -> BigQueryParameters.bind(QueryJobConfiguration.newBuilder("select 1"), query))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("parameter p")
                .hasMessageContaining("Z or M");
    }
}
