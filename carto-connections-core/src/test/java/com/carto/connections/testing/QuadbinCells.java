package com.carto.connections.testing;

import com.carto.connections.tiles.CellAggregate;
import com.carto.connections.tiles.Quadbin;
import com.carto.connections.tiles.TileCoordinates;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;
import org.assertj.core.data.Offset;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Envelope;

/**
 * A spatial-index table every provider's tile test loads the same way, and what its tiles must show, computed here in
 * Java from the same rows: a dense block of Quadbin cells at resolution 12 that straddles tile borders from zoom 5 to
 * 12, the two corner cells of the world, and one cell of another resolution that no tile may count.
 *
 * <p>The expectation finds a cell's tile by shifting its column and row and its drawn parent with
 * {@link Quadbin#parent}; the SDK finds them with a run of integers and a mask in SQL. Their agreement is the test.
 */
public final class QuadbinCells {
    public static final int RESOLUTION = 12;
    /** Columns 2040–2103 and rows 1530–1565: across the borders of zoom 6's tiles 31|32 and 23|24. */
    public static final int FIRST_COLUMN = 2040;

    public static final int COLUMNS = 64;
    public static final int FIRST_ROW = 1530;
    public static final int ROWS = 36;

    /** The aggregates the tests declare: one of each function, and a count that skips nulls. */
    public static final List<CellAggregate> AGGREGATES = List.of(
            CellAggregate.count("cells"),
            CellAggregate.count("known", "pop"),
            CellAggregate.sum("people", "pop"),
            CellAggregate.avg("mean_people", "pop"),
            CellAggregate.min("least_income", "income"),
            CellAggregate.max("most_income", "income"));

    /** One row of the table: the cell, a population (null for some), an income, and a name (text). */
    public record Row(long cell, @Nullable Long pop, double income, String name) {}

    /** What one drawn cell must carry. */
    public record Expected(long cells, long known, long people, double leastIncome, double mostIncome) {
        /** The aggregates of the source rows one drawn cell gathers. */
        static Expected of(List<Row> rows) {
            long known = 0;
            long people = 0;
            double least = Double.POSITIVE_INFINITY;
            double most = Double.NEGATIVE_INFINITY;
            for (Row row : rows) {
                Long pop = row.pop();
                if (pop != null) {
                    known++;
                    people += pop;
                }
                least = Math.min(least, row.income());
                most = Math.max(most, row.income());
            }
            return new Expected(rows.size(), known, people, least, most);
        }

        double meanPeople() {
            return (double) people / known;
        }
    }

    private QuadbinCells() {}

