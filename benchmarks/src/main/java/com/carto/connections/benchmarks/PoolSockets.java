package com.carto.connections.benchmarks;

import com.carto.connections.ClientMetrics;
import com.carto.connections.Connections;
import com.carto.connections.access.Principal;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * (5) Many registered connections, a few in use: {@code inUse} callers on threads of their own each run short queries
 * on a connection of their own through the facade, first with a tenth of the connections registered, then with all of
 * them. Reports the warehouse sockets ({@code pg_stat_activity} rows of the connections' role: the peak while the
 * callers run, at once after, and how long until none is left), the SDK's threads (named {@code carto…},
 * {@code Hikari…} or {@code PostgreSQL-JDBC…}) and the client cache's pools.
 *
 * <p>The pools' idle timeout is {@code JdbcWarehouseClient}'s fixed 60 s; HikariCP checks it on its housekeeping
 * period, 30 s by default, so an idle socket would close 60–90 s after its last use. The benchmark sets
 * {@code com.zaxxer.hikari.housekeeping.periodMs=1000} (read by each pool when it is created) so that it closes at
 * 60–61 s, and waits for that, except at smoke size.
 */
final class PoolSockets implements Benchmark {
    static final int MAX_CONCURRENT_QUERIES = 4;
    static final int QUERIES_PER_CALLER = 20;
    private static final String HOUSEKEEPING_PERIOD = "com.zaxxer.hikari.housekeeping.periodMs";
    private static final long IDLE_WAIT_LIMIT_MILLIS = TimeUnit.SECONDS.toMillis(120);
    /** HikariCP's connection adder and closer threads end after 5 s without work. */
    private static final long EXECUTOR_KEEP_ALIVE_MILLIS = TimeUnit.SECONDS.toMillis(6);

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @Override
    public String key() {
        return "sockets";
    }

    @Override
    public Outcome run(BenchEnvironment environment) throws Exception {
        FacadeSizes sizes = FacadeSizes.of(environment.sizes());
        String previousPeriod = System.getProperty(HOUSEKEEPING_PERIOD);
        System.setProperty(HOUSEKEEPING_PERIOD, "1000");
        try (BenchFacade facade = BenchFacade.start(
                environment.postgres(), BenchFacade.StoreKind.POSTGRES, environment.database(), "bench_pools")) {
            int fewer = Math.max(sizes.registered() / 10, sizes.inUse());
            long started = System.nanoTime();
            List<String> ids = new ArrayList<>(facade.register(0, fewer, MAX_CONCURRENT_QUERIES));
            environment.log(String.format(
                    Locale.ROOT,
                    "  registered %,d connections through the facade in %.1f s",
                    fewer,
                    (System.nanoTime() - started) / 1e9));
            Phase first = phase(environment, facade, ids.subList(0, sizes.inUse()), fewer, sizes.waitForIdle());
            started = System.nanoTime();
            ids.addAll(facade.register(fewer, sizes.registered(), MAX_CONCURRENT_QUERIES));
            environment.log(String.format(
                    Locale.ROOT,
                    "  registered %,d more in %.1f s",
                    sizes.registered() - fewer,
                    (System.nanoTime() - started) / 1e9));
            // Connections the first phase never touched, so this phase opens its pools too.
            Phase second = phase(
                    environment,
                    facade,
                    ids.subList(ids.size() - sizes.inUse(), ids.size()),
                    ids.size(),
                    sizes.waitForIdle());
            Sweep sweep = sweep(environment, facade, ids);
            return outcome(sizes, first, second, sweep);
        } finally {
            if (previousPeriod == null) {
                System.clearProperty(HOUSEKEEPING_PERIOD);
            } else {
                System.setProperty(HOUSEKEEPING_PERIOD, previousPeriod);
            }
        }
    }

