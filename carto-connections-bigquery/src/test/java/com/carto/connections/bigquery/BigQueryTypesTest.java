package com.carto.connections.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.query.Column;
import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Geometry;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.LegacySQLTypeName;
import com.google.cloud.bigquery.StandardSQLTypeName;
import java.math.BigDecimal;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BigQueryTypesTest {
    @RegisterExtension
    static final TestConnections CONNECTIONS = new TestConnections();

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "BOOL, BOOLEAN",
        "INT64, INTEGER",
        "FLOAT64, FLOAT",
        "NUMERIC, DECIMAL",
        "BIGNUMERIC, DECIMAL",
        "STRING, STRING",
        "INTERVAL, STRING",
        "RANGE, STRING",
        "BYTES, BYTES",
        "STRUCT, STRUCT",
        "ARRAY, ARRAY",
        "TIMESTAMP, TIMESTAMP_WITH_TIME_ZONE",
        "DATE, DATE",
        "TIME, TIME",
        "DATETIME, TIMESTAMP",
        "GEOGRAPHY, GEOMETRY",
        "JSON, JSON"
    })
    void normalizesEveryBigQueryType(StandardSQLTypeName type, ColumnType expected) {
        assertThat(BigQueryValues.scalarType(type)).isEqualTo(expected);
    }

    @Test
    void knowsEveryTypeOfTheClientLibrary() {
        assertThat(StandardSQLTypeName.values()).hasSize(17);
    }

    @Test
    void returnsAGeographyPolygonAsWkbWithSrid4326() {
        Geometry geometry = (Geometry) single("select st_geogfromtext('POLYGON((0 0, 1 0, 1 1, 0 0))') as g");
        assertThat(geometry.srid()).isEqualTo(4326);
        assertThat(geometry.toJts().getGeometryType()).isEqualTo("Polygon");
        assertThat(geometry.toJts().getCoordinates()).hasSize(4);
        assertThat(geometry.wkb()[0]).as("little-endian WKB").isEqualTo((byte) 1);
    }

    @Test
    void keepsBigNumericValuesExact() {
        try (QueryResult result =
                query("select cast('123456789012345678901234567890.1234567891' as numeric(45, 10)) as big")) {
            assertThat(result.columns()).containsExactly(new Column("big", ColumnType.DECIMAL, "BIGNUMERIC"));
            assertThat(result.next()).isTrue();
            assertThat(result.value(0)).isEqualTo(new BigDecimal("123456789012345678901234567890.1234567891"));
        }
    }

    @Test
    void readsBytesTimeAndJson() {
        try (QueryResult result = query("select X'010203' as b, time '12:34:56.5' as t, json '{\"a\":1}' as j")) {
            assertThat(result.columns())
                    .extracting(Column::type)
                    .containsExactly(ColumnType.BYTES, ColumnType.TIME, ColumnType.JSON);
            assertThat(result.next()).isTrue();
            assertThat(result.value("b")).isEqualTo(new byte[] {1, 2, 3});
            assertThat(result.value("t")).isEqualTo(LocalTime.of(12, 34, 56, 500_000_000));
            assertThat(result.value("j")).isEqualTo("{\"a\":1}");
        }
    }

    @Test
    void returnsARepeatedColumnAsAList() {
        try (QueryResult result = query("select array[cast(1 as bigint), 2, 3] as numbers")) {
            assertThat(result.columns()).containsExactly(new Column("numbers", ColumnType.ARRAY, "ARRAY<INT64>"));
            assertThat(result.next()).isTrue();
            assertThat(result.value(0)).isEqualTo(List.of(1L, 2L, 3L));
        }
    }

    @Test
    void returnsNullForANullOfEveryType() {
        try (QueryResult result = query("select cast(null as bigint) as i, cast(null as numeric(10, 2)) as d,"
                + " cast(null as timestamp with time zone) as tstz, cast(null as geometry) as g, cast(null as varbinary) as b,"
                + " cast(null as bigint array) as a")) {
            assertThat(result.next()).isTrue();
            assertThat(result.values()).containsOnlyNulls().hasSize(6);
        }
    }

    @Test
    void returnsAStructColumnAsAMapByFieldName() {
        try (QueryResult result =
                query("select cast(row(1.5, 'hi', st_geogpoint(1, 2)) as row(x numeric(2, 1), label varchar,"
                        + " point geometry)) as st")) {
            assertThat(result.columns())
                    .containsExactly(
                            new Column("st", ColumnType.STRUCT, "STRUCT<x NUMERIC, label STRING, point GEOGRAPHY>"));
            assertThat(result.next()).isTrue();
            @SuppressWarnings("unchecked")
            Map<String, Object> value = (Map<String, Object>) result.value(0);
            assertThat(value.keySet()).containsExactly("x", "label", "point");
            assertThat(value.get("x")).isEqualTo(new BigDecimal("1.5"));
            assertThat(value.get("label")).isEqualTo("hi");
            assertThat(((Geometry) value.get("point")).srid()).isEqualTo(4326);
        }
    }

    @Test
    void decodesAStructWithANullField() {
        Field x = Field.of("x", LegacySQLTypeName.NUMERIC);
        Field label = Field.of("label", LegacySQLTypeName.STRING);
        Field point = Field.of("point", LegacySQLTypeName.GEOGRAPHY);
        Field record =
                Field.newBuilder("r", LegacySQLTypeName.RECORD, x, label, point).build();
        FieldValue cell = FieldValue.of(
                FieldValue.Attribute.RECORD,
                FieldValueList.of(
                        Arrays.asList(
                                FieldValue.of(FieldValue.Attribute.PRIMITIVE, "1.5"),
                                FieldValue.of(FieldValue.Attribute.PRIMITIVE, "hi"),
                                FieldValue.of(FieldValue.Attribute.PRIMITIVE, null)),
                        FieldList.of(x, label, point)));
        assertThat(BigQueryValues.columnType(record)).isEqualTo(ColumnType.STRUCT);
        assertThat(BigQueryValues.nativeType(record)).isEqualTo("STRUCT<x NUMERIC, label STRING, point GEOGRAPHY>");
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) BigQueryValues.value(record, cell);
        assertThat(value.keySet()).containsExactly("x", "label", "point");
        assertThat(value.get("x")).isEqualTo(new BigDecimal("1.5"));
        assertThat(value.get("label")).isEqualTo("hi");
        assertThat(value.get("point")).isNull();
    }

    @Test
    void readsTimestampsInTheFloatSecondsTheServiceWrites() {
        Field field = Field.of("ts", LegacySQLTypeName.TIMESTAMP);
        Object value =
                BigQueryValues.value(field, FieldValue.of(FieldValue.Attribute.PRIMITIVE, "1.704164645123456E9"));
        assertThat(value).hasToString("2024-01-02T03:04:05.123456Z");
    }

    private static Object single(String sql) {
        try (QueryResult result = query(sql)) {
            assertThat(result.next()).isTrue();
            return result.value(0);
        }
    }

    private static QueryResult query(String sql) {
        return CONNECTIONS.serviceAccountClient().query(Query.sql(sql));
    }
}
