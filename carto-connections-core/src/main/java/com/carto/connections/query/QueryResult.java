package com.carto.connections.query;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A streaming query result: a cursor over rows that are read from the warehouse as they are needed, so memory
 * stays constant whatever the row count. Not thread-safe; close it (try-with-resources) to return its
 * connection, which also cancels a statement still running.
 *
 * <p>Values are normalized: their Java class follows each column's {@link ColumnType}; SQL NULL is {@code null}.
 * A failure while reading (the warehouse went away, a limit was reached) is a {@link ConnectionException}.
 *
 * <p>The {@code write…} methods stream the rows not yet read to an output stream, in constant memory, flushing
 * after the first row and then periodically, so bytes leave before the query finishes. They neither close the
 * result nor the stream. Values are spelled the same way in every format: decimals exact and plain, dates and
 * times ISO-8601 ({@code Z} for UTC), bytes base64, NaN and infinities as the strings {@code "NaN"},
 * {@code "Infinity"}, {@code "-Infinity"}; PostgreSQL's date and timestamp infinities as {@code "infinity"} and
 * {@code "-infinity"}, time {@code 24:00} as {@code "24:00:00"}. When reading fails part way, or a value has no form
 * in the format (a curved geometry or a NaN coordinate in GeoJSON: {@link ErrorCategory#UNSUPPORTED} naming the
 * column and row), the failure is rethrown after the rows before it; only {@link #writeJson} closes its document
 * first, with the error in {@code meta}.
 */
public interface QueryResult extends AutoCloseable {
    List<Column> columns();

    /** Moves to the next row; false when there is none. */
    boolean next();

    /** The current row's value in the column at a zero-based index. */
    @Nullable
    Object value(int columnIndex);

    /** Rows read so far. */
    long rowCount();

    /**
     * The current row's value in an {@link ColumnType#INTEGER} column as a {@code long}, 0 for SQL NULL (tell the
     * two apart with {@link #isNull}). Results that can read it without boxing do; the default unboxes {@link #value}.
     *
     * @throws ClassCastException when the column's values are not numbers
     */
    default long longValue(int columnIndex) {
        Object value = value(columnIndex);
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** The current row's value in a {@link ColumnType#FLOAT} column as a {@code double}, 0 for SQL NULL; see {@link #longValue}. */
    default double doubleValue(int columnIndex) {
        Object value = value(columnIndex);
        return value == null ? 0 : ((Number) value).doubleValue();
    }

    /** Whether the current row's value in the column is SQL NULL. */
    default boolean isNull(int columnIndex) {
        return value(columnIndex) == null;
    }

    /** A copy of the current row's values. */
    default List<Object> values() {
        int count = columns().size();
        List<Object> values = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            values.add(value(index));
        }
        return values;
    }

    /** The current row's value in the first column with that name. */
    default @Nullable Object value(String columnName) {
        List<Column> columns = columns();
        for (int index = 0; index < columns.size(); index++) {
            if (columns.get(index).name().equals(columnName)) {
                return value(index);
            }
        }
        throw new IllegalArgumentException("no column named " + columnName + " in " + columns);
    }

    /**
     * Writes the rows as a SQL API response:
     * <pre>{@code
     * {"schema":[{"name":"id","type":"integer"},{"name":"geom","type":"geometry"}],
     *  "rows":[{"id":1,"geom":{"type":"Point","coordinates":[1.0,2.0]}}],
     *  "meta":{"rowCount":1,"elapsedMs":12}}
     * }</pre>
     * {@code type} is the {@link ColumnType} in lower case; a row is an object keyed by column name (a duplicated
     * name appears twice); geometry is a GeoJSON geometry object; a JSON column is embedded as JSON;
     * {@code elapsedMs} is the time spent writing. A failure while reading adds
     * {@code "error":{"category":"LIMIT_EXCEEDED","message":"…"}} to {@code meta}, then is rethrown.
     */
    default void writeJson(OutputStream out) throws IOException {
        SqlApiJsonWriter.write(this, out);
    }

    /**
     * Writes the rows as a GeoJSON FeatureCollection, the geometry from the first {@link ColumnType#GEOMETRY}
     * column and every other column a property. Coordinates are written as stored whatever the SRID; GeoJSON means
     * WGS 84, so select {@code ST_Transform(geom, 4326)} (or the warehouse's equivalent) for other SRIDs.
     *
     * @throws ConnectionException {@link ErrorCategory#INVALID_CONFIGURATION}, before writing anything, when the
     *     result has no geometry column
     */
    default void writeGeoJson(OutputStream out) throws IOException {
        GeoJsonWriter.write(this, out, Optional.empty());
    }

    /**
     * Writes the rows as a GeoJSON FeatureCollection with the geometry from the named column.
     *
     * @throws ConnectionException {@link ErrorCategory#INVALID_CONFIGURATION}, before writing anything, when there
     *     is no such column or it is not a geometry
     */
    default void writeGeoJson(OutputStream out, String geometryColumn) throws IOException {
        GeoJsonWriter.write(this, out, Optional.of(Objects.requireNonNull(geometryColumn, "geometryColumn is null")));
    }

    /**
     * Writes the rows as RFC 4180 CSV in UTF-8 with a header row and CRLF line ends; SQL NULL is an empty field,
     * the empty string {@code ""}, geometry WKT.
     */
    default void writeCsv(OutputStream out) throws IOException {
        CsvWriter.write(this, out);
    }

    /** Writes the rows as newline-delimited JSON: one object per row as in {@link #writeJson}, each ending in {@code \n}. */
    default void writeNdjson(OutputStream out) throws IOException {
        NdjsonWriter.write(this, out);
    }

    @Override
    void close();
}
