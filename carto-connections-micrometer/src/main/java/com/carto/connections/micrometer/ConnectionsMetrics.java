package com.carto.connections.micrometer;

import static java.util.Objects.requireNonNull;

import com.carto.connections.Connections;
import com.carto.connections.PoolMetrics;
import com.carto.connections.WarehouseCall;
import com.carto.connections.WarehouseObserver;
import com.carto.connections.check.CheckReport;
import com.carto.connections.check.StageResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters for one {@link Connections}: give it to the builder as its observer, then {@link #bindTo} the
 * built instance for the gauges.
 *
 * <pre>{@code
 * ConnectionsMetrics metrics = ConnectionsMetrics.of(registry);
 * Connections connections = Connections.builder().embedded(dir).observer(metrics).build();
 * metrics.bindTo(connections);
 * }</pre>
 *
 * <p>Tags are ids and enum names only, never SQL, a parameter value, a user, a connection's name or settings, or a
 * message: {@code provider} (the installed providers' ids), {@code connection} (a stored connection's id; at most
 * {@code maxConnectionTags} distinct values, later connections share the value {@value #OTHER}; left out entirely when
 * {@code connectionTag} is false), {@code kind}, {@code outcome}, {@code error} (an {@code ErrorCategory} or
 * {@code none}), {@code stage} and {@code status}. Thread-safe.
 */
public final class ConnectionsMetrics implements WarehouseObserver {
    /** The {@code connection} tag of connections beyond {@code maxConnectionTags}. */
    public static final String OTHER = "other";
    /** The {@code connection} tag of a check of a draft or of a connection being created, which has no stored id. */
    public static final String UNSTORED = "unstored";

    static final String CALLS = "carto.connections.calls";
    static final String ROWS = "carto.connections.query.rows";
    static final String BYTES = "carto.connections.query.bytes";
    static final String ERRORS = "carto.connections.errors";
    static final String REJECTED = "carto.connections.rejected";
    static final String CHECK_STAGES = "carto.connections.check.stages";
    static final String POOL_ACTIVE = "carto.connections.pool.active";
    static final String POOL_IDLE = "carto.connections.pool.idle";
    static final String POOL_PENDING = "carto.connections.pool.pending";
    static final String CLIENTS_OPEN = "carto.connections.clients.open";

    private static final String NONE = "none";

    private final MeterRegistry registry;
    private final boolean connectionTag;
    private final int maxConnectionTags;
    // The connection tag given to each connection id seen; bounded by the store's connections, not by callers.
    private final Map<String, Group> groups = new ConcurrentHashMap<>();
    private final Set<String> taggedConnections = ConcurrentHashMap.newKeySet();
    private final Set<Group> gaugedGroups = ConcurrentHashMap.newKeySet();
    private volatile @Nullable Connections bound;

    private ConnectionsMetrics(MeterRegistry registry, boolean connectionTag, int maxConnectionTags) {
        this.registry = requireNonNull(registry, "registry is null");
        if (maxConnectionTags < 0) {
            throw new IllegalArgumentException("maxConnectionTags must not be negative but was " + maxConnectionTags);
        }
        this.connectionTag = connectionTag;
        this.maxConnectionTags = maxConnectionTags;
    }

    /** Meters tagged by connection id, for at most 1,000 connections (the rest share {@value #OTHER}). */
    public static ConnectionsMetrics of(MeterRegistry registry) {
        return new ConnectionsMetrics(registry, true, 1_000);
    }

    /**
     * Meters with the connection tag as chosen.
     *
     * @param connectionTag whether meters carry a {@code connection} tag; without it they are per provider only
     * @param maxConnectionTags the most distinct connection ids used as tag values; later ones are {@value #OTHER}
     */
    public static ConnectionsMetrics of(MeterRegistry registry, boolean connectionTag, int maxConnectionTags) {
        return new ConnectionsMetrics(registry, connectionTag, maxConnectionTags);
    }

    /** Registers the gauges that read the instance: open clients, and each connection's running slots once it is used. */
    public ConnectionsMetrics bindTo(Connections connections) {
        this.bound = requireNonNull(connections, "connections is null");
        Gauge.builder(CLIENTS_OPEN, connections, c -> c.clientMetrics().openClients())
                .description("Warehouse clients (pools) open, including retired ones still finishing their work")
                .register(registry);
        gaugedGroups.forEach(this::registerPoolGauges);
        return this;
    }

    @Override
    public void callFinished(WarehouseCall call) {
        Group group = group(call.providerId(), call.connectionId());
        Tags tags = group.tags();
        String error = call.error().map(category -> category.name()).orElse(NONE);
        Timer.builder(CALLS)
                .description("Calls to warehouses by kind and outcome; for queries, until the result ended")
                .tags(tags)
                .tag("kind", lower(call.kind().name()))
                .tag("outcome", lower(call.outcome().name()))
                .tag("error", error)
                .register(registry)
                .record(call.elapsed());
        switch (call.outcome()) {
            case SUCCEEDED -> {}
            case FAILED ->
                Counter.builder(ERRORS)
                        .description("Failed warehouse calls by error category")
                        .tags(tags)
                        .tag("kind", lower(call.kind().name()))
                        .tag("category", error)
                        .register(registry)
                        .increment();
            case REJECTED ->
                Counter.builder(REJECTED)
                        .description("Calls turned away by a connection's running limit (LIMIT_EXCEEDED)")
                        .tags(tags)
                        .register(registry)
                        .increment();
        }
        if (call.kind() == WarehouseCall.Kind.QUERY) {
            Counter.builder(ROWS)
                    .description("Rows read from query results")
                    .tags(tags)
                    .register(registry)
                    .increment((double) call.rows());
            Counter.builder(BYTES)
                    .description("Estimated bytes of the values read from query results")
                    .baseUnit("bytes")
                    .tags(tags)
                    .register(registry)
                    .increment((double) call.bytes());
        }
        if (gaugedGroups.add(group) && bound != null) {
            registerPoolGauges(group);
        }
    }

    @Override
    public void checkFinished(String providerId, Optional<String> connectionId, CheckReport report) {
        Tags tags = connectionId
                .map(id -> group(providerId, id).tags())
                .orElseGet(() -> new Group(providerId, connectionTag ? UNSTORED : null).tags());
        for (StageResult stage : report.stages()) {
            Counter.builder(CHECK_STAGES)
                    .description("Live check stages by outcome")
                    .tags(tags)
                    .tag("stage", stage.stage().name())
                    .tag("status", stage.status().name())
                    .register(registry)
                    .increment();
        }
    }

    private Group group(String providerId, String connectionId) {
        return groups.computeIfAbsent(connectionId, id -> new Group(providerId, connectionTagOf(id)));
    }

    private @Nullable String connectionTagOf(String connectionId) {
        if (!connectionTag) {
            return null;
        }
        synchronized (taggedConnections) {
            if (taggedConnections.size() < maxConnectionTags) {
                taggedConnections.add(connectionId);
                return connectionId;
            }
        }
        return OTHER;
    }

    private void registerPoolGauges(Group group) {
        gauge(
                POOL_ACTIVE,
                "Queries holding a running slot, results being streamed included",
                group,
                PoolMetrics::active);
        gauge(POOL_IDLE, "Free running slots (maxConcurrentQueries less the active ones)", group, PoolMetrics::idle);
        gauge(POOL_PENDING, "Callers waiting in a connection's queue for a running slot", group, PoolMetrics::pending);
    }

    private void gauge(String name, String description, Group group, ToIntFunction<PoolMetrics> figure) {
        Gauge.builder(name, this, metrics -> metrics.sum(group, figure))
                .description(description)
                .tags(group.tags())
                .register(registry);
    }

    /** The figure summed over the connections that share the group's tags. */
    private double sum(Group group, ToIntFunction<PoolMetrics> figure) {
        Connections connections = bound;
        if (connections == null) {
            return Double.NaN;
        }
        long total = 0;
        for (Map.Entry<String, PoolMetrics> entry : connections.poolMetrics().entrySet()) {
            if (group.equals(groups.get(entry.getKey()))) {
                total += figure.applyAsInt(entry.getValue());
            }
        }
        return total;
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The tags a connection's meters carry: its provider, and its connection tag unless they are off. */
    private record Group(String providerId, @Nullable String connection) {
        Tags tags() {
            Tags tags = Tags.of(Tag.of("provider", providerId));
            return connection == null ? tags : tags.and("connection", connection);
        }
    }
}
