package com.carto.connections.databricks;

import static java.util.Objects.requireNonNull;

import com.carto.connections.spi.jdbc.ServerAddress;
import java.net.URI;
import java.util.Map;

/**
 * Where the driver reaches the workspace a connection names. Always {@code https://host:443}, except for workspaces
 * that the code building the provider (never a connection's settings) declared as plain-HTTP addresses: the tests'
 * protocol fake on a loopback port. So no editable setting can send a token elsewhere than to the host the owner chose,
 * nor in clear text.
 */
final class Workspaces {
    static final int HTTPS_PORT = 443;

    /** Where the driver connects, and whether over TLS. */
    record Route(ServerAddress address, boolean tls) {
        Route {
            requireNonNull(address, "address is null");
        }

        /**
         * The workspace's OAuth token endpoint, {@code /oidc/v1/token} on the workspace's own host
         * (docs.databricks.com/aws/en/dev-tools/auth/oauth-m2m): derived from the host alone, never from a setting of
         * its own, so client secrets and refresh tokens go nowhere but the workspace the connection names.
         */
        URI tokenEndpoint() {
            return URI.create((tls ? "https" : "http") + "://" + address.authority() + "/oidc/v1/token");
        }
    }

    private final Map<String, ServerAddress> plainHttp;

    private Workspaces(Map<String, ServerAddress> plainHttp) {
        this.plainHttp = Map.copyOf(plainHttp);
    }

    static Workspaces https() {
        return new Workspaces(Map.of());
    }

    /** {@code host} served over plain HTTP at {@code address}: for a protocol fake, not for a workspace. */
    static Workspaces withPlainHttp(String host, ServerAddress address) {
        return new Workspaces(Map.of(host, address));
    }

    Route route(String host) {
        ServerAddress fake = plainHttp.get(host);
        return fake == null ? new Route(new ServerAddress(host, HTTPS_PORT), true) : new Route(fake, false);
    }
}
