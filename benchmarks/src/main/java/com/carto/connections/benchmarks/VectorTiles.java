package com.carto.connections.benchmarks;

import static java.util.Objects.requireNonNull;

import com.carto.connections.query.Geometry;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.tiles.TileCoordinates;
import com.carto.connections.tiles.TileGeometries;
import com.carto.connections.tiles.VectorTileWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.locationtech.jts.geom.Envelope;

/**
 * (8) Vector tiles of {@code bench_points} over a fixed list of tiles: the SDK's client-side path (the buffered tile
 * pushed down as a bounding box in degrees, the rows read through the SDK, projected, clipped and encoded by the
 * {@code tiles} package) against PostGIS building each tile itself ({@code ST_AsMVT} over {@code ST_AsMVTGeom} and
 * {@code ST_TileEnvelope}), raw JDBC. The client path is what BigQuery, Snowflake, Databricks and Redshift will use;
 * PostgreSQL will push the tile down, so the ratio says what the client path costs, not a target.
 */
final class VectorTiles implements Benchmark {
    private static final int EXTENT = 4096;
    private static final int BUFFER = 64;

    /** Tiles along the diagonals {@code bench_points} draws across the world, zoom 2 to 9, each once. */
    static final List<TileCoordinates> TILES = tiles(36);

    @Override
    public String key() {
        return "tiles";
    }

    @Override
    public Outcome run(BenchEnvironment environment) throws Exception {
        indexPoints(environment);
        long[] postgisBytes = new long[1];
        long[] sdkBytes = new long[1];
        Outcome outcome = SideBySide.compare(
                environment,
                String.format(
                        Locale.ROOT,
                        "(8) vector tiles: %d tiles of %,d points",
                        TILES.size(),
                        environment.sizes().points()),
                "tiles",
                0,
                () -> postgis(environment, postgisBytes),
                () -> sdk(environment, sdkBytes),
                "");
        return new Outcome(
                outcome.name(),
                outcome.baseline(),
                outcome.sdk(),
                outcome.ratio(),
                "report only",
                true,
                "Reference: ST_AsMVT(ST_AsMVTGeom(ST_Transform(geom, 3857), ST_TileEnvelope(z, x, y), 4096, 64)), id as the"
                        + " feature id,"
                        + " per tile on the server; SDK: the buffered tile in degrees as a bounding box, rows through"
                        + " the SDK, encoded on the client."
                        + outcome.notes()
                        + String.format(
                                Locale.ROOT,
                                " Bytes per tile (last round): PostGIS %,d, SDK %,d.",
                                postgisBytes[0] / TILES.size(),
                                sdkBytes[0] / TILES.size()));
    }

    /** A tile reads a small window of the table, as a map's tiles do: both sides need the spatial index for that. */
    static void indexPoints(BenchEnvironment environment) {
        environment
                .postgres()
                .psql(
                        environment.database(),
                        "create index if not exists bench_points_geom on bench_points using gist (geom);"
                                + " analyze bench_points");
    }

    /** z, x, y and the buffered tile in degrees, as marks 1 to 7 of a raw {@code ST_AsMVT} statement. */
    static void bindTile(PreparedStatement statement, TileCoordinates tile) throws SQLException {
        Envelope box = tile.degreesEnvelope(EXTENT, BUFFER);
        statement.setInt(1, tile.z());
        statement.setInt(2, tile.x());
        statement.setInt(3, tile.y());
        statement.setDouble(4, box.getMinX());
        statement.setDouble(5, box.getMinY());
        statement.setDouble(6, box.getMaxX());
        statement.setDouble(7, box.getMaxY());
    }

    static long postgis(BenchEnvironment environment, long[] bytes) throws Exception {
        long total = 0;
        try (Connection connection = environment.rawPool().getConnection();
                PreparedStatement statement =
                        connection.prepareStatement("select ST_AsMVT(q, 'points', 4096, 'geom', 'id')"
                                + " from (select id, ST_AsMVTGeom(ST_Transform(geom, 3857), ST_TileEnvelope(?, ?, ?), 4096, 64)"
                                + " as geom from bench_points where geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)) q")) {
            for (TileCoordinates tile : TILES) {
                // The same bounding box as the SDK's: ST_Transform(ST_TileEnvelope(…, margin), 4326) wraps around the
                // antimeridian at the world's edge tiles and would leave their buffers' features out.
                bindTile(statement, tile);
                try (ResultSet resultSet = statement.executeQuery()) {
                    resultSet.next();
                    // ST_AsMVT over no rows is an empty bytea, never null; a null would be a tile that failed.
                    byte[] tileBytes = requireNonNull(resultSet.getBytes(1), "tile");
                    total += tileBytes.length;
                    environment.blackhole().consume(tileBytes);
                }
            }
        }
        bytes[0] = total;
        return TILES.size();
    }

    static long sdk(BenchEnvironment environment, long[] bytes) throws Exception {
        long total = 0;
        for (TileCoordinates tile : TILES) {
            Envelope box = tile.degreesEnvelope(EXTENT, BUFFER);
            TileGeometries toTile = new TileGeometries(tile, EXTENT, BUFFER, TileGeometries.Space.DEGREES);
            VectorTileWriter writer = new VectorTileWriter();
            VectorTileWriter.Layer layer = writer.layer("points", EXTENT);
            Query query = Query.sql("select id, geom from bench_points where geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)")
                    .params(box.getMinX(), box.getMinY(), box.getMaxX(), box.getMaxY());
            try (QueryResult rows = environment.client().query(query)) {
                while (rows.next()) {
                    Geometry geometry = (Geometry) rows.value(1);
                    if (geometry != null) {
                        layer.addFeature(rows.longValue(0), toTile.toTile(geometry.toJts()), Map.of());
                    }
                }
            }
            byte[] tileBytes = writer.toByteArray();
            total += tileBytes.length;
            environment.blackhole().consume(tileBytes);
        }
        bytes[0] = total;
        return TILES.size();
    }

    /** {@code steps} points spread evenly along the diagonals, each point's tile at zoom 2 to 9 in turn, distinct. */
    static List<TileCoordinates> tiles(int steps) {
        Set<TileCoordinates> tiles = new LinkedHashSet<>();
        long spacing = 36_000L / steps;
        for (int step = 0; step < steps; step++) {
            long g = spacing * step + spacing / 2;
            double longitude = -180 + (g % 36_000) * 0.01;
            double latitude = -90 + (g % 18_000) * 0.01;
            if (Math.abs(latitude) >= TileCoordinates.MAX_LATITUDE) {
                continue;
            }
            int z = 2 + step % 8;
            int count = 1 << z;
            int x = (int) Math.floor((longitude + 180) / 360 * count);
            double sinLatitude = Math.sin(Math.toRadians(latitude));
            double mercatorY = 0.5 - Math.log((1 + sinLatitude) / (1 - sinLatitude)) / (4 * Math.PI);
            int y = (int) Math.floor(mercatorY * count);
            tiles.add(new TileCoordinates(z, Math.min(x, count - 1), Math.min(y, count - 1)));
        }
        return new ArrayList<>(tiles);
    }
}