    public static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (int row = FIRST_ROW; row < FIRST_ROW + ROWS; row++) {
            for (int column = FIRST_COLUMN; column < FIRST_COLUMN + COLUMNS; column++) {
                rows.add(row(RESOLUTION, column, row));
            }
        }
        long last = (1L << RESOLUTION) - 1;
        rows.add(row(RESOLUTION, 0, 0));
        rows.add(row(RESOLUTION, last, last));
        // A cell of resolution 11 inside the block: the source is declared at 12, so no tile shows it.
        rows.add(new Row(Quadbin.cell(11, 1030, 770), 1_000_000L, 1e6, "coarser"));
        return rows;
    }

    /** Rows of resolution 26, the finest: a 10 × 10 block at the middle of the map, south-east of 0°, 0°. */
    public static List<Row> finestRows() {
        List<Row> rows = new ArrayList<>();
        long middle = 1L << 25;
        for (long row = middle; row < middle + 10; row++) {
            for (long column = middle; column < middle + 10; column++) {
                rows.add(row(26, column, row));
            }
        }
        return rows;
    }

    /** The rows as SQL values lists, {@code (cell, pop, income, 'name')}, joined by commas. */
    public static String values(List<Row> rows) {
        StringBuilder values = new StringBuilder();
        for (Row row : rows) {
            Long pop = row.pop();
            if (values.length() > 0) {
                values.append(", ");
            }
            values.append('(')
                    .append(row.cell())
                    .append(", ")
                    .append(pop == null ? "null" : pop.toString())
                    .append(", ")
                    .append(row.income())
                    .append(", '")
                    .append(row.name())
                    .append("')");
        }
        return values.toString();
    }

    /** What the tile must show of the rows at {@code resolution}, by drawn cell, drawing {@code levels} finer. */
    public static Map<Long, Expected> expected(List<Row> rows, int resolution, int levels, TileCoordinates tile) {
        int drawn = Math.min(resolution, tile.z() + levels);
        Map<Long, List<Row>> byParent = new TreeMap<>();
        for (Row row : rows) {
            if (Quadbin.resolution(row.cell()) != resolution || !onTile(row.cell(), resolution, tile)) {
                continue;
            }
            byParent.computeIfAbsent(Quadbin.parent(row.cell(), drawn), parent -> new ArrayList<>())
                    .add(row);
        }
        Map<Long, Expected> expected = new TreeMap<>();
        for (Map.Entry<Long, List<Row>> parent : byParent.entrySet()) {
            expected.put(parent.getKey(), Expected.of(parent.getValue()));
        }
        return expected;
    }

    /**
     * Draws tiles 0/0/0, 6/31/23, 6/32/24 and one at zoom 14 of the {@link #rows()} source (resolution {@link
     * #RESOLUTION}, {@link #AGGREGATES}, six aggregation levels, extent 4096, buffer 64) through {@code tiles} and
     * asserts every drawn cell's square and aggregates against the Java computation, more than 500 cells in all.
     */
    public static void assertDrawsTheCellsOfFourTiles(Function<TileCoordinates, byte[]> tiles) {
        SoftAssertions softly = new SoftAssertions();
        int compared = 0;
        for (TileCoordinates coordinates : List.of(
                new TileCoordinates(0, 0, 0),
                new TileCoordinates(6, 31, 23),
                new TileCoordinates(6, 32, 24),
                new TileCoordinates(14, 2050 * 4 + 1, 1540 * 4 + 2))) {
            Map<Long, Expected> expected = expected(rows(), RESOLUTION, 6, coordinates);
            softly.assertThat(expected).as(coordinates + " has cells").isNotEmpty();
            compared += assertTile(
                    softly,
                    coordinates.toString(),
                    tiles.apply(coordinates),
                    expected,
                    coordinates,
                    Math.min(RESOLUTION, coordinates.z() + 6),
                    4096,
                    64);
        }
        softly.assertThat(compared).isGreaterThan(500);
        softly.assertAll();
    }

    /**
     * Checks a tile's features against the expectation: the same drawn cells as feature ids, each with its aggregates
     * and its square (in units of a tile {@code extent} wide, cut to the buffer); returns how many it compared.
     */
    public static int assertTile(
            SoftAssertions softly,
            String what,
            byte[] bytes,
            Map<Long, Expected> expected,
            TileCoordinates tile,
            int drawn,
            int extent,
            int buffer) {
        JsonNode decoded = bytes.length == 0 ? null : VectorTileDecoder.read(bytes);
        Map<Long, JsonNode> features = decoded == null ? Map.of() : VectorTileDecoder.featuresById(decoded);
        softly.assertThat(features.keySet()).as(what + ": drawn cells").isEqualTo(expected.keySet());
        if (decoded == null) {
            return 0;
        }
        JsonNode layer = decoded.path("layers").get(0);
        int compared = 0;
        for (Map.Entry<Long, Expected> cell : expected.entrySet()) {
            JsonNode feature = features.get(cell.getKey());
            if (feature == null) {
                continue;
            }
            compared++;
            String which = what + ", cell " + cell.getKey();
            Map<String, Object> properties = VectorTileDecoder.properties(layer, feature);
            Expected values = cell.getValue();
            softly.assertThat(number(properties, "cells")).as(which + " cells").isEqualTo(values.cells());
            softly.assertThat(number(properties, "known")).as(which + " known").isEqualTo(values.known());
            if (values.known() == 0) {
                softly.assertThat(properties).as(which).doesNotContainKeys("people", "mean_people");
            } else {
                softly.assertThat(decimal(properties, "people"))
                        .as(which + " people")
                        .isCloseTo(values.people(), Offset.offset(1e-6));
                softly.assertThat(decimal(properties, "mean_people"))
                        .as(which + " mean_people")
                        .isCloseTo(values.meanPeople(), Offset.offset(1e-6));
            }
            softly.assertThat(decimal(properties, "least_income"))
                    .as(which + " least_income")
                    .isCloseTo(values.leastIncome(), Offset.offset(1e-9));
            softly.assertThat(decimal(properties, "most_income"))
                    .as(which + " most_income")
                    .isCloseTo(values.mostIncome(), Offset.offset(1e-9));
            softly.assertThat(VectorTileDecoder.geometry(feature).getEnvelopeInternal())
                    .as(which + " square")
                    .isEqualTo(square(cell.getKey(), drawn, tile, extent, buffer));
        }
        return compared;
    }

    /** Whether a cell of {@code resolution} lies on the tile, or (when the tile is finer) holds it. */
    static boolean onTile(long cell, int resolution, TileCoordinates tile) {
        long column = Quadbin.column(cell);
        long row = Quadbin.row(cell);
        if (tile.z() <= resolution) {
            int shift = resolution - tile.z();
            return (column >> shift) == tile.x() && (row >> shift) == tile.y();
        }
        int shift = tile.z() - resolution;
        return column == (tile.x() >> shift) && row == (tile.y() >> shift);
    }

    private static Envelope square(long cell, int drawn, TileCoordinates tile, int extent, int buffer) {
        // The cell's edges in units of the tile's zoom, from the map's north-west corner, then moved to the tile.
        double size = extent * Math.pow(2, tile.z() - drawn);
        double west = Quadbin.column(cell) * size - tile.x() * (double) extent;
        double north = Quadbin.row(cell) * size - tile.y() * (double) extent;
        return new Envelope(
                Math.max(-buffer, west),
                Math.min(extent + buffer, west + size),
                Math.max(-buffer, north),
                Math.min(extent + buffer, north + size));
    }

    static long number(Map<String, Object> properties, String name) {
        Object value = properties.get(name);
        if (!(value instanceof Number number)) {
            throw new AssertionError(name + " is not a number: " + value + " in " + properties);
        }
        return number.longValue();
    }

    static double decimal(Map<String, Object> properties, String name) {
        Object value = properties.get(name);
        if (!(value instanceof Number number)) {
            throw new AssertionError(name + " is not a number: " + value + " in " + properties);
        }
        return number.doubleValue();
    }

    private static Row row(int resolution, long column, long row) {
        long pop = (column * 7 + row * 3) % 100;
        return new Row(
                Quadbin.cell(resolution, column, row),
                (column + row) % 17 == 0 ? null : pop,
                column * 0.5 + row * 0.25,
                "c" + column + "_" + row);
    }
}
