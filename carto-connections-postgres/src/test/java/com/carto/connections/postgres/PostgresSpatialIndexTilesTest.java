package com.carto.connections.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.Connection;
import com.carto.connections.Connections;
import com.carto.connections.NewConnection;
import com.carto.connections.Providers;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.access.Sharing;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.testing.H3Cells;
import com.carto.connections.testing.PostgresFixture;
import com.carto.connections.testing.QuadbinCells;
import com.carto.connections.testing.VectorTileDecoder;
import com.carto.connections.tiles.CellAggregate;
import com.carto.connections.tiles.Quadbin;
import com.carto.connections.tiles.Tile;
import com.carto.connections.tiles.TileCoordinates;
import com.carto.connections.tiles.TileSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quadbin spatial-index tiles through the facade on a real PostgreSQL: every drawn cell's aggregates as PostgreSQL
 * computes them, compared with the same aggregates computed in Java from the same rows ({@link QuadbinCells}).
 */
class PostgresSpatialIndexTilesTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static final String PASSWORD = "cells-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String role;
    private static String database;

    private final Principal alice = new Principal("alice", "acme", Role.EDITOR, Set.of());
    private final Principal bob = new Principal("bob", "acme", Role.VIEWER, Set.of("mappers"));

    @TempDir
    Path directory;

    private Connections connections;
    private Connection connection;

    @BeforeAll
    static void warehouse() {
        role = POSTGRES.createRole("cells", PASSWORD);
        database = POSTGRES.createDatabase("cells", true);
        POSTGRES.psql(
                database,
                "create table cells (quadbin bigint, pop bigint, income double precision, name text);"
                        + " insert into cells values " + QuadbinCells.values(QuadbinCells.rows()) + ";"
                        + " create index on cells (quadbin);"
                        + " create table finest (quadbin bigint, pop bigint, income double precision, name text);"
                        + " insert into finest values " + QuadbinCells.values(QuadbinCells.finestRows()) + ";"
                        + " create table h3cells (h3 bigint, pop bigint, income double precision, name text);"
                        + " insert into h3cells values " + QuadbinCells.values(H3Cells.rows()) + ";"
                        + " create index on h3cells (h3);"
                        + " analyze; grant select on all tables in schema public to \"" + role + "\";");
    }

    @BeforeEach
    void open() {
        connections = Connections.builder()
                .embedded(directory)
                .providers(Providers.of(new PostgresProvider()))
                .members((organizationId, userId) -> Optional.of(userId.equals("alice") ? alice : bob))
                .build();
        connection = connections.create(
                alice,
                NewConnection.of("postgres", "cells")
                        .authMethod("password")
                        .property("host", POSTGRES.host())
                        .property("port", POSTGRES.port())
                        .property("database", database)
                        .property("username", role)
                        .secret("password", PASSWORD)
                        .property("sslMode", "disable"));
    }

    @AfterEach
    void close() {
        connections.close();
    }

    @Test
    void everyDrawnCellCarriesTheAggregatesOfTheCellsUnderIt() {
        TileSource source = cells();
        List<TileCoordinates> tiles = List.of(
                new TileCoordinates(0, 0, 0),
                new TileCoordinates(3, 3, 2),
                // The block straddles these four tiles' borders at zoom 5 and 6.
                new TileCoordinates(5, 15, 11),
                new TileCoordinates(5, 15, 12),
                new TileCoordinates(6, 31, 23),
                new TileCoordinates(6, 32, 23),
                new TileCoordinates(6, 31, 24),
                new TileCoordinates(6, 32, 24),
                new TileCoordinates(8, 127, 95),
                new TileCoordinates(12, 2050, 1540),
                // Finer than the source: the one cell holding the tile, cut to the buffered tile.
                new TileCoordinates(14, 2050 * 4 + 1, 1540 * 4 + 2),
                new TileCoordinates(24, (2050 << 12) + 77, (1540 << 12) + 4095),
                // The world's corners.
                new TileCoordinates(12, 0, 0),
                new TileCoordinates(6, 63, 63));
        SoftAssertions softly = new SoftAssertions();
        int compared = 0;
        for (TileCoordinates coordinates : tiles) {
            Tile tile = connections.tile(alice, connection.id(), source, coordinates);
            Map<Long, QuadbinCells.Expected> expected = QuadbinCells.expected(
                    QuadbinCells.rows(), QuadbinCells.RESOLUTION, source.aggregationLevels(), coordinates);
            int drawn = Math.min(QuadbinCells.RESOLUTION, coordinates.z() + source.aggregationLevels());
            softly.assertThat(expected).as(coordinates + " has cells").isNotEmpty();
            softly.assertThat(tile.featureCount()).as(coordinates + " features").isEqualTo(expected.size());
            softly.assertThat(tile.encoder()).isEqualTo(Tile.Encoder.CLIENT);
            compared += QuadbinCells.assertTile(
                    softly, coordinates.toString(), tile.bytes(), expected, coordinates, drawn, 4096, 64);
        }
        softly.assertThat(compared).isGreaterThan(2000);
        softly.assertAll();
    }

    @Test
    void cellsOnATilesBorderAreCountedOnceByTheTilesOnEitherSide() {
        TileSource source = cells();
        long onFour = 0;
        for (TileCoordinates quarter : List.of(
                new TileCoordinates(6, 31, 23),
                new TileCoordinates(6, 32, 23),
                new TileCoordinates(6, 31, 24),
                new TileCoordinates(6, 32, 24))) {
            onFour += total(connections.tile(alice, connection.id(), source, quarter), "cells");
        }

        assertThat(onFour).isEqualTo((long) QuadbinCells.COLUMNS * QuadbinCells.ROWS);
        assertThat(total(connections.tile(alice, connection.id(), source, new TileCoordinates(0, 0, 0)), "cells"))
                .as("the block and the two corners; not the cell of another resolution")
                .isEqualTo(onFour + 2);
    }

    @Test
    void theFinestResolutionIsDrawnAtTheDeepestZooms() {
        TileSource source = TileSource.spatialIndex(List.of("finest"), "quadbin", TileSource.IndexType.QUADBIN, 26)
                .aggregates(QuadbinCells.AGGREGATES)
                .zooms(0, TileCoordinates.MAX_ZOOM);
        SoftAssertions softly = new SoftAssertions();
        long middle = 1L << 23;
        for (TileCoordinates coordinates : List.of(
                new TileCoordinates(0, 0, 0),
                new TileCoordinates(20, 1 << 19, 1 << 19),
                new TileCoordinates(24, (int) middle, (int) middle),
                new TileCoordinates(24, (int) middle + 2, (int) middle + 1))) {
            Tile tile = connections.tile(alice, connection.id(), source, coordinates);
            Map<Long, QuadbinCells.Expected> expected =
                    QuadbinCells.expected(QuadbinCells.finestRows(), 26, 6, coordinates);
            softly.assertThat(expected).as(coordinates + " has cells").isNotEmpty();
            QuadbinCells.assertTile(
                    softly,
                    coordinates.toString(),
                    tile.bytes(),
                    expected,
                    coordinates,
                    Math.min(26, coordinates.z() + 6),
                    4096,
                    64);
        }
        softly.assertAll();
    }

    @Test
    void aTileWithNoCellsHasNoContentAndACutKeepsTheFirstCells() {
        Tile empty = connections.tile(alice, connection.id(), cells(), new TileCoordinates(6, 0, 40));
        assertThat(empty.status()).isEqualTo(Tile.Status.NO_CONTENT);

        Tile cut = connections.tile(alice, connection.id(), cells().maxFeatures(10), new TileCoordinates(6, 31, 23));
        assertThat(cut.truncation()).isEqualTo(Tile.Truncation.MAX_FEATURES);
        Set<Long> ids = VectorTileDecoder.featureIds(cut.bytes());
        Set<Long> all = QuadbinCells.expected(
                        QuadbinCells.rows(), QuadbinCells.RESOLUTION, 6, new TileCoordinates(6, 31, 23))
                .keySet();
        assertThat(ids).containsExactlyElementsOf(all.stream().limit(10).toList());
    }

    @Test
    void fewerAggregationLevelsDrawFewerLargerCells() {
        TileSource coarse = cells().aggregationLevels(2);
        TileCoordinates coordinates = new TileCoordinates(5, 15, 11);
        Tile tile = connections.tile(alice, connection.id(), coarse, coordinates);

        SoftAssertions softly = new SoftAssertions();
        Map<Long, QuadbinCells.Expected> expected =
                QuadbinCells.expected(QuadbinCells.rows(), QuadbinCells.RESOLUTION, 2, coordinates);
        QuadbinCells.assertTile(softly, "levels 2", tile.bytes(), expected, coordinates, 7, 4096, 64);
        softly.assertAll();
        assertThat(expected.keySet())
                .allSatisfy(cell -> assertThat(Quadbin.resolution(cell)).isEqualTo(7));
    }

    @Test
    void tileJsonListsEveryAggregateAsANumber() throws Exception {
        JsonNode tileJson = JSON.readTree(connections
                .tileJson(alice, connection.id(), cells().layerName("census"), "https://maps.example/{z}/{x}/{y}")
                .toJson());

        JsonNode layer = tileJson.path("vector_layers").get(0);
        assertThat(layer.path("id").asText()).isEqualTo("census");
        assertThat(JSON.convertValue(layer.path("fields"), Map.class))
                .containsExactly(
                        Map.entry("cells", "Number"),
                        Map.entry("known", "Number"),
                        Map.entry("people", "Number"),
                        Map.entry("mean_people", "Number"),
                        Map.entry("least_income", "Number"),
                        Map.entry("most_income", "Number"));
    }

    @Test
    void anUnknownColumnIsNamedOnATileAndInTheTileJson() {
        TileSource unknownAggregate = cells().aggregates(CellAggregate.sum("people", "population"));
        TileSource unknownCell = TileSource.spatialIndex(List.of("cells"), "h3", TileSource.IndexType.QUADBIN, 12);

        ConnectionException onTile = catchThrowableOfType(
                ConnectionException.class,
                () -> connections.tile(alice, connection.id(), unknownAggregate, new TileCoordinates(0, 0, 0)));
        ConnectionException inTileJson = catchThrowableOfType(
                ConnectionException.class,
                () -> connections.tileJson(alice, connection.id(), unknownAggregate, "https://m/{z}/{x}/{y}"));
        ConnectionException cellOnTile = catchThrowableOfType(
                ConnectionException.class,
                () -> connections.tile(alice, connection.id(), unknownCell, new TileCoordinates(0, 0, 0)));

        for (ConnectionException failure : List.of(onTile, inTileJson)) {
            assertThat(failure.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
            assertThat(failure.getMessage()).contains("aggregates", "people", "population");
        }
        assertThat(cellOnTile.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
        assertThat(cellOnTile.getMessage()).contains("cellColumn", "h3");
    }

    @Test
    void anAggregateOverTextOrACellColumnOfTextIsNamed() {
        ConnectionException summedText = catchThrowableOfType(
                ConnectionException.class,
                () -> connections.tile(
                        alice,
                        connection.id(),
                        cells().aggregates(CellAggregate.sum("names", "name")),
                        new TileCoordinates(0, 0, 0)));
        ConnectionException largestText = catchThrowableOfType(
                ConnectionException.class,
                () -> connections.tile(
                        alice,
                        connection.id(),
                        cells().aggregates(CellAggregate.max("last_name", "name")),
                        new TileCoordinates(0, 0, 0)));
        ConnectionException textCells = catchThrowableOfType(
                ConnectionException.class,
                () -> connections.tile(
                        alice,
                        connection.id(),
                        TileSource.spatialIndex(List.of("cells"), "name", TileSource.IndexType.QUADBIN, 12),
                        new TileCoordinates(0, 0, 0)));

        assertThat(summedText.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
        assertThat(summedText.getMessage()).contains("aggregates", "names", "name", "text");
        assertThat(largestText.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
        assertThat(largestText.getMessage()).contains("aggregates", "last_name", "name");
        assertThat(textCells.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
        assertThat(textCells.getMessage()).contains("cellColumn", "name", "text");
    }

    @Test
    void aCountOfTextCountsItsValues() {
        Tile tile = connections.tile(
                alice,
                connection.id(),
                cells().aggregates(CellAggregate.count("named", "name")),
                new TileCoordinates(0, 0, 0));

        assertThat(total(tile, "named")).isEqualTo((long) QuadbinCells.COLUMNS * QuadbinCells.ROWS + 2);
    }

    @Test
    void everyTileChecksAccessAgain() {
        connections.share(alice, connection.id(), Sharing.groups("mappers"), false);
        assertThat(connections
                        .tile(bob, connection.id(), cells(), new TileCoordinates(0, 0, 0))
                        .status())
                .isEqualTo(Tile.Status.CONTENT);

        connections.share(alice, connection.id(), Sharing.PRIVATE, true);

        assertThat(catchThrowableOfType(
                                ConnectionException.class,
                                () -> connections.tile(bob, connection.id(), cells(), new TileCoordinates(0, 0, 0)))
                        .category())
                .isEqualTo(ErrorCategory.NOT_FOUND);
    }

    @Test
    void everyDrawnHexagonCarriesTheAggregatesOfTheH3CellsUnderIt() {
        TileSource source = h3Cells();
        H3Cells.assertDrawsTheCellsOfTheTiles(coordinates -> {
            Tile tile = connections.tile(alice, connection.id(), source, coordinates);
            assertThat(tile.encoder()).isEqualTo(Tile.Encoder.CLIENT);
            return tile.bytes();
        });
    }

    @Test
    void h3CellsOnATilesBorderAreCountedByTheTilesOnEitherSideAndTheCoarserCellByNone() {
        TileSource source = h3Cells().aggregationLevels(8);
        // Zoom 9 with eight levels draws resolution 8, the source's: each cell is drawn on every tile its hexagon
        // reaches, so the tiles' cells together are the block, each at least once.
        Set<Long> drawn = new java.util.TreeSet<>();
        for (int x = 254; x <= 257; x++) {
            for (int y = 190; y <= 193; y++) {
                drawn.addAll(VectorTileDecoder.featureIds(connections
                        .tile(alice, connection.id(), source, new TileCoordinates(9, x, y))
                        .bytes()));
            }
        }
        Set<Long> block = new java.util.TreeSet<>();
        for (QuadbinCells.Row row : H3Cells.rows()) {
            if (Math.abs(row.income()) < 1e6 && com.carto.connections.tiles.H3Index.resolution(row.cell()) == 8) {
                block.add(row.cell());
            }
        }
        assertThat(drawn).isNotEmpty().isSubsetOf(block);
        assertThat(drawn)
                .allSatisfy(cell -> assertThat(com.carto.connections.tiles.H3Index.resolution(cell))
                        .isEqualTo(8));
    }

    @Test
    void anH3TileCutByMaxFeaturesKeepsTheFirstCellsAndTheTileJsonListsTheAggregates() throws Exception {
        TileCoordinates coordinates = new TileCoordinates(6, 31, 23);
        Tile cut = connections.tile(alice, connection.id(), h3Cells().maxFeatures(10), coordinates);

        assertThat(cut.truncation()).isEqualTo(Tile.Truncation.MAX_FEATURES);
        Set<Long> ids = VectorTileDecoder.featureIds(cut.bytes());
        Set<Long> all = H3Cells.expected(H3Cells.rows(), H3Cells.RESOLUTION, 6, coordinates)
                .keySet();
        assertThat(ids).isNotEmpty().hasSizeLessThanOrEqualTo(10);
        assertThat(all).containsAll(ids);
        JsonNode tileJson = JSON.readTree(connections
                .tileJson(alice, connection.id(), h3Cells().layerName("hexagons"), "https://maps.example/{z}/{x}/{y}")
                .toJson());
        assertThat(tileJson.path("vector_layers").get(0).path("fields").size()).isEqualTo(6);
        assertThat(tileJson.path("vector_layers").get(0).path("id").asText()).isEqualTo("hexagons");
    }

    @Test
    void anH3CellColumnOfTextIsNamed() {
        ConnectionException textCells = catchThrowableOfType(
                ConnectionException.class,
                () -> connections.tile(
                        alice,
                        connection.id(),
                        TileSource.spatialIndex(List.of("h3cells"), "name", TileSource.IndexType.H3, 8),
                        new TileCoordinates(0, 0, 0)));

        assertThat(textCells.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
        assertThat(textCells.getMessage()).contains("cellColumn", "name", "text");
    }

    private static TileSource h3Cells() {
        return TileSource.spatialIndex(List.of("public", "h3cells"), "h3", TileSource.IndexType.H3, H3Cells.RESOLUTION)
                .aggregates(H3Cells.AGGREGATES)
                .zooms(0, TileCoordinates.MAX_ZOOM);
    }

    private static TileSource cells() {
        return TileSource.spatialIndex(
                        List.of("public", "cells"), "quadbin", TileSource.IndexType.QUADBIN, QuadbinCells.RESOLUTION)
                .aggregates(QuadbinCells.AGGREGATES)
                .zooms(0, TileCoordinates.MAX_ZOOM);
    }

    private static long total(Tile tile, String property) {
        JsonNode layer = VectorTileDecoder.read(tile.bytes()).path("layers").get(0);
        long total = 0;
        for (JsonNode feature : layer.path("features")) {
            total += ((Number) VectorTileDecoder.properties(layer, feature).get(property)).longValue();
        }
        return total;
    }
}
