package com.carto.connections.benchmarks;

import static java.util.Objects.requireNonNull;

import com.carto.connections.Connections;
import com.carto.connections.grants.GrantSource;
import com.carto.connections.grants.NewGrant;
import com.carto.connections.grants.ParameterType;
import com.carto.connections.grants.SourceRequest;
import com.carto.connections.grants.TokenCall;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.secrets.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.openjdk.jmh.infra.Blackhole;

/**
 * (10) A granted query through a token ({@code connections.query(TokenCall)}: the ES256 signature checked, the grant
 * read or taken from the cache, the creator's access checked, the named query bound) against the same query run by
 * the connection's owner ({@code connections.query(principal, id, query)}), one row by primary key from
 * {@code bench_rows} per call, one caller, on the PostgreSQL or the embedded H2 store. Both sides run the same SQL with
 * the same row limit and timeout (the host's token limits), so the difference is what the token path adds. The store
 * statements per call are counted by core's {@code TokenStoreStatementsTest}, not here.
 */
final class TokenQueries implements Benchmark {
    static final String SQL = "select id, label from bench_rows where id = :id";
    private static final long MAX_ROWS = 100_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final BenchFacade.StoreKind kind;

    TokenQueries(BenchFacade.StoreKind kind) {
        this.kind = requireNonNull(kind, "kind is null");
    }

    @Override
    public String key() {
        return kind == BenchFacade.StoreKind.POSTGRES ? "token-query" : "token-query-h2";
    }

    /** Calls per side per round at each scale. */
    static int calls(Sizes sizes) {
        if (sizes.equals(Sizes.FULL)) {
            return 20_000;
        }
        if (sizes.equals(Sizes.MEDIUM)) {
            return 10_000;
        }
        if (sizes.equals(Sizes.SMOKE)) {
            return 20;
        }
        return 2_000;
    }

    @Override
    public Outcome run(BenchEnvironment environment) throws Exception {
        int calls = calls(environment.sizes());
        long rows = environment.sizes().rows();
        try (BenchFacade facade =
                BenchFacade.start(environment.postgres(), kind, environment.database(), "bench_tokens")) {
            // bench_rows has no key: without the index each call would time a scan of the table, not the call.
            environment
                    .postgres()
                    .psql(
                            environment.database(),
                            "create index if not exists bench_rows_id on bench_rows (id); analyze bench_rows;"
                                    + " grant select on bench_rows to \"" + facade.role() + "\"");
            Connections connections = facade.connections();
            String id = connections
                    .create(BenchFacade.owner(), facade.draft("tokens", 4))
                    .id();
            Secret token = connections
                    .createGrant(
                            BenchFacade.owner(),
                            id,
                            NewGrant.query(
                                    Instant.now().plus(Duration.ofDays(1)),
                                    GrantSource.NamedQuery.of("row_by_id", SQL).parameter("id", ParameterType.INTEGER)))
                    .token();
            Blackhole sink = environment.blackhole();
            if (owner(connections, id, calls, rows, sink) != calls
                    || token(connections, token, calls, rows, sink) != calls) {
                throw new IllegalStateException("a side did not read one row per call");
            }
            Outcome compared = SideBySide.compare(
                    environment,
                    String.format(
                            Locale.ROOT,
                            "(10) a granted query by token vs by its owner (%,d calls), %s store",
                            calls,
                            kind == BenchFacade.StoreKind.POSTGRES ? "PostgreSQL" : "H2"),
                    "calls",
                    0,
                    () -> owner(connections, id, calls, rows, sink),
                    () -> token(connections, token, calls, rows, sink),
                    "Reference: connections.query(owner, id, `" + SQL + "` with :id bound, " + MAX_ROWS
                            + " rows, 30 s); SDK: connections.query(TokenCall of the granted named query with the same"
                            + " SQL and id), one row by primary key per call, grant cached (grantRecheck 10 s).");
            return new Outcome(
                    compared.name(),
                    compared.baseline(),
                    compared.sdk(),
                    compared.ratio(),
                    "report only",
                    true,
                    compared.notes());
        }
    }

    /** The owner's calls; returns how many rows they read. */
    static long owner(Connections connections, String id, int calls, long rows, Blackhole sink) {
        long read = 0;
        for (int call = 0; call < calls; call++) {
            Query query = Query.sql(SQL)
                    .param("id", call % rows + 1)
                    .maxRows(MAX_ROWS)
                    .timeout(TIMEOUT);
            try (QueryResult result = connections.query(BenchFacade.owner(), id, query)) {
                read += consume(result, sink);
            }
        }
        return read;
    }

    /** The token's calls; returns how many rows they read. */
    static long token(Connections connections, Secret token, int calls, long rows, Blackhole sink) {
        long read = 0;
        for (int call = 0; call < calls; call++) {
            TokenCall tokenCall = TokenCall.of(
                    BenchFacade.ORGANIZATION,
                    token,
                    SourceRequest.NamedQueryCall.of("row_by_id").with("id", call % rows + 1));
            try (QueryResult result = connections.query(tokenCall)) {
                read += consume(result, sink);
            }
        }
        return read;
    }

    private static long consume(QueryResult result, Blackhole sink) {
        long read = 0;
        while (result.next()) {
            sink.consume(result.longValue(0));
            sink.consume(result.value(1));
            read++;
        }
        return read;
    }
}
