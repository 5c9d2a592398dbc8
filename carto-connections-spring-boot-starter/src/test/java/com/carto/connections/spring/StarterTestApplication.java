package com.carto.connections.spring;

import com.carto.connections.ConnectionEvent;
import com.carto.connections.ConnectionListener;
import com.carto.connections.Connections;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application the starter is tested in (the example to read is examples/spring-boot): serves a map layer as GeoJSON through the SDK and checks a connection on demand. The
 * caller is taken from two headers to keep the example short; a real application takes it from its authentication.
 */
@SpringBootApplication
public class StarterTestApplication {
    /** Every event, so tests can see which operations ran (checks among them). */
    static final List<ConnectionEvent> EVENTS = new CopyOnWriteArrayList<>();

    @Bean
    ConnectionListener recordingListener() {
        return EVENTS::add;
    }

    @RestController
    static final class Layers {
        private final Connections connections;

        Layers(Connections connections) {
            this.connections = connections;
        }

        @GetMapping("/connections/{id}/parcels.geojson")
        void parcels(
                @PathVariable String id,
                @RequestHeader("X-User") String user,
                @RequestHeader("X-Organization") String organization,
                HttpServletResponse response)
                throws IOException {
            Principal principal = Principal.of(user, organization, Role.VIEWER);
            try (QueryResult rows =
                    connections.query(principal, id, Query.sql("select name, geom from parcels order by name"))) {
                response.setContentType("application/geo+json");
                rows.writeGeoJson(response.getOutputStream());
            }
        }

        @PostMapping("/connections/{id}/check")
        String check(
                @PathVariable String id,
                @RequestHeader("X-User") String user,
                @RequestHeader("X-Organization") String organization) {
            return connections
                    .check(Principal.of(user, organization, Role.VIEWER), id)
                    .summary();
        }
    }
}
