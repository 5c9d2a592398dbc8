package com.carto.connections.examples.spring;

import com.carto.connections.Connection;
import com.carto.connections.Connections;
import com.carto.connections.NewConnection;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.access.Sharing;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Registers a PostgreSQL connection, serves its {@code parcels} table as GeoJSON and checks it on demand. The caller
 * is taken from two headers to keep the example short; a real application takes it from its authentication.
 */
@RestController
final class MapLayersController {
    private final Connections connections;

    MapLayersController(Connections connections) {
        this.connections = connections;
    }

    /** Registers the connection as the caller's, shared read-only with the caller's organization. */
    @PostMapping("/connections")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, String> register(
            @RequestHeader("X-User") String user,
            @RequestHeader("X-Organization") String organization,
            @RequestBody PostgresConnectionRequest request) {
        Principal owner = Principal.of(user, organization, Role.EDITOR);
        Connection created = connections.create(
                owner,
                NewConnection.of("postgres", request.name())
                        .authMethod("password")
                        .property("host", request.host())
                        .property("port", request.port())
                        .property("database", request.database())
                        .property("username", request.username())
                        .secret("password", request.password())
                        .property("sslMode", request.sslMode()));
        connections.share(owner, created.id(), Sharing.organization(), true);
        return Map.of("id", created.id());
    }

    @GetMapping("/connections/{id}/parcels.geojson")
    void parcels(
            @PathVariable String id,
            @RequestHeader("X-User") String user,
            @RequestHeader("X-Organization") String organization,
            HttpServletResponse response)
            throws IOException {
        Principal viewer = Principal.of(user, organization, Role.VIEWER);
        // The query runs before anything is written, so a refusal still becomes an error status (ErrorResponses).
        try (QueryResult rows =
                connections.query(viewer, id, Query.sql("select name, geom from parcels order by name"))) {
            response.setContentType("application/geo+json");
            rows.writeGeoJson(response.getOutputStream());
        }
    }

    @PostMapping("/connections/{id}/check")
    Map<String, String> check(
            @PathVariable String id,
            @RequestHeader("X-User") String user,
            @RequestHeader("X-Organization") String organization) {
        return Map.of(
                "summary",
                connections
                        .check(Principal.of(user, organization, Role.VIEWER), id)
                        .summary());
    }
}
