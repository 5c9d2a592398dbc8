package com.carto.connections.databricks;

import com.carto.connections.Connection;
import com.carto.connections.Connections;
import com.carto.connections.NewConnection;
import com.carto.connections.Providers;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.databricks.fake.StatementExecutionFake;
import com.carto.connections.testing.H3Cells;
import com.carto.connections.testing.QuadbinCells;
import com.carto.connections.tiles.TileSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Quadbin spatial-index tiles through the facade and the real driver against the fake: Databricks' {@code &} gathers
 * the cells (H2's {@code BITAND} in the fake), and every drawn cell's aggregates match the ones computed in Java.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabricksSpatialIndexTilesTest {
    private final StatementExecutionFake fake = StatementExecutionFake.start(
            DatabricksProviderTest.TOKEN, DatabricksProviderTest.WAREHOUSE, Set.of("main"));
    private final Principal alice = new Principal("alice", "acme", Role.EDITOR, Set.of());
    private Path directory;
    private Connections connections;
    private Connection connection;

    DatabricksSpatialIndexTilesTest() {
        fake.execute(
                "main",
                "create schema if not exists cells_test; drop table if exists cells_test.cells;"
                        + " create table cells_test.cells (quadbin bigint, pop bigint, income double, name varchar);"
                        + " insert into cells_test.cells values " + QuadbinCells.values(QuadbinCells.rows()) + ";"
                        + " drop table if exists cells_test.hexagons;"
                        + " create table cells_test.hexagons (h3 bigint, pop bigint, income double, name varchar);"
                        + " insert into cells_test.hexagons values " + QuadbinCells.values(H3Cells.rows()) + ";");
    }

    @BeforeEach
    void open() throws Exception {
        directory = Files.createTempDirectory("databricks-cells");
        connections = Connections.builder()
                .embedded(directory)
                .providers(Providers.of(DatabricksProviderTest.provider(fake)))
                .build();
        connection = connections.create(
                alice,
                NewConnection.of("databricks", "cells")
                        .authMethod("token")
                        .property("host", DatabricksProviderTest.WORKSPACE)
                        .property("httpPath", "/sql/1.0/warehouses/" + DatabricksProviderTest.WAREHOUSE)
                        .property("catalog", "main")
                        .secret("token", DatabricksProviderTest.TOKEN));
    }

    @AfterEach
    void close() {
        connections.close();
    }

    @AfterAll
    void stop() {
        fake.close();
    }

    @Test
    void everyDrawnCellCarriesTheAggregatesOfTheCellsUnderIt() {
        TileSource source = TileSource.spatialIndex(
                        List.of("cells_test", "cells"),
                        "quadbin",
                        TileSource.IndexType.QUADBIN,
                        QuadbinCells.RESOLUTION)
                .aggregates(QuadbinCells.AGGREGATES);
        QuadbinCells.assertDrawsTheCellsOfFourTiles(coordinates ->
                connections.tile(alice, connection.id(), source, coordinates).bytes());
    }

    @Test
    void everyDrawnHexagonCarriesTheAggregatesOfTheH3CellsUnderIt() {
        TileSource source = TileSource.spatialIndex(
                        List.of("cells_test", "hexagons"), "h3", TileSource.IndexType.H3, H3Cells.RESOLUTION)
                .aggregates(H3Cells.AGGREGATES);
        H3Cells.assertDrawsTheCellsOfTheTiles(coordinates ->
                connections.tile(alice, connection.id(), source, coordinates).bytes());
    }
}
