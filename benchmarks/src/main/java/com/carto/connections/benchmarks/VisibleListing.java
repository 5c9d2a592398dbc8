package com.carto.connections.benchmarks;

import static java.util.Objects.requireNonNull;

import com.carto.connections.Connection;
import com.carto.connections.Connections;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.access.Sharing;
import com.carto.connections.query.Page;
import com.carto.connections.query.PageRequest;
import com.carto.connections.store.ConnectionFilter;
import com.carto.connections.store.EncryptedSecret;
import com.carto.connections.store.StoredConnection;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.StringWriter;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.openjdk.jmh.infra.Blackhole;

/**
 * (6) Everything one editor may see among {@code listed} connections of an organization with mixed sharing — 45 %
 * private to one of 100 owners, 20 % shared with the organization, 30 % with one or two of 20 groups (the editor is in
 * three), 5 % with viewer credentials — paged through with {@code connections.list} (pages of 100), against the same
 * rows read by a plain indexed select: one {@code where id in (…) order by name} per page over the precomputed ids
 * the editor sees, every column read. Connections are inserted through the store (listing decrypts nothing, so the
 * ciphertexts are placeholders) and, on PostgreSQL, analyzed as autovacuum would; the SDK's listing is checked to
 * return exactly the precomputed ids first. {@link ListingDiagnosis} then times the store's own statements by hand.
 */
final class VisibleListing implements Benchmark {
    static final int PAGE_SIZE = 100;
    static final int OWNERS = 100;
    static final int GROUPS = 20;
    static final Principal VIEWER =
            new Principal("u000", BenchFacade.ORGANIZATION, Role.EDITOR, Set.of("g00", "g01", "g02"));
    private static final String COLUMNS =
            "id, organization_id, owner_id, name, provider_id, auth_method, properties, advanced,"
                    + " created_at, updated_at, version, sharing";

    static final double TARGET = 1.5;

    private final BenchFacade.StoreKind kind;
    private final boolean large;

    /** @param large among ten times as many connections ({@link FacadeSizes#listedLarge()}), inserted in batches */
    VisibleListing(BenchFacade.StoreKind kind, boolean large) {
        this.kind = requireNonNull(kind, "kind is null");
        this.large = large;
    }

    @Override
    public String key() {
        return (kind == BenchFacade.StoreKind.POSTGRES ? "listing" : "listing-h2") + (large ? "-100k" : "");
    }

    @Override
    public Outcome run(BenchEnvironment environment) throws Exception {
        FacadeSizes sizes = FacadeSizes.of(environment.sizes());
        try (BenchFacade facade =
                BenchFacade.start(environment.postgres(), kind, environment.database(), "bench_listing")) {
            List<StoredConnection> all = generate(large ? sizes.listedLarge() : sizes.listed());
            long started = System.nanoTime();
            if (large) {
                // store.insert commits each connection (about 5 ms each here): rows written as the store writes them,
                // in batches, take a minute instead of ten.
                try (java.sql.Connection database = DriverManager.getConnection(
                        facade.storeJdbcUrl(), facade.storeUser(), facade.storePassword())) {
                    insertInBatches(database, all);
                }
            } else {
                all.forEach(facade.store()::insert);
            }
            environment.log(String.format(
                    Locale.ROOT,
                    "  inserted %,d connections into the %s store in %.1f s",
                    all.size(),
                    kind,
                    (System.nanoTime() - started) / 1e9));
            List<String> expected = all.stream()
                    .filter(VisibleListing::visibleToViewer)
                    .sorted(Comparator.comparing(StoredConnection::name))
                    .map(StoredConnection::id)
                    .toList();
            Blackhole sink = environment.blackhole();
            try (java.sql.Connection reference =
                    DriverManager.getConnection(facade.storeJdbcUrl(), facade.storeUser(), facade.storePassword())) {
                if (kind == BenchFacade.StoreKind.POSTGRES) {
                    // As autovacuum would within a minute of the inserts, so the planner knows the table's size.
                    try (Statement analyze = reference.createStatement()) {
                        analyze.execute("analyze");
                    }
                }
                List<String> listed = new ArrayList<>();
                sdk(facade.connections(), connection -> listed.add(connection.id()));
                if (!listed.equals(expected)) {
                    throw new IllegalStateException("the SDK listed " + listed.size() + " connections, not the "
                            + expected.size() + " expected");
                }
                if (reference(reference, expected, sink) != expected.size()) {
                    throw new IllegalStateException("the reference did not read every expected row");
                }
                int passes = large ? sizes.largeListingPasses() : sizes.listingPasses();
                Outcome compared = SideBySide.compare(
                        environment,
                        String.format(
                                Locale.ROOT,
                                "(6) list what one editor sees (%,d of %,d, with groups), %s store",
                                expected.size(),
                                all.size(),
                                kind == BenchFacade.StoreKind.POSTGRES ? "PostgreSQL" : "H2"),
                        "connections",
                        1 / TARGET,
                        () -> {
                            long rows = 0;
                            for (int pass = 0; pass < passes; pass++) {
                                rows += reference(reference, expected, sink);
                            }
                            return rows;
                        },
                        () -> {
                            long rows = 0;
                            for (int pass = 0; pass < passes; pass++) {
                                rows += sdk(facade.connections(), sink::consume);
                            }
                            return rows;
                        },
                        "Reference: `select <the store's columns> from carto_connections where id in (<100 ids>) order by name`"
                                + " per page over the precomputed visible ids (primary key), every column read;"
                                + " SDK: `connections.list(editor, organization, pages of " + PAGE_SIZE
                                + ")` to the last page"
                                + " (one statement per page: the audience query with each row's secret names and groups,"
                                + " mapped to Connection). "
                                + passes + " passes per round.");
                String diagnosis;
                if (!large) {
                    diagnosis = ListingDiagnosis.describe(reference, kind == BenchFacade.StoreKind.POSTGRES);
                } else if (kind == BenchFacade.StoreKind.POSTGRES) {
                    String lateAfter = all.stream()
                            .filter(VisibleListing::visibleToViewer)
                            .map(StoredConnection::name)
                            .sorted()
                            .toList()
                            .get(expected.size() * 9 / 10);
                    diagnosis = ListingDiagnosis.describeLatePage(reference, lateAfter);
                } else {
                    diagnosis = "";
                }
                environment.log("  " + diagnosis);
                return asTimeRatio(compared, diagnosis);
            }
        }
    }

