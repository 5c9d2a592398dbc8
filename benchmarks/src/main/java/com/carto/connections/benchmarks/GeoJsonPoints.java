package com.carto.connections.benchmarks;

import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Locale;

/**
 * (3) A FeatureCollection of every PostGIS point: the SDK reads binary EWKB and writes GeoJSON on the client, against
 * PostGIS building each Feature itself ({@code ST_AsGeoJSON(t.*)}, streamed as text and joined by the client).
 */
final class GeoJsonPoints implements Benchmark {
    private static final byte[] HEAD =
            "{\"type\":\"FeatureCollection\",\"features\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TAIL = "]}".getBytes(StandardCharsets.UTF_8);

    @Override
    public String key() {
        return "geojson";
    }

    @Override
    public Outcome run(BenchEnvironment environment) throws Exception {
        return SideBySide.compare(
                environment,
                String.format(
                        Locale.ROOT,
                        "(3) GeoJSON export of %,d PostGIS points",
                        environment.sizes().points()),
                "features",
                2.5,
                () -> postgis(environment),
                () -> sdk(environment),
                "Reference: ST_AsGeoJSON(t.*) per row on the server (9 decimal digits), streamed as text, joined with commas.");
    }

    static long postgis(BenchEnvironment environment) throws Exception {
        long features = 0;
        DiscardingOutputStream sink = new DiscardingOutputStream();
        try (Connection connection = environment.rawPool().getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement =
                            connection.prepareStatement("select ST_AsGeoJSON(t.*) from bench_points t");
                    OutputStream out = new BufferedOutputStream(sink, 8192)) {
                statement.setFetchSize(BenchEnvironment.FETCH_SIZE);
                out.write(HEAD);
                try (ResultSet resultSet = statement.executeQuery()) {
                    while (resultSet.next()) {
                        if (features++ > 0) {
                            out.write(',');
                        }
                        out.write(resultSet.getString(1).getBytes(StandardCharsets.UTF_8));
                    }
                }
                out.write(TAIL);
            }
            connection.commit();
        }
        environment.blackhole().consume(sink.bytes());
        return features;
    }

    static long sdk(BenchEnvironment environment) throws Exception {
        DiscardingOutputStream out = new DiscardingOutputStream();
        try (QueryResult result = environment.client().query(Query.sql("select id, geom from bench_points"))) {
            result.writeGeoJson(out);
            environment.blackhole().consume(out.bytes());
            return result.rowCount();
        }
    }
}
