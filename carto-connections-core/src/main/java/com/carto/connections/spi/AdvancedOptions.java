package com.carto.connections.spi;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The settings every connection has whatever its provider.
 *
 * @param maxConcurrentQueries at most this many queries run at once on the connection (1–1000; default 10)
 * @param queryTimeout the longest any query may run; a query's own timeout is capped by it (default 10 minutes)
 * @param analyticsToolboxLocation where the CARTO Analytics Toolbox is installed (default per dialect, {@code carto})
 * @param dataObservatoryLocation where Data Observatory subscriptions live (default: same as the toolbox)
 * @param tempLocation where write-back and temporary tables go (default per dialect, {@code carto_temp})
 * @param namedSourcesOnly whether tokens may run only the named queries of their grants, never a table read (default
 *     false): grants with table sources are refused, and those made before it was set stop working. Providers ignore
 *     it; the SDK applies it to grants and tokens (README, "Grants and tokens")
 */
public record AdvancedOptions(
        int maxConcurrentQueries,
        Duration queryTimeout,
        String analyticsToolboxLocation,
        String dataObservatoryLocation,
        String tempLocation,
        boolean namedSourcesOnly) {

    public static final Property<Integer> MAX_CONCURRENT_QUERIES = Property.integer("maxConcurrentQueries")
            .range(1, 1000)
            .defaultValue(10)
            .inGroup(PropertyGroup.ADVANCED)
            .describedAs(
                    "The most queries that run at once on this connection; as many more wait up to 30 s, others are rejected at once");
    public static final Property<Duration> QUERY_TIMEOUT = Property.duration("queryTimeout")
            .defaultValue(Duration.ofMinutes(10))
            .describedAs("The longest a query may run before it is cancelled on the warehouse, e.g. 30s or 10m");
    public static final Property<String> ANALYTICS_TOOLBOX_LOCATION = Property.string("analyticsToolboxLocation")
            .inGroup(PropertyGroup.ADVANCED)
            .describedAs("Where the CARTO Analytics Toolbox is installed (schema, dataset or database.schema)");
    public static final Property<String> DATA_OBSERVATORY_LOCATION = Property.string("dataObservatoryLocation")
            .inGroup(PropertyGroup.ADVANCED)
            .describedAs("Where Data Observatory subscriptions are stored; defaults to the toolbox location");
    public static final Property<String> TEMP_LOCATION = Property.string("tempLocation")
            .inGroup(PropertyGroup.ADVANCED)
            .describedAs("Where write-back and temporary tables are created; created when missing");
    public static final Property<Boolean> NAMED_SOURCES_ONLY = Property.bool("namedSourcesOnly")
            .defaultValue(false)
            .inGroup(PropertyGroup.ADVANCED)
            .describedAs("Tokens may run only the named queries of their grants, never a table read, so no request"
                    + " shaped like SQL comes from a public client");

    /** The descriptors, in form order. */
    public static final List<Property<?>> PROPERTIES = List.of(
            MAX_CONCURRENT_QUERIES,
            QUERY_TIMEOUT,
            ANALYTICS_TOOLBOX_LOCATION,
            DATA_OBSERVATORY_LOCATION,
            TEMP_LOCATION,
            NAMED_SOURCES_ONLY);

    public AdvancedOptions {
        if (maxConcurrentQueries < 1 || maxConcurrentQueries > 1000) {
            throw new IllegalArgumentException(
                    "maxConcurrentQueries must be between 1 and 1000 but was " + maxConcurrentQueries);
        }
        requireNonNull(queryTimeout, "queryTimeout is null");
        requireNonNull(analyticsToolboxLocation, "analyticsToolboxLocation is null");
        requireNonNull(dataObservatoryLocation, "dataObservatoryLocation is null");
        requireNonNull(tempLocation, "tempLocation is null");
    }

    /** Parses raw advanced options; absent locations take the dialect's defaults. */
    public static AdvancedOptions parse(Map<String, ?> raw, Dialect dialect) {
        PropertyValues values = PropertyValues.parse(raw, PROPERTIES);
        String toolbox = values.find(ANALYTICS_TOOLBOX_LOCATION).orElse(dialect.defaultAnalyticsToolboxLocation());
        return new AdvancedOptions(
                values.get(MAX_CONCURRENT_QUERIES),
                values.get(QUERY_TIMEOUT),
                toolbox,
                values.find(DATA_OBSERVATORY_LOCATION).orElse(toolbox),
                values.find(TEMP_LOCATION).orElse(dialect.defaultTempLocation()),
                values.get(NAMED_SOURCES_ONLY));
    }

    /** Every option at its default for the dialect. */
    public static AdvancedOptions defaults(Dialect dialect) {
        return parse(Map.of(), dialect);
    }
}
