package com.carto.connections.benchmarks;

import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Locale;
import org.openjdk.jmh.infra.Blackhole;

/**
 * (1) Every row of the 8-column table through {@code WarehouseClient.query}, each value handed to a black hole,
 * against raw pgjdbc through HikariCP reading each column with its typed getter (binary transfer, fetch size 10,000).
 * {@link StreamRowsBoxed} is the same through {@code value(i)} alone.
 */
final class StreamRows implements Benchmark {
    static final String SQL = "select id, small, ratio, amount, label, at, flag, day from bench_rows";

    @Override
    public String key() {
        return "stream";
    }

    @Override
    public Outcome run(BenchEnvironment environment) throws Exception {
        return SideBySide.compare(
                environment,
                String.format(
                        Locale.ROOT,
                        "(1) stream %,d rows × 8 columns to a discarding sink",
                        environment.sizes().rows()),
                "rows",
                1.0,
                () -> raw(environment),
                () -> sdk(environment),
                "Reference: raw pgjdbc + HikariCP, prepareThreshold=-1, fetch size 10,000, typed getters."
                        + " SDK: longValue/doubleValue for the integer and float columns, value(i) for the rest, written out per"
                        + " column as the reference is.");
    }

    static long raw(BenchEnvironment environment) throws Exception {
        Blackhole sink = environment.blackhole();
        long rows = 0;
        try (Connection connection = environment.rawPool().getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(SQL)) {
                statement.setFetchSize(BenchEnvironment.FETCH_SIZE);
                try (ResultSet resultSet = statement.executeQuery()) {
                    while (resultSet.next()) {
                        sink.consume(resultSet.getLong(1));
                        sink.consume(resultSet.getInt(2));
                        sink.consume(resultSet.getDouble(3));
                        sink.consume(resultSet.getBigDecimal(4));
                        sink.consume(resultSet.getString(5));
                        sink.consume(resultSet.getObject(6, OffsetDateTime.class));
                        sink.consume(resultSet.getBoolean(7));
                        sink.consume(resultSet.getObject(8, LocalDate.class));
                        rows++;
                    }
                }
            }
            connection.commit();
        }
        return rows;
    }

    /**
     * Each column read the way its type suggests, written out for this table's columns just as the reference is:
     * the primitive accessors for the integer and float columns, {@code value(i)} for the rest.
     */
    static long sdk(BenchEnvironment environment) {
        Blackhole sink = environment.blackhole();
        try (QueryResult result = environment.client().query(Query.sql(SQL))) {
            while (result.next()) {
                sink.consume(result.longValue(0));
                sink.consume(result.longValue(1));
                sink.consume(result.doubleValue(2));
                sink.consume(result.value(3));
                sink.consume(result.value(4));
                sink.consume(result.value(5));
                sink.consume(result.value(6));
                sink.consume(result.value(7));
            }
            return result.rowCount();
        }
    }

    /** Every value as an object through {@code value(i)}, so integers and floats are boxed. */
    static long sdkBoxed(BenchEnvironment environment) {
        Blackhole sink = environment.blackhole();
        try (QueryResult result = environment.client().query(Query.sql(SQL))) {
            int columns = result.columns().size();
            while (result.next()) {
                for (int index = 0; index < columns; index++) {
                    sink.consume(result.value(index));
                }
            }
            return result.rowCount();
        }
    }
}
