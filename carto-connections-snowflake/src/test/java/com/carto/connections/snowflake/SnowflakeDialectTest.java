package com.carto.connections.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.query.ColumnType;
import com.carto.connections.spi.jdbc.GeometryRead;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SnowflakeDialectTest {
    private final SnowflakeDialect dialect = SnowflakeDialect.INSTANCE;

    @Test
    void quotesIdentifiersExactlySoCaseIsKept() {
        assertThat(dialect.quoteIdentifier("my\"Table")).isEqualTo("\"my\"\"Table\"");
        assertThat(dialect.qualifiedName(List.of("CARTO_TEMP", "t"))).isEqualTo("\"CARTO_TEMP\".\"t\"");
    }

    @Test
    void writesBackIntoTransientTablesEndingTheQuerysLine() {
        assertThat(dialect.createTableAs("\"S\".\"t\"", "select 1 // note"))
                .isEqualTo("create transient table \"S\".\"t\" as select 1 // note\n");
    }

    @Test
    void readsGeographyAsEwkbInWgs84AndGeometryWithItsOwnSrid() {
        GeometryRead geography = dialect.geometryRead("\"c1\"", "GEOGRAPHY");
        assertThat(geography.encoding()).isEqualTo(GeometryRead.Encoding.EWKB);
        assertThat(geography.expression()).isEqualTo("\"c1\"");
        assertThat(geography.srid()).isEqualTo(OptionalInt.of(4326));
        assertThat(dialect.geometryRead("\"c1\"", "GEOMETRY").srid()).isEmpty();
    }

    @Test
    void namesSnowflakeTypes() {
        assertThat(dialect.columnType("TIMESTAMP_NTZ")).contains(ColumnType.TIMESTAMP);
        assertThat(dialect.columnType("timestamp_ltz")).contains(ColumnType.TIMESTAMP_WITH_TIME_ZONE);
        assertThat(dialect.columnType("TIMESTAMP_TZ")).contains(ColumnType.TIMESTAMP_WITH_TIME_ZONE);
        assertThat(dialect.columnType("VARIANT")).contains(ColumnType.JSON);
        assertThat(dialect.columnType("ARRAY")).contains(ColumnType.JSON);
        assertThat(dialect.columnType("GEOGRAPHY")).contains(ColumnType.GEOMETRY);
        // NUMBER is left to the driver's type code: BIGINT with scale 0, DECIMAL otherwise.
        assertThat(dialect.columnType("NUMBER")).isEmpty();
    }

    @Test
    void defaultsToUpperCaseLocationsAsSnowflakeFoldsUnquotedNames() {
        assertThat(dialect.defaultTempLocation()).isEqualTo("CARTO_TEMP");
        assertThat(dialect.defaultAnalyticsToolboxLocation()).isEqualTo("CARTO.CARTO");
    }

    @Test
    void boundsALoginByTheStageDeadlineAndNeverPastAMinute() {
        assertThat(dialect.connectTimeoutProperties(Duration.ofSeconds(5))).containsEntry("loginTimeout", "5");
        assertThat(dialect.connectTimeoutProperties(Duration.ofMinutes(10))).containsEntry("loginTimeout", "60");
    }
}
