package com.carto.connections.databricks;

import static java.util.Objects.requireNonNull;

import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/** A driver that adds something to the vendor driver's {@code connect} and forwards everything else to it. */
abstract class DelegatingDriver implements Driver {
    /** The vendor driver (or the next wrapper around it). */
    final Driver driver;

    DelegatingDriver(Driver driver) {
        this.driver = requireNonNull(driver, "driver is null");
    }

    @Override
    public final boolean acceptsURL(String url) throws SQLException {
        return driver.acceptsURL(url);
    }

    @Override
    public final DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return driver.getPropertyInfo(url, info);
    }

    @Override
    public final int getMajorVersion() {
        return driver.getMajorVersion();
    }

    @Override
    public final int getMinorVersion() {
        return driver.getMinorVersion();
    }

    @Override
    public final boolean jdbcCompliant() {
        return driver.jdbcCompliant();
    }

    @Override
    public final Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return driver.getParentLogger();
    }
}
