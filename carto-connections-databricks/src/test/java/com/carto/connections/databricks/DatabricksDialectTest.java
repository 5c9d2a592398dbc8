package com.carto.connections.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.query.Column;
import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Geometry;
import com.carto.connections.spi.jdbc.GeometryRead;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabricksDialectTest {
    private final DatabricksDialect dialect = DatabricksDialect.INSTANCE;

    @Test
    void boundsTheDriversSocketTimeoutByALongDeadline() {
        assertThat(dialect.connectTimeoutProperties(Duration.ofMinutes(2))).containsEntry("socketTimeout", "120");
    }

    @Test
    void keepsTheSocketTimeoutLongerThanTheServicesTenSecondWaitUnderAShortDeadline() {
        assertThat(dialect.connectTimeoutProperties(Duration.ofSeconds(2))).containsEntry("socketTimeout", "30");
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "int, INTEGER",
        "BIGINT, INTEGER",
        "'decimal(10,3)', DECIMAL",
        "double, FLOAT",
        "boolean, BOOLEAN",
        "string, STRING",
        "binary, BYTES",
        "date, DATE",
        "timestamp, TIMESTAMP_WITH_TIME_ZONE",
        "timestamp_ntz, TIMESTAMP",
        "geometry(4326), GEOMETRY",
        "GEOMETRY(ANY), GEOMETRY",
        "geography(4326), GEOMETRY"
    })
    void namesTheNormalizedTypeOfADatabricksTypeAsDescribeQueryWritesIt(String name, ColumnType type) {
        assertThat(dialect.columnType(name)).contains(type);
    }

    @ParameterizedTest
    @CsvSource({"void", "array<int>", "'map<string,int>'", "'struct<a:int>'"})
    void leavesTypesItDoesNotNameToTheDriversTypeCode(String name) {
        assertThat(dialect.columnType(name)).isEmpty();
    }

    @Test
    void readsAGeometryAsEwkbThroughStAsEwkbWithTheSridOfItsType() {
        GeometryRead read = dialect.geometryRead("`c2`", "geometry(3857)");
        assertThat(read.expression()).isEqualTo("st_asewkb(`c2`)");
        assertThat(read.encoding()).isEqualTo(GeometryRead.Encoding.EWKB);
        assertThat(read.srid()).isEqualTo(OptionalInt.of(3857));
    }

    @Test
    void readsAGeometryOfAnySridByTheSridEachValueCarries() {
        GeometryRead read = dialect.geometryRead("`c1`", "geometry(any)");
        assertThat(read.expression()).isEqualTo("st_asewkb(`c1`)");
        assertThat(read.srid()).isEmpty();
    }

    @Test
    void readsAGeographyAsWkbThroughStAsBinaryWithSrid4326() {
        GeometryRead read = dialect.geometryRead("`c1`", "geography(4326)");
        assertThat(read.expression()).isEqualTo("st_asbinary(`c1`)");
        assertThat(read.encoding()).isEqualTo(GeometryRead.Encoding.WKB);
        assertThat(read.srid()).isEqualTo(OptionalInt.of(4326));
    }

    @Test
    void spellsAGeometryParameterAsWkbWithItsSridAsAConstant() {
        assertThat(dialect.placeholder(Geometry.ofWkt("POINT(1 2)", 3857))).isEqualTo("st_geomfromwkb(unhex(?), 3857)");
    }

    @Test
    void takesATimestampsTypeFromTheDescriptionForTheDriverReportsBothKindsAsTimestamp() {
        Column reported = new Column("c1", ColumnType.TIMESTAMP_WITH_TIME_ZONE, "TIMESTAMP");
        Column instant = new Column("t", ColumnType.TIMESTAMP_WITH_TIME_ZONE, "timestamp");
        Column local = new Column("t", ColumnType.TIMESTAMP, "timestamp_ntz");
        assertThat(dialect.resultColumn(instant, reported)).isEqualTo(instant);
        assertThat(dialect.resultColumn(local, reported)).isEqualTo(local);
    }

    @Test
    void keepsWhatTheResultReportsForOtherColumns() {
        Column reported = new Column("c1", ColumnType.INTEGER, "BIGINT");
        assertThat(dialect.resultColumn(new Column("n", ColumnType.STRING, "void"), reported))
                .isEqualTo(reported);
    }
}
