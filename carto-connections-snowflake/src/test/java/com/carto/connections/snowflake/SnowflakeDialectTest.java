package com.carto.connections.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Geometry;
import com.carto.connections.spi.jdbc.GeometryRead;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
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
    void buildsAGeometryInWgs84AsAGeographyAndAnyOtherAsAGeometryOfItsSrid() {
        assertThat(dialect.placeholder(Geometry.ofWkt("POINT(1 2)", 4326))).isEqualTo("to_geography(?)");
        assertThat(dialect.placeholder(Geometry.ofWkt("POINT(1 2)", 3857))).isEqualTo("to_geometry(?, 3857)");
        assertThat(dialect.placeholder(Geometry.ofWkt("POINT(1 2)", Geometry.UNKNOWN_SRID)))
                .isEqualTo("to_geometry(?)");
    }

    @Test
    void convertsDatesAndTimesWithTheFormatsTheyAreWrittenIn() {
        assertThat(dialect.placeholder(LocalDate.of(2024, 2, 29))).isEqualTo("to_date(?, 'YYYY-MM-DD')");
        assertThat(dialect.placeholder(LocalTime.NOON)).isEqualTo("to_time(?, 'HH24:MI:SS.FF9')");
        assertThat(dialect.placeholder(LocalDateTime.of(2024, 2, 29, 12, 0)))
                .isEqualTo("to_timestamp_ntz(?, 'YYYY-MM-DD HH24:MI:SS.FF9')");
        assertThat(dialect.placeholder(Instant.EPOCH))
                .isEqualTo("to_timestamp_tz(?, 'YYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM')");
        assertThat(dialect.placeholder(ZonedDateTime.of(2024, 2, 29, 12, 0, 0, 0, ZoneId.of("Europe/Madrid"))))
                .isEqualTo("to_timestamp_tz(?, 'YYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM')");
    }

    @Test
    void leavesTheMarkBareForTypesTheDriverBindsItself() {
        assertThat(dialect.placeholder("text")).isEqualTo("?");
        assertThat(dialect.placeholder(5L)).isEqualTo("?");
        assertThat(dialect.placeholder(new byte[] {1})).isEqualTo("?");
        assertThat(dialect.placeholder(null)).isEqualTo("?");
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

    @Test
    void hasAnExtentOnlyForGeographyColumns() {
        assertThat(dialect.extentInDegrees("select 1", "\"GEOM\"", 3857)).isEmpty();
        assertThat(dialect.extentInDegrees("select 1 -- note", "\"GEOM\"", 4326))
                .contains("select min(ST_XMIN(\"GEOM\")), min(ST_YMIN(\"GEOM\")), max(ST_XMAX(\"GEOM\")),"
                        + " max(ST_YMAX(\"GEOM\")) from (select 1 -- note\n) extent_source");
    }
}
