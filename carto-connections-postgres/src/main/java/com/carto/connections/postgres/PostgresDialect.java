package com.carto.connections.postgres;

import com.carto.connections.query.ColumnType;
import com.carto.connections.spi.TileQuery;
import com.carto.connections.spi.jdbc.PostgresFamilyDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import org.postgresql.PGConnection;

/**
 * PostgreSQL 12+ with PostGIS: the PostgreSQL family's dialect, plus the JSON types and the names pgjdbc gives PostGIS
 * types outside the search path, PostGIS as the spatial probe, and pgjdbc's own cancel request.
 */
final class PostgresDialect extends PostgresFamilyDialect {
    static final PostgresDialect INSTANCE = new PostgresDialect();

    private PostgresDialect() {
        super(
                Map.of(
                        "\"public\".\"geometry\"", ColumnType.GEOMETRY,
                        "\"public\".\"geography\"", ColumnType.GEOMETRY,
                        "json", ColumnType.JSON,
                        "jsonb", ColumnType.JSON),
                "select postgis_lib_version()",
                "run CREATE EXTENSION postgis in the database (PostGIS must be installed on the server)");
    }

    @Override
    public Optional<String> tileFilter(TileQuery tile) {
        return Optional.of(PostGisTiles.filter(tile));
    }

    @Override
    public Optional<TileGeometrySql> tileGeometry(TileQuery tile) {
        return Optional.of(PostGisTiles.geometry(tile));
    }

    @Override
    public Optional<TileSql> vectorTile(TileQuery tile) {
        return Optional.of(PostGisTiles.vectorTile(tile));
    }

    @Override
    public Optional<String> extentInDegrees(String source, String geometry, int srid) {
        return Optional.of(PostGisTiles.extentInDegrees(source, geometry, srid));
    }

    @Override
    public void cancel(Connection connection, Statement statement) throws SQLException {
        connection.unwrap(PGConnection.class).cancelQuery();
    }
}
