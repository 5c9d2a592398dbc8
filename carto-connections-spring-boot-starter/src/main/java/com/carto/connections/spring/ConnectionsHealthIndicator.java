package com.carto.connections.spring;

import com.carto.connections.Connections;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.query.PageRequest;
import com.carto.connections.store.ConnectionFilter;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Up when the connection store answers: one indexed listing for an organization that holds nothing. It never checks
 * a connection: a health poll every few seconds must not log into every user's warehouse. Check connections on
 * demand with {@link Connections#check(Principal, String)}.
 */
final class ConnectionsHealthIndicator extends AbstractHealthIndicator {
    // An organization no host uses, so the probe reads no connection and names no user.
    private static final Principal PROBE = Principal.of("carto-health-probe", "carto-health-probe", Role.VIEWER);

    private final Connections connections;

    ConnectionsHealthIndicator(Connections connections) {
        super("The carto-connections store is unreachable");
        this.connections = connections;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        connections.list(PROBE, ConnectionFilter.organization(PROBE.organizationId()), PageRequest.first(1));
        builder.up().withDetail("openClients", connections.clientMetrics().openClients());
    }
}
