package com.carto.connections.redshift;

import com.carto.connections.Connection;
import com.carto.connections.Connections;
import com.carto.connections.NewConnection;
import com.carto.connections.Providers;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.testing.H3Cells;
import com.carto.connections.testing.PostgresFixture;
import com.carto.connections.testing.QuadbinCells;
import com.carto.connections.tiles.TileSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quadbin spatial-index tiles through the facade, the real driver and the proxy, against the PostgreSQL stand-in:
 * Redshift's {@code &} gathers the cells, and every drawn cell's aggregates match the ones computed in Java.
 */
class RedshiftSpatialIndexTilesTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = RedshiftStandIn.postgres();

    private static String database;

    private final Principal alice = new Principal("alice", "acme", Role.EDITOR, Set.of());

    @TempDir
    Path directory;

    private Connections connections;
    private Connection connection;

    @BeforeAll
    static void warehouse() {
        database = RedshiftStandIn.createDatabase("redshift_cells", true);
        POSTGRES.psql(
                database,
                "create table cells (quadbin bigint, pop bigint, income double precision, name varchar(40));"
                        + " insert into cells values " + QuadbinCells.values(QuadbinCells.rows()) + ";"
                        + " create table hexagons (h3 bigint, pop bigint, income double precision, name varchar(40));"
                        + " insert into hexagons values " + QuadbinCells.values(H3Cells.rows()) + ";"
                        + " grant all on database " + database + " to " + RedshiftStandIn.role() + ";"
                        + " grant all on schema public to " + RedshiftStandIn.role() + ";"
                        + " grant select on all tables in schema public to " + RedshiftStandIn.role() + ";");
    }

    @BeforeEach
    void open() {
        connections = Connections.builder()
                .embedded(directory)
                .providers(Providers.of(RedshiftStandIn.provider()))
                .build();
        NewConnection newConnection = NewConnection.of("redshift", "cells").authMethod("password");
        Map<String, Object> properties = RedshiftStandIn.passwordProperties();
        properties.put("database", database);
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            newConnection = property.getKey().equals("password")
                    ? newConnection.secret("password", (String) property.getValue())
                    : newConnection.property(property.getKey(), property.getValue());
        }
        connection = connections.create(alice, newConnection);
    }

    @AfterEach
    void close() {
        connections.close();
    }

    @Test
    void everyDrawnCellCarriesTheAggregatesOfTheCellsUnderIt() {
        TileSource source = TileSource.spatialIndex(
                        List.of("cells"), "quadbin", TileSource.IndexType.QUADBIN, QuadbinCells.RESOLUTION)
                .aggregates(QuadbinCells.AGGREGATES);
        QuadbinCells.assertDrawsTheCellsOfFourTiles(coordinates ->
                connections.tile(alice, connection.id(), source, coordinates).bytes());
    }

    @Test
    void everyDrawnHexagonCarriesTheAggregatesOfTheH3CellsUnderIt() {
        TileSource source = TileSource.spatialIndex(
                        List.of("hexagons"), "h3", TileSource.IndexType.H3, H3Cells.RESOLUTION)
                .aggregates(H3Cells.AGGREGATES);
        H3Cells.assertDrawsTheCellsOfTheTiles(coordinates ->
                connections.tile(alice, connection.id(), source, coordinates).bytes());
    }
}
