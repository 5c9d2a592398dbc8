package com.carto.connections.databricks;

import static java.util.Objects.requireNonNull;

import com.carto.connections.spi.jdbc.ServerAddress;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The driver, behind a TCP probe of the workspace: a refused port fails the login at once. The driver's HTTP client
 * retries a refused connection four times with back-off, about 16 s (notes part B), whatever timeout it is given; one
 * handshake per physical connection (pooled, so rare) is the price. Only a refusal fails here: a slow or silent peer is
 * left to the driver's socket timeout and the caller's deadline.
 */
final class ReachableFirst extends DelegatingDriver {
    private static final int PROBE_TIMEOUT_MILLIS = 5_000;

    private final ServerAddress address;

    ReachableFirst(Driver driver, ServerAddress address) {
        super(driver);
        this.address = requireNonNull(address, "address is null");
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.host(), address.port()), PROBE_TIMEOUT_MILLIS);
        } catch (ConnectException refused) {
            throw new SQLException(
                    "the workspace " + address.host() + ":" + address.port() + " refused the connection",
                    "08001",
                    refused);
        } catch (IOException other) {
            // Unresolvable or slow: the driver reports it with its own detail, within its own timeouts.
        }
        return driver.connect(url, info);
    }
}
