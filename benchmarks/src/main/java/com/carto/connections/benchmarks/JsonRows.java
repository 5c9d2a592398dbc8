package com.carto.connections.benchmarks;

import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Locale;

/**
 * (2) The same rows written as SQL API JSON by {@code QueryResult.writeJson}, against a hand-written
 * {@link JsonGenerator} loop over the same raw binary JDBC, producing the same document shape.
 */
final class JsonRows implements Benchmark {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    private static final String[] NAMES = {"id", "small", "ratio", "amount", "label", "at", "flag", "day"};
    private static final String[] TYPES = {
        "integer", "integer", "float", "decimal", "string", "timestamp_with_time_zone", "boolean", "date"
    };

    @Override
    public String key() {
        return "json";
    }

    @Override
    public Outcome run(BenchEnvironment environment) throws Exception {
        return SideBySide.compare(
                environment,
                String.format(
                        Locale.ROOT,
                        "(2) %,d rows × 8 columns to JSON",
                        environment.sizes().rows()),
                "rows",
                1.5,
                () -> raw(environment),
                () -> sdk(environment),
                "Reference: a JsonGenerator loop over raw binary pgjdbc, same shape, OffsetDateTime/LocalDate toString().");
    }

    static long raw(BenchEnvironment environment) throws Exception {
        long started = System.nanoTime();
        long rows = 0;
        DiscardingOutputStream out = new DiscardingOutputStream();
        try (Connection connection = environment.rawPool().getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(StreamRows.SQL);
                    JsonGenerator json = JSON.createGenerator(out)) {
                statement.setFetchSize(BenchEnvironment.FETCH_SIZE);
                try (ResultSet resultSet = statement.executeQuery()) {
                    json.writeStartObject();
                    json.writeArrayFieldStart("schema");
                    for (int index = 0; index < NAMES.length; index++) {
                        json.writeStartObject();
                        json.writeStringField("name", NAMES[index]);
                        json.writeStringField("type", TYPES[index]);
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                    json.writeArrayFieldStart("rows");
                    while (resultSet.next()) {
                        json.writeStartObject();
                        json.writeNumberField("id", resultSet.getLong(1));
                        json.writeNumberField("small", resultSet.getInt(2));
                        double ratio = resultSet.getDouble(3);
                        json.writeFieldName("ratio");
                        if (Double.isFinite(ratio)) {
                            json.writeNumber(ratio);
                        } else {
                            json.writeString(Double.toString(ratio));
                        }
                        BigDecimal amount = resultSet.getBigDecimal(4);
                        json.writeNumberField("amount", amount);
                        json.writeStringField("label", resultSet.getString(5));
                        json.writeStringField(
                                "at",
                                resultSet.getObject(6, OffsetDateTime.class).toString());
                        json.writeBooleanField("flag", resultSet.getBoolean(7));
                        json.writeStringField(
                                "day", resultSet.getObject(8, LocalDate.class).toString());
                        json.writeEndObject();
                        rows++;
                    }
                    json.writeEndArray();
                    json.writeObjectFieldStart("meta");
                    json.writeNumberField("rowCount", rows);
                    json.writeNumberField("elapsedMs", (System.nanoTime() - started) / 1_000_000);
                    json.writeEndObject();
                    json.writeEndObject();
                }
            }
            connection.commit();
        }
        environment.blackhole().consume(out.bytes());
        return rows;
    }

    static long sdk(BenchEnvironment environment) throws Exception {
        DiscardingOutputStream out = new DiscardingOutputStream();
        try (QueryResult result = environment.client().query(Query.sql(StreamRows.SQL))) {
            result.writeJson(out);
            environment.blackhole().consume(out.bytes());
            return result.rowCount();
        }
    }
}
