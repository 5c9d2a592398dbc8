package com.carto.connections.redshift;

import com.amazon.redshift.core.BaseConnection;
import com.amazon.redshift.core.TypeInfo;
import com.carto.connections.testing.ForwardingDriver;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Properties;

/**
 * The real Redshift driver, taught PostGIS's type oids. Redshift's GEOMETRY and GEOGRAPHY have fixed oids (3000 and
 * 3001) that the driver names {@code geometry} and {@code geography}; PostGIS creates its types with whatever oids
 * are free, which the driver does not know ({@code Unknown oid found when retrieving the RedShift Type}). After each
 * login this registers PostGIS's oids under the same names, so the stand-in describes a geometry column the way
 * Redshift does. Nothing else changes: values still travel and decode through the driver's own code.
 */
final class PostgisTypesDriver extends ForwardingDriver {
    PostgisTypesDriver() {
        super(new com.amazon.redshift.Driver());
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        Connection connection = super.connect(url, info);
        if (connection == null) {
            return null;
        }
        try (Statement statement = connection.createStatement();
                ResultSet types = statement.executeQuery(
                        "select typname, oid, typarray from pg_catalog.pg_type where typname in ('geometry', 'geography')")) {
            TypeInfo typeInfo = connection.unwrap(BaseConnection.class).getTypeInfo();
            while (types.next()) {
                typeInfo.addCoreType(types.getString(1), types.getInt(2), Types.LONGVARBINARY, "[B", types.getInt(3));
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection;
    }
}
