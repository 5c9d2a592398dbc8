package com.carto.connections.bigquery;

import com.carto.connections.Connections;
import com.carto.connections.NewConnection;
import com.carto.connections.Providers;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.testing.H3Cells;
import com.carto.connections.testing.QuadbinCells;
import com.carto.connections.tiles.TileSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quadbin spatial-index tiles of a BigQuery connection through the facade, against the fake: GoogleSQL's {@code &}
 * gathers the cells (H2's {@code BITAND} in the fake), and every drawn cell's aggregates match the ones computed in
 * Java.
 */
class BigQuerySpatialIndexTilesTest {
    @RegisterExtension
    static final TestConnections FAKE = new TestConnections();

    private static final Principal ALICE = Principal.of("alice", "acme", Role.EDITOR);

    @TempDir
    Path directory;

    private Connections connections;
    private String id;

    @BeforeAll
    static void warehouse() {
        FAKE.fake.engine().createDataset("stats", "US");
        FAKE.fake
                .engine()
                .h2("create table \"stats\".\"cells\" (\"quadbin\" bigint, \"pop\" bigint, \"income\" double precision,"
                        + " \"name\" varchar);"
                        + " insert into \"stats\".\"cells\" values " + QuadbinCells.values(QuadbinCells.rows())
                        + "; create table \"stats\".\"hexagons\" (\"h3\" bigint, \"pop\" bigint,"
                        + " \"income\" double precision, \"name\" varchar);"
                        + " insert into \"stats\".\"hexagons\" values " + QuadbinCells.values(H3Cells.rows()));
    }

    @BeforeEach
    void open() {
        connections = Connections.builder()
                .embedded(directory)
                .providers(Providers.of(FAKE.provider))
                .build();
        NewConnection draft = NewConnection.of("bigquery", "cells").authMethod("service_account");
        for (Map.Entry<String, Object> property : FAKE.serviceAccount().entrySet()) {
            draft = property.getKey().equals("serviceAccountKey")
                    ? draft.secret(property.getKey(), (String) property.getValue())
                    : draft.property(property.getKey(), property.getValue());
        }
        id = connections.create(ALICE, draft).id();
    }

    @AfterEach
    void close() {
        connections.close();
    }

    @Test
    void everyDrawnCellCarriesTheAggregatesOfTheCellsUnderIt() {
        TileSource source = TileSource.spatialIndex(
                        List.of(FakeBigQuery.PROJECT, "stats", "cells"),
                        "quadbin",
                        TileSource.IndexType.QUADBIN,
                        QuadbinCells.RESOLUTION)
                .aggregates(QuadbinCells.AGGREGATES);
        QuadbinCells.assertDrawsTheCellsOfFourTiles(
                coordinates -> connections.tile(ALICE, id, source, coordinates).bytes());
    }

    @Test
    void everyDrawnHexagonCarriesTheAggregatesOfTheH3CellsUnderIt() {
        TileSource source = TileSource.spatialIndex(
                        List.of(FakeBigQuery.PROJECT, "stats", "hexagons"),
                        "h3",
                        TileSource.IndexType.H3,
                        H3Cells.RESOLUTION)
                .aggregates(H3Cells.AGGREGATES);
        H3Cells.assertDrawsTheCellsOfTheTiles(
                coordinates -> connections.tile(ALICE, id, source, coordinates).bytes());
    }
}
