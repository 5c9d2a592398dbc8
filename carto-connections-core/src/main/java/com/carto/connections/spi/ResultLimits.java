package com.carto.connections.spi;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Geometry;
import com.carto.connections.query.Query;
import java.util.List;
import java.util.Map;

/**
 * The row and byte limits of one query's result ({@link Query#maxRows()}, {@link Query#maxBytes()}), counted as a
 * provider's cursor reads rows, whatever the wire underneath (JDBC, REST pages). Not thread-safe, like the cursor.
 *
 * <p>The cursor calls {@link #beforeRow()} before it reads a row and {@link #afterRow(Object[])} with its values;
 * either throws {@link ErrorCategory#LIMIT_EXCEEDED}, after which the cursor releases what it holds. This is the one
 * place limits are counted: the JDBC base and the BigQuery provider both count through it.
 */
public final class ResultLimits {
    private final String what;
    private final long maxRows;
    private final long maxBytes;
    private long rows;
    private long bytes;

    private ResultLimits(String what, long maxRows, long maxBytes) {
        this.what = requireNonNull(what, "what is null");
        this.maxRows = maxRows;
        this.maxBytes = maxBytes;
    }

    /** The limits of {@code query}; {@code what} names the result in messages, e.g. {@code BigQuery job 1f3…}. */
    public static ResultLimits of(String what, Query query) {
        requireNonNull(query, "query is null");
        return new ResultLimits(
                what, query.maxRows().orElse(0), query.maxBytes().orElse(0));
    }

    /** Fails when the query may read no more rows: the row about to be read would be one too many. */
    public void beforeRow() {
        if (maxRows > 0 && rows == maxRows) {
            throw exceeded("more than " + maxRows + " rows");
        }
    }

    /** Counts a row that was read, and fails once its values bring the bytes read past the limit. */
    public void afterRow(Object[] values) {
        rows++;
        if (maxBytes > 0) {
            for (Object value : values) {
                bytes += estimateBytes(value);
            }
            if (bytes > maxBytes) {
                throw exceeded("more than " + maxBytes + " bytes");
            }
        }
    }

    /** The rows counted so far. */
    public long rows() {
        return rows;
    }

    /**
     * Whether {@link #afterRow} needs the row's values: only with a byte limit. A cursor that decodes values lazily
     * decodes them all before {@code afterRow} only then.
     */
    public boolean countsBytes() {
        return maxBytes > 0;
    }

    /**
     * What a normalized value weighs: text and binary their length, geometry its WKB, arrays and structs the sum of
     * their parts, anything else eight bytes.
     */
    public static long estimateBytes(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof String text) {
            return text.length();
        }
        if (value instanceof byte[] binary) {
            return binary.length;
        }
        if (value instanceof Geometry geometry) {
            return geometry.wkbLength();
        }
        if (value instanceof List<?> list) {
            return list.stream().mapToLong(ResultLimits::estimateBytes).sum();
        }
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().mapToLong(ResultLimits::estimateBytes).sum();
        }
        return 8;
    }

    private ConnectionException exceeded(String limit) {
        return new ConnectionException(
                ErrorCategory.LIMIT_EXCEEDED,
                what + " returned " + limit + "; stopped after reading " + rows + " rows (" + bytes + " bytes)");
    }
}
