package com.carto.connections.bigquery;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Column;
import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Geometry;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.StandardSQLTypeName;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * BigQuery's types to the normalized ones, and {@code f}/{@code v} cells to their Java values. GEOGRAPHY arrives
 * as WKT and becomes WKB with SRID 4326 (BigQuery geographies are always WGS 84); NUMERIC and BIGNUMERIC stay exact.
 */
final class BigQueryValues {
    static final int GEOGRAPHY_SRID = 4326;

    private BigQueryValues() {}

    static ColumnType columnType(Field field) {
        if (field.getMode() == Field.Mode.REPEATED) {
            return ColumnType.ARRAY;
        }
        return scalarType(field.getType().getStandardType());
    }

    static ColumnType scalarType(StandardSQLTypeName type) {
        return switch (type) {
            case BOOL -> ColumnType.BOOLEAN;
            case INT64 -> ColumnType.INTEGER;
            case FLOAT64 -> ColumnType.FLOAT;
            case NUMERIC, BIGNUMERIC -> ColumnType.DECIMAL;
            case STRING, INTERVAL, RANGE -> ColumnType.STRING;
            case BYTES -> ColumnType.BYTES;
            case STRUCT -> ColumnType.STRUCT;
            case ARRAY -> ColumnType.ARRAY;
            case TIMESTAMP -> ColumnType.TIMESTAMP_WITH_TIME_ZONE;
            case DATE -> ColumnType.DATE;
            case TIME -> ColumnType.TIME;
            case DATETIME -> ColumnType.TIMESTAMP;
            case GEOGRAPHY -> ColumnType.GEOMETRY;
            case JSON -> ColumnType.JSON;
        };
    }

    /** GoogleSQL spelling: {@code INT64}, {@code ARRAY<STRING>}, {@code STRUCT<x INT64, y STRING>}. */
    static String nativeType(Field field) {
        String scalar = field.getType().getStandardType() == StandardSQLTypeName.STRUCT && field.getSubFields() != null
                ? "STRUCT<"
                        + field.getSubFields().stream()
                                .map(sub -> sub.getName() + " " + nativeType(sub))
                                .collect(Collectors.joining(", "))
                        + ">"
                : field.getType().getStandardType().name();
        return field.getMode() == Field.Mode.REPEATED ? "ARRAY<" + scalar + ">" : scalar;
    }

    static List<Column> columns(FieldList fields) {
        List<Column> columns = new ArrayList<>(fields.size());
        for (Field field : fields) {
            columns.add(new Column(field.getName(), columnType(field), nativeType(field)));
        }
        return columns;
    }

    static @Nullable Object value(Field field, @Nullable FieldValue cell) {
        if (cell == null || cell.isNull()) {
            return null;
        }
        if (field.getMode() == Field.Mode.REPEATED) {
            List<Object> elements = new ArrayList<>();
            for (FieldValue element : cell.getRepeatedValue()) {
                elements.add(scalar(field, element));
            }
            return Collections.unmodifiableList(elements);
        }
        return scalar(field, cell);
    }

    private static @Nullable Object scalar(Field field, FieldValue cell) {
        if (cell.isNull()) {
            return null;
        }
        try {
            return switch (field.getType().getStandardType()) {
                case BOOL -> cell.getBooleanValue();
                case INT64 -> cell.getLongValue();
                case FLOAT64 -> cell.getDoubleValue();
                case NUMERIC, BIGNUMERIC -> cell.getNumericValue();
                case STRING, INTERVAL, RANGE, JSON -> cell.getStringValue();
                case BYTES -> cell.getBytesValue();
                case TIMESTAMP -> OffsetDateTime.ofInstant(cell.getTimestampInstant(), ZoneOffset.UTC);
                case DATE -> LocalDate.parse(cell.getStringValue());
                case TIME -> LocalTime.parse(cell.getStringValue());
                case DATETIME -> LocalDateTime.parse(cell.getStringValue().replace(' ', 'T'));
                case GEOGRAPHY -> Geometry.ofWkt(cell.getStringValue(), GEOGRAPHY_SRID);
                case STRUCT, ARRAY -> struct(field.getSubFields(), cell.getRecordValue());
            };
        } catch (RuntimeException e) {
            throw new ConnectionException(
                    ErrorCategory.INTERNAL,
                    "BigQuery sent a " + nativeType(field) + " value in column " + field.getName()
                            + " that does not parse (" + e.getClass().getSimpleName() + ")",
                    e);
        }
    }

    private static Map<String, Object> struct(FieldList fields, FieldValueList record) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int index = 0; index < fields.size(); index++) {
            values.put(fields.get(index).getName(), value(fields.get(index), record.get(index)));
        }
        return Collections.unmodifiableMap(values);
    }
}
