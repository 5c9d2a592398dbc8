package com.carto.connections.snowflake;

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
 * Quadbin spatial-index tiles of a Snowflake connection through the facade, with the real driver against the fake:
 * Snowflake's {@code BITAND} gathers the cells, and every drawn cell's aggregates match the ones computed in Java.
 */
class SnowflakeSpatialIndexTilesTest {
    @RegisterExtension
    static final FakeSnowflake FAKE = new FakeSnowflake().user("TESTER", "secret");

    private static final Principal ALICE = Principal.of("alice", "acme", Role.EDITOR);

    @TempDir
    Path directory;

    private Connections connections;
    private String id;

    @BeforeAll
    static void warehouse() {
        FAKE.h2("create table PUBLIC.CELLS (\"quadbin\" bigint, \"pop\" bigint, \"income\" double precision,"
                + " \"name\" varchar);"
                + " insert into PUBLIC.CELLS values " + QuadbinCells.values(QuadbinCells.rows())
                + "; create table PUBLIC.HEXAGONS (\"h3\" bigint, \"pop\" bigint, \"income\" double precision,"
                + " \"name\" varchar);"
                + " insert into PUBLIC.HEXAGONS values " + QuadbinCells.values(H3Cells.rows()));
    }

    @BeforeEach
    void open() {
        connections = Connections.builder()
                .embedded(directory)
                .providers(Providers.of(TestProviders.against(FAKE)))
                .build();
        NewConnection draft = NewConnection.of("snowflake", "cells").authMethod("snowflake_account");
        for (Map.Entry<String, Object> property :
                TestProviders.passwordProperties(FAKE).entrySet()) {
            draft = property.getKey().equals("password")
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
                        List.of(FAKE.database(), "PUBLIC", "CELLS"),
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
                        List.of(FAKE.database(), "PUBLIC", "HEXAGONS"),
                        "h3",
                        TileSource.IndexType.H3,
                        H3Cells.RESOLUTION)
                .aggregates(H3Cells.AGGREGATES);
        H3Cells.assertDrawsTheCellsOfTheTiles(
                coordinates -> connections.tile(ALICE, id, source, coordinates).bytes());
    }
}
