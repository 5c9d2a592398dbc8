package com.carto.connections.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.testing.PostgresFixture;
import com.carto.connections.tiles.TileGeometries.Space;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.locationtech.jts.algorithm.distance.DiscreteHausdorffDistance;
import org.locationtech.jts.geom.Geometry;

/**
 * The client-side path against PostGIS's own {@code ST_AsMVTGeom(ST_Transform(g, 3857), ST_TileEnvelope(z, x, y), 4096,
 * 64, true)} on the same geometries and tiles: the same features are kept or dropped, points land on the same units,
 * and lines and polygons lie within a unit and a half of PostGIS's (the two clip and snap with different algorithms,
 * so vertices may round to neighbouring units) with areas within 2 %.
 */
class TileGeometriesPostgisTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static final List<String> SOURCES = List.of(
            "POINT (-122.4194 37.7749)",
            "MULTIPOINT ((-122.42 37.77), (-122.41 37.78), (10 10))",
            "POINT (179.99 -16.5)",
            "LINESTRING (-130 30, -110 45)",
            "LINESTRING (-179 -60, 179 60)",
            "LINESTRING (-122.45 37.75, -122.44 37.751, -122.43 37.75, -122.40 37.79)",
            "POLYGON ((-125 32, -114 32, -114 42, -125 42, -125 32))",
            "POLYGON ((-123 37, -122 37, -122 38.5, -123 38.5, -123 37), (-122.6 37.6, -122.3 37.6, -122.3 37.9,"
                    + " -122.6 37.9, -122.6 37.6))",
            "POLYGON ((-122.5 37.7, -122.35 37.7, -122.35 37.83, -122.5 37.83, -122.5 37.7))",
            "POLYGON ((170 -20, 180 -20, 180 -10, 170 -10, 170 -20))",
            "MULTIPOLYGON (((-10 50, 2 50, 2 60, -10 60, -10 50)), ((-122.48 37.72, -122.47 37.72, -122.47 37.73,"
                    + " -122.48 37.72)))",
            "POLYGON ((-180 -84, 180 -84, 180 -70, -180 -70, -180 -84))");

    private static final List<TileCoordinates> TILES = List.of(
            new TileCoordinates(0, 0, 0),
            new TileCoordinates(2, 0, 1),
            new TileCoordinates(2, 3, 2),
            new TileCoordinates(5, 5, 12),
            new TileCoordinates(10, 163, 395),
            new TileCoordinates(14, 2620, 6332));

    @Test
    void theClientSidePathKeepsTheFeaturesPostgisKeepsWhereItPutsThem() {
        String database = POSTGRES.createDatabase("tiles", true);
        List<String> rows = new ArrayList<>();
        for (int source = 0; source < SOURCES.size(); source++) {
            for (TileCoordinates tile : TILES) {
                rows.add("(" + source + ", " + tile.z() + ", " + tile.x() + ", " + tile.y() + ", '"
                        + SOURCES.get(source) + "')");
            }
        }
        String output = POSTGRES.psql(
                database,
                "select source, z, x, y, coalesce(ST_AsText(ST_AsMVTGeom(ST_Transform(ST_GeomFromText(wkt, 4326),"
                        + " 3857), ST_TileEnvelope(z, x, y), 4096, 64, true)), 'NULL') from (values "
                        + String.join(", ", rows) + ") as cases(source, z, x, y, wkt) order by source, z, x, y");
        List<String> lines = output.lines().toList();
        assertThat(lines).hasSize(SOURCES.size() * TILES.size());

        SoftAssertions softly = new SoftAssertions();
        int kept = 0;
        for (String line : lines) {
            String[] fields = line.split("\\|", 5);
            TileCoordinates tile = new TileCoordinates(
                    Integer.parseInt(fields[1]), Integer.parseInt(fields[2]), Integer.parseInt(fields[3]));
            String source = SOURCES.get(Integer.parseInt(fields[0]));
            Geometry ours =
                    new TileGeometries(tile, 4096, 64, Space.DEGREES).toTile(TileGeometriesTest.geometry(source));
            String what = source + " on " + tile;
            if (fields[4].equals("NULL")) {
                softly.assertThat(ours.isEmpty())
                        .as(what + ": PostGIS drops it, we keep " + ours)
                        .isTrue();
                continue;
            }
            kept++;
            Geometry theirs = TileGeometriesTest.geometry(fields[4]);
            softly.assertThat(ours.getDimension()).as(what + " dimension").isEqualTo(theirs.getDimension());
            if (theirs.getDimension() == 0) {
                softly.assertThat(ours.norm()).as(what).isEqualTo(theirs.norm());
            } else {
                softly.assertThat(DiscreteHausdorffDistance.distance(ours, theirs))
                        .as(what + ": ours " + ours + ", PostGIS " + theirs)
                        .isLessThanOrEqualTo(1.5);
            }
            if (theirs.getDimension() == 2) {
                softly.assertThat(Math.abs(ours.getArea() - theirs.getArea()))
                        .as(what + " area")
                        .isLessThanOrEqualTo(theirs.getArea() * 0.02);
            }
        }
        softly.assertThat(kept).as("cases PostGIS keeps").isGreaterThan(20);
        softly.assertAll();
    }
}
