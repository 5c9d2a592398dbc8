package com.carto.connections.cli;

import com.carto.connections.Connection;
import com.carto.connections.Connections;
import com.carto.connections.access.Principal;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.query.Page;
import com.carto.connections.query.PageRequest;
import com.carto.connections.store.ConnectionFilter;
import java.util.Optional;

/** Finds the connection an operator names by its name (unique in the organization) or its id. */
final class ConnectionRefs {
    private ConnectionRefs() {}

    static Connection resolve(Connections connections, Principal principal, String reference) {
        if (reference.isBlank() || reference.length() > PageRequest.MAX_TEXT_LENGTH) {
            throw InvalidConfigurationException.of(
                    "CONNECTION",
                    "must be a connection's name or id, 1 to " + PageRequest.MAX_TEXT_LENGTH + " characters");
        }
        Optional<Connection> named = byName(connections, principal, reference);
        if (named.isPresent()) {
            return named.get();
        }
        try {
            return connections.get(principal, reference);
        } catch (ConnectionException e) {
            if (e.category() != ErrorCategory.NOT_FOUND) {
                throw e;
            }
            throw new ConnectionException(
                    ErrorCategory.NOT_FOUND,
                    "no connection named or with id '" + InvalidConfigurationException.abbreviate(reference)
                            + "' is visible to " + principal.userId() + " in " + principal.organizationId());
        }
    }

    private static Optional<Connection> byName(Connections connections, Principal principal, String name) {
        ConnectionFilter filter = ConnectionFilter.organization(principal.organizationId());
        PageRequest request = PageRequest.first(PageRequest.MAX_SIZE).nameContains(name);
        while (true) {
            Page<Connection> page = connections.list(principal, filter, request);
            for (Connection connection : page.items()) {
                if (connection.name().equals(name)) {
                    return Optional.of(connection);
                }
            }
            if (page.nextPageToken().isEmpty()) {
                return Optional.empty();
            }
            request = request.after(page.nextPageToken().get());
        }
    }
}