    /** SideBySide compares throughputs; the target here is stated in time, SDK over reference. */
    private static Outcome asTimeRatio(Outcome compared, String diagnosis) {
        double throughputRatio = Double.parseDouble(compared.ratio());
        double timeRatio = 1 / throughputRatio;
        return new Outcome(
                compared.name(),
                compared.baseline(),
                compared.sdk(),
                String.format(Locale.ROOT, "%.2f× the time (throughput %.3f)", timeRatio, throughputRatio),
                "≤ " + TARGET + "× the time",
                timeRatio <= TARGET,
                compared.notes() + " " + diagnosis);
    }

    /** Pages through everything the viewer sees; returns how many connections it listed. */
    static long sdk(Connections connections, java.util.function.Consumer<Connection> sink) {
        ConnectionFilter filter = ConnectionFilter.organization(BenchFacade.ORGANIZATION);
        PageRequest request = PageRequest.first(PAGE_SIZE);
        long listed = 0;
        for (; ; ) {
            Page<Connection> page = connections.list(VIEWER, filter, request);
            page.items().forEach(sink);
            listed += page.items().size();
            if (page.nextPageToken().isEmpty()) {
                return listed;
            }
            request = request.after(page.nextPageToken().get());
        }
    }

    /** The same rows by primary key, a page of ids per query, in name order; returns how many rows it read. */
    static long reference(java.sql.Connection database, List<String> visibleIds, Blackhole sink) throws Exception {
        long read = 0;
        String fullPage = "select " + COLUMNS + " from carto_connections where id in ("
                + String.join(", ", Collections.nCopies(PAGE_SIZE, "?")) + ") order by name";
        for (int from = 0; from < visibleIds.size(); from += PAGE_SIZE) {
            List<String> page = visibleIds.subList(from, Math.min(from + PAGE_SIZE, visibleIds.size()));
            String sql = page.size() == PAGE_SIZE
                    ? fullPage
                    : "select " + COLUMNS + " from carto_connections where id in ("
                            + String.join(", ", Collections.nCopies(page.size(), "?")) + ") order by name";
            try (PreparedStatement select = database.prepareStatement(sql)) {
                for (int index = 0; index < page.size(); index++) {
                    select.setString(index + 1, page.get(index));
                }
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        for (int column = 1; column <= 8; column++) {
                            sink.consume(row.getString(column));
                        }
                        sink.consume(row.getObject(9, OffsetDateTime.class));
                        sink.consume(row.getObject(10, OffsetDateTime.class));
                        sink.consume(row.getLong(11));
                        sink.consume(row.getString(12));
                        read++;
                    }
                }
            }
        }
        return read;
    }

    /** The connections' rows, secrets and groups in the store's tables, as {@code JdbcConnectionStore.insert} writes them. */
    private static void insertInBatches(java.sql.Connection database, List<StoredConnection> all) throws Exception {
        JsonFactory json = new JsonFactory();
        database.setAutoCommit(false);
        try (PreparedStatement row = database.prepareStatement(
                        "insert into carto_connections (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement secret = database.prepareStatement("insert into carto_connection_secrets"
                        + " (connection_id, secret_key, ciphertext, key_id) values (?, ?, ?, ?)");
                PreparedStatement group = database.prepareStatement(
                        "insert into carto_connection_groups (connection_id, group_name) values (?, ?)")) {
            for (int index = 0; index < all.size(); index++) {
                StoredConnection connection = all.get(index);
                row.setString(1, connection.id());
                row.setString(2, connection.organizationId());
                row.setString(3, connection.ownerId());
                row.setString(4, connection.name());
                row.setString(5, connection.providerId());
                row.setString(6, connection.authMethod());
                row.setString(7, json(json, connection.properties()));
                row.setString(8, json(json, connection.advanced()));
                row.setObject(9, connection.createdAt().atOffset(ZoneOffset.UTC));
                row.setObject(10, connection.updatedAt().atOffset(ZoneOffset.UTC));
                row.setLong(11, connection.version());
                row.setString(12, connection.sharing().mode().name());
                row.addBatch();
                for (Map.Entry<String, EncryptedSecret> entry :
                        connection.encryptedSecrets().entrySet()) {
                    secret.setString(1, connection.id());
                    secret.setString(2, entry.getKey());
                    secret.setString(3, entry.getValue().ciphertext());
                    secret.setString(4, entry.getValue().keyId());
                    secret.addBatch();
                }
                for (String name : connection.sharing().groups()) {
                    group.setString(1, connection.id());
                    group.setString(2, name);
                    group.addBatch();
                }
                if (index % 1_000 == 999 || index == all.size() - 1) {
                    row.executeBatch();
                    secret.executeBatch();
                    group.executeBatch();
                    database.commit();
                }
            }
        } finally {
            database.setAutoCommit(true);
        }
    }

    /** Plain values as the store writes them (Jackson, in the map's order). */
    private static String json(JsonFactory json, Map<String, Object> values) throws Exception {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = json.createGenerator(text)) {
            generator.writeStartObject();
            for (Map.Entry<String, Object> entry : values.entrySet()) {
                generator.writeFieldName(entry.getKey());
                if (entry.getValue() instanceof Integer number) {
                    generator.writeNumber(number);
                } else if (entry.getValue() instanceof Boolean flag) {
                    generator.writeBoolean(flag);
                } else {
                    generator.writeString(entry.getValue().toString());
                }
            }
            generator.writeEndObject();
        }
        return text.toString();
    }

    /** The organization's connections, deterministic apart from their random ids. */
    static List<StoredConnection> generate(int count) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<StoredConnection> all = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            Sharing sharing = switch (index % 20) {
                case 8, 9, 10, 11 -> Sharing.organization();
                case 12, 13, 14, 15, 16, 17 ->
                    Sharing.groups(new LinkedHashSet<>(List.of(group(index / 20), group(index / 400 + 7))));
                case 18 -> Sharing.viewerCredentials();
                default -> Sharing.PRIVATE;
            };
            all.add(new StoredConnection(
                    BenchFacade.newId(),
                    BenchFacade.ORGANIZATION,
                    String.format(Locale.ROOT, "u%03d", index % OWNERS),
                    String.format(Locale.ROOT, "conn-%05d", index),
                    "postgres",
                    "password",
                    Map.of(
                            "host",
                            "db" + index % 7 + ".example.com",
                            "port",
                            5432,
                            "database",
                            "gis",
                            "username",
                            "carto",
                            "sslMode",
                            "require"),
                    Map.of("password", new EncryptedSecret("bench", "placeholder-ciphertext-" + index)),
                    Map.of("maxConcurrentQueries", 4),
                    now,
                    now,
                    1,
                    sharing));
        }
        return all;
    }

    private static String group(int index) {
        return String.format(Locale.ROOT, "g%02d", index % GROUPS);
    }

    /** The access model's rule for an editor (README, "Access model"), written out independently of the SDK. */
    static boolean visibleToViewer(StoredConnection connection) {
        if (connection.ownerId().equals(VIEWER.userId())) {
            return true;
        }
        return switch (connection.sharing().mode()) {
            case ORGANIZATION, VIEWER_CREDENTIALS -> true;
            case GROUPS -> connection.sharing().groups().stream().anyMatch(VIEWER.groups()::contains);
            case PRIVATE -> false;
        };
    }
}
