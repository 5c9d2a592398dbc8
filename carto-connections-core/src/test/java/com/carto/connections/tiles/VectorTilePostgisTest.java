package com.carto.connections.tiles;

import com.carto.connections.testing.PostgresFixture;
import com.carto.connections.testing.VectorTileDecoder;
import com.carto.connections.tiles.TileGeometries.Space;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.locationtech.jts.algorithm.distance.DiscreteHausdorffDistance;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * Whole tiles, both ways, decoded and compared feature by feature: PostGIS building the tile ({@code ST_AsMVT} over
 * {@code ST_AsMVTGeom}, the ids as feature ids) and the client-side path (the buffered tile in degrees as a bounding
 * box, the rows' geometries through {@link TileGeometries} and {@link VectorTileWriter}). The same feature ids in
 * each tile, of the same type, points on the same units and the rest within a unit and a half.
 */
class VectorTilePostgisTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static final List<TileCoordinates> TILES = List.of(
            new TileCoordinates(0, 0, 0),
            new TileCoordinates(3, 1, 3),
            new TileCoordinates(6, 10, 24),
            new TileCoordinates(10, 163, 395),
            new TileCoordinates(12, 655, 1582),
            new TileCoordinates(2, 3, 1),
            new TileCoordinates(1, 1, 1));

    @Test
    void theClientSidePathWritesTheFeaturesPostgisWritesForTheSameTile() {
        String database = POSTGRES.createDatabase("tiles", true);
        POSTGRES.psql(
                database,
                "create table places (id bigint primary key, geom geometry(Geometry, 4326));"
                        // A grid of points (some repeated at one place), lines and polygons over the world,
                        // San Francisco's tiles included, and shapes that cross the antimeridian's edge.
                        + " insert into places select g, ST_SetSRID(ST_MakePoint(-180 + (g % 3600) * 0.1,"
                        + " -80 + (g % 1600) * 0.1), 4326) from generate_series(1, 20000) g;"
                        + " insert into places select 100000 + g, ST_SetSRID(ST_MakePoint(-122.45 + (g % 50) * 0.002,"
                        + " 37.75 + (g / 50) * 0.002), 4326) from generate_series(0, 2499) g;"
                        + " insert into places values"
                        + " (200001, 'SRID=4326;LINESTRING(-130 30, -110 45, -100 20)'),"
                        + " (200002, 'SRID=4326;LINESTRING(-179 -60, 179 60)'),"
                        + " (200003, 'SRID=4326;POLYGON((-125 32, -114 32, -114 42, -125 42, -125 32))'),"
                        + " (200004, 'SRID=4326;POLYGON((-123 37, -122 37, -122 38.5, -123 38.5, -123 37),"
                        + " (-122.6 37.6, -122.3 37.6, -122.3 37.9, -122.6 37.9, -122.6 37.6))'),"
                        + " (200005, 'SRID=4326;POLYGON((170 -20, 180 -20, 180 -10, 170 -10, 170 -20))'),"
                        + " (200006, 'SRID=4326;MULTIPOLYGON(((-10 50, 2 50, 2 60, -10 60, -10 50)),"
                        + " ((-122.48 37.72, -122.47 37.72, -122.47 37.73, -122.48 37.72)))'),"
                        + " (200007, 'SRID=4326;LINESTRING(-122.45 37.75, -122.44 37.751, -122.43 37.75, -122.40 37.79)');"
                        + " create index on places using gist (geom); analyze places");
        SoftAssertions softly = new SoftAssertions();
        int features = 0;
        for (TileCoordinates tile : TILES) {
            Map<Long, JsonNode> theirs =
                    VectorTileDecoder.featuresById(VectorTileDecoder.read(postgisTile(database, tile)));
            Map<Long, JsonNode> ours =
                    VectorTileDecoder.featuresById(VectorTileDecoder.read(clientTile(database, tile)));
            Set<Long> onlyOurs = new TreeSet<>(ours.keySet());
            onlyOurs.removeAll(theirs.keySet());
            Set<Long> onlyTheirs = new TreeSet<>(theirs.keySet());
            onlyTheirs.removeAll(ours.keySet());
            softly.assertThat(onlyOurs)
                    .as("feature ids only the client path writes in " + tile)
                    .isEmpty();
            softly.assertThat(onlyTheirs)
                    .as("feature ids only PostGIS writes in " + tile)
                    .isEmpty();
            for (Map.Entry<Long, JsonNode> feature : theirs.entrySet()) {
                JsonNode our = ours.get(feature.getKey());
                if (our == null) {
                    continue;
                }
                features++;
                int type = feature.getValue().path("type").asInt();
                String what = "feature " + feature.getKey() + " in " + tile;
                softly.assertThat(our.path("type").asInt()).as(what + " type").isEqualTo(type);
                Geometry theirGeometry = VectorTileDecoder.geometry(feature.getValue());
                Geometry ourGeometry = VectorTileDecoder.geometry(our);
                if (type == 1) {
                    softly.assertThat(ourGeometry.norm()).as(what).isEqualTo(theirGeometry.norm());
                } else {
                    softly.assertThat(DiscreteHausdorffDistance.distance(ourGeometry, theirGeometry))
                            .as(what + ": ours " + ourGeometry + ", PostGIS " + theirGeometry)
                            .isLessThanOrEqualTo(1.5);
                }
            }
        }
        softly.assertThat(features).as("features compared").isGreaterThan(3000);
        softly.assertAll();
    }

    private static byte[] postgisTile(String database, TileCoordinates tile) {
        String envelope = "ST_TileEnvelope(" + tile.z() + ", " + tile.x() + ", " + tile.y() + ")";
        String hex = POSTGRES.psql(
                database,
                "select encode(ST_AsMVT(q, 'places', 4096, 'geom', 'id'), 'hex') from (select id,"
                        + " ST_AsMVTGeom(ST_Transform(geom, 3857), " + envelope + ", 4096, 64) as geom from places"
                        // Filtered in metres: the buffered envelope transformed to degrees wraps around the
                        // antimeridian at the world's edge tiles (x beyond 180° comes back as -179°), so PostGIS's
                        // own degrees filter would leave their features out.
                        + " where ST_Transform(geom, 3857) && ST_TileEnvelope(" + tile.z() + ", " + tile.x() + ", "
                        + tile.y() + ", margin => 64.0 / 4096)) q");
        return HexFormat.of().parseHex(hex.replace("\n", ""));
    }

    private static byte[] clientTile(String database, TileCoordinates tile) {
        Envelope box = tile.degreesEnvelope(4096, 64);
        String rows = POSTGRES.psql(
                database,
                "select id || ';' || ST_AsText(geom) from places where geom && ST_MakeEnvelope(" + box.getMinX() + ", "
                        + box.getMinY() + ", " + box.getMaxX() + ", " + box.getMaxY() + ", 4326) order by id");
        TileGeometries toTile = new TileGeometries(tile, 4096, 64, Space.DEGREES);
        VectorTileWriter writer = new VectorTileWriter();
        VectorTileWriter.Layer layer = writer.layer("places", 4096);
        rows.lines().filter(line -> !line.isEmpty()).forEach(line -> {
            String[] fields = line.split(";", 2);
            layer.addFeature(
                    Long.parseLong(fields[0]), toTile.toTile(TileGeometriesTest.geometry(fields[1])), Map.of());
        });
        return writer.toByteArray();
    }
}