    private static Outcome outcome(FacadeSizes sizes, Phase first, Phase second, Sweep sweep) {
        int bound = second.atOnce().metrics().openClients() * MAX_CONCURRENT_QUERIES;
        boolean socketsWithinLimits = second.peakSockets() <= bound
                && first.peakSockets() <= first.atOnce().metrics().openClients() * MAX_CONCURRENT_QUERIES;
        boolean idleHoldNone = !sizes.waitForIdle()
                || (first.idle().sockets() == 0 && second.idle().sockets() == 0);
        boolean threadsFlat = first.settled().sdkThreads() == second.settled().sdkThreads()
                && (!sizes.waitForIdle()
                        || first.idle().sdkThreads() == second.idle().sdkThreads());
        String idle = sizes.waitForIdle()
                ? String.format(
                        Locale.ROOT,
                        "%d sockets %.1f s after the last query",
                        second.idle().sockets(),
                        second.idleSeconds())
                : "idle timeout not waited for at this size";
        return new Outcome(
                String.format(
                        Locale.ROOT,
                        "(5) %,d registered connections, %d in use: sockets, threads, pools",
                        sizes.registered(),
                        sizes.inUse()),
                first.summary(),
                second.summary(),
                String.format(
                        Locale.ROOT,
                        "peak %d sockets ≤ %d (%d open pools × limit %d); %s; SDK threads settled %d vs %d",
                        second.peakSockets(),
                        bound,
                        second.atOnce().metrics().openClients(),
                        MAX_CONCURRENT_QUERIES,
                        idle,
                        first.settled().sdkThreads(),
                        second.settled().sdkThreads()),
                "sockets ≤ active pools' limits; idle pools hold none; threads independent of connections",
                socketsWithinLimits && idleHoldNone && threadsFlat,
                first.details() + " " + second.details() + " " + sweep.details() + " Each caller ran "
                        + QUERIES_PER_CALLER + " `select 1` through"
                        + " `connections.query` on its own connection (maxConcurrentQueries " + MAX_CONCURRENT_QUERIES
                        + "); connections created through the facade with skipLiveCheck on a PostgreSQL store; HikariCP"
                        + " housekeeping period set to 1 s so the fixed 60 s idle timeout is met within a second.");
    }

    private static Phase phase(
            BenchEnvironment environment, BenchFacade facade, List<String> inUse, int registered, boolean waitForIdle)
            throws Exception {
        Connections connections = facade.connections();
        Principal owner = BenchFacade.owner();
        Threads before = Threads.now();
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger rows = new AtomicInteger();
        List<Thread> callers = new ArrayList<>();
        for (int index = 0; index < inUse.size(); index++) {
            String id = inUse.get(index);
            Thread caller = new Thread(
                    () -> {
                        try {
                            start.await();
                            for (int query = 0; query < QUERIES_PER_CALLER; query++) {
                                try (QueryResult result = connections.query(owner, id, Query.sql("select 1"))) {
                                    while (result.next()) {
                                        rows.incrementAndGet();
                                    }
                                }
                            }
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                    },
                    "bench-caller-" + index);
            caller.start();
            callers.add(caller);
        }
        SocketSampler sampler = new SocketSampler(environment, facade.role());
        Thread sampling = new Thread(sampler, "bench-socket-sampler");
        sampling.start();
        long started = System.nanoTime();
        start.countDown();
        for (Thread caller : callers) {
            caller.join();
        }
        long finished = System.nanoTime();
        sampler.stop();
        sampling.join();
        if (failure.get() != null) {
            throw new IllegalStateException("a caller failed", failure.get());
        }
        if (rows.get() != inUse.size() * QUERIES_PER_CALLER) {
            throw new IllegalStateException(
                    "expected " + inUse.size() * QUERIES_PER_CALLER + " rows but read " + rows.get());
        }
        Reading atOnce = Reading.now(environment, facade);
        Thread.sleep(EXECUTOR_KEEP_ALIVE_MILLIS);
        Reading settled = Reading.now(environment, facade);
        Reading idle = settled;
        double idleSeconds = Double.NaN;
        if (waitForIdle) {
            long deadline = System.currentTimeMillis() + IDLE_WAIT_LIMIT_MILLIS;
            while (sockets(environment, facade.role()) > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(250);
            }
            idleSeconds = (System.nanoTime() - finished) / 1e9;
            Thread.sleep(EXECUTOR_KEEP_ALIVE_MILLIS);
            idle = Reading.now(environment, facade);
        }
        Phase phase = new Phase(
                registered,
                inUse.size(),
                (finished - started) / 1e6,
                sampler.peak(),
                before,
                atOnce,
                settled,
                idle,
                idleSeconds);
        environment.log("  " + phase.details());
        return phase;
    }

    /**
     * One query on every registered connection in turn from one caller, as a batch job touching each connection
     * would: the cache opens a pool per connection and evicts beyond {@code maxClients}. Reports the peaks of sockets
     * and of the JVM's threads, since HikariCP starts a connection adder thread in every pool that opens a connection.
     */
    private static Sweep sweep(BenchEnvironment environment, BenchFacade facade, List<String> ids) throws Exception {
        Connections connections = facade.connections();
        Principal owner = BenchFacade.owner();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        int before = threads.getThreadCount();
        threads.resetPeakThreadCount();
        SocketSampler sampler = new SocketSampler(environment, facade.role());
        Thread sampling = new Thread(sampler, "bench-socket-sampler");
        sampling.start();
        long evictionsBefore = connections.clientMetrics().evictions();
        long started = System.nanoTime();
        for (String id : ids) {
            try (QueryResult result = connections.query(owner, id, Query.sql("select 1"))) {
                while (result.next()) {
                    // Drained, so the result gives its connection back at once.
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        sampler.stop();
        sampling.join();
        int peakThreads = threads.getPeakThreadCount();
        ClientMetrics after = connections.clientMetrics();
        Sweep sweep = new Sweep(
                ids.size(),
                seconds,
                before,
                peakThreads,
                sampler.peak(),
                after.evictions() - evictionsBefore,
                Reading.now(environment, facade));
        environment.log("  " + sweep.details());
        return sweep;
    }

    static int sockets(BenchEnvironment environment, String role) throws SQLException {
        try (Connection connection = environment.rawPool().getConnection();
                PreparedStatement count =
                        connection.prepareStatement("select count(*) from pg_stat_activity where usename = ?")) {
            count.setString(1, role);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    /** Polls the role's sockets while the callers run and keeps the highest count. */
    private static final class SocketSampler implements Runnable {
        private final BenchEnvironment environment;
        private final String role;
        private volatile boolean stopped;
        private volatile int peak;

        SocketSampler(BenchEnvironment environment, String role) {
            this.environment = environment;
            this.role = role;
        }

        @Override
        public void run() {
            try {
                do {
                    peak = Math.max(peak, sockets(environment, role));
                    Thread.sleep(10);
                } while (!stopped);
                peak = Math.max(peak, sockets(environment, role));
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException("sampling pg_stat_activity failed", e);
            }
        }

        void stop() {
            stopped = true;
        }

        int peak() {
            return peak;
        }
    }

    /** The JVM's threads: how many in all, and the SDK's by name with connection ids folded. */
    record Threads(int total, Map<String, Integer> sdk) {
        static Threads now() {
            Map<String, Integer> sdk = new TreeMap<>();
            int total = 0;
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                total++;
                String name = thread.getName();
                if (name.startsWith("carto") || name.startsWith("Hikari") || name.startsWith("PostgreSQL-JDBC")) {
                    sdk.merge(UUID.matcher(name).replaceAll("*"), 1, Integer::sum);
                }
            }
            return new Threads(total, sdk);
        }

        int sdkThreads() {
            return sdk.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** Sockets, threads and pools at one moment. */
    record Reading(int sockets, Threads threads, ClientMetrics metrics) {
        static Reading now(BenchEnvironment environment, BenchFacade facade) throws SQLException {
            return new Reading(
                    PoolSockets.sockets(environment, facade.role()),
                    Threads.now(),
                    facade.connections().clientMetrics());
        }

        int sdkThreads() {
            return threads.sdkThreads();
        }

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "%d sockets, %d threads (SDK %d: %s), %d open pools, %d cached, %d leases out",
                    sockets,
                    threads.total(),
                    threads.sdkThreads(),
                    threads.sdk(),
                    metrics.openClients(),
                    metrics.cachedClients(),
                    metrics.leasesOut());
        }
    }

    private record Sweep(
            int connections,
            double seconds,
            int threadsBefore,
            int peakThreads,
            int peakSockets,
            long evictions,
            Reading atOnce) {
        String details() {
            return String.format(
                    Locale.ROOT,
                    "One caller querying each of the %,d connections once (%.1f s, %,d pools evicted):"
                            + " threads %d before, peak %d; peak %d sockets; at once %s.",
                    connections,
                    seconds,
                    evictions,
                    threadsBefore,
                    peakThreads,
                    peakSockets,
                    atOnce.describe());
        }
    }

    private record Phase(
            int registered,
            int inUse,
            double runMillis,
            int peakSockets,
            Threads before,
            Reading atOnce,
            Reading settled,
            Reading idle,
            double idleSeconds) {
        String summary() {
            return String.format(
                    Locale.ROOT,
                    "%,d registered: peak %d sockets, SDK threads %d at once / %d settled%s",
                    registered,
                    peakSockets,
                    atOnce.sdkThreads(),
                    settled.sdkThreads(),
                    Double.isNaN(idleSeconds)
                            ? ""
                            : String.format(
                                    Locale.ROOT, " / %d idle, %d sockets idle", idle.sdkThreads(), idle.sockets()));
        }

        String details() {
            return String.format(
                    Locale.ROOT,
                    "With %,d registered and %d in use (%.0f ms of queries): before %d threads (SDK %d);"
                            + " peak %d sockets; at once %s; 6 s later %s%s.",
                    registered,
                    inUse,
                    runMillis,
                    before.total(),
                    before.sdkThreads(),
                    peakSockets,
                    atOnce.describe(),
                    settled.describe(),
                    Double.isNaN(idleSeconds)
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    "; no socket left %.1f s after the last query, then %s",
                                    idleSeconds,
                                    idle.describe()));
        }
    }
}
