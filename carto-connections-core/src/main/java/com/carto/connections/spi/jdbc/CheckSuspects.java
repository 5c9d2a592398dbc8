package com.carto.connections.spi.jdbc;

import static java.util.Objects.requireNonNull;

import com.carto.connections.check.CheckStage;
import com.carto.connections.spi.AdvancedOptions;
import com.carto.connections.spi.Property;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * For each stage of a live check, the properties a user most likely got wrong when it fails: what a check report
 * names as {@code suspects}. Writing a temp table always suspects {@code tempLocation}. Immutable.
 */
public final class CheckSuspects {
    private final Map<CheckStage, Set<String>> byStage;

    private CheckSuspects(Map<CheckStage, Set<String>> byStage) {
        this.byStage = byStage;
    }

    /**
     * Only what every JDBC check suspects ({@code tempLocation} when writing a temp table); name the suspects of the
     * other stages with {@link #with}.
     */
    public static CheckSuspects none() {
        return new CheckSuspects(Map.of(CheckStage.WRITE_TEMP_TABLE, Set.of(AdvancedOptions.TEMP_LOCATION.name())));
    }

    /**
     * The suspects of a server that logs a user in with a secret (a password, a token) over TLS: the host while
     * resolving; the address, TLS mode and CA certificate while connecting; the credentials and the TLS mode (a server
     * that refuses the mode often looks like a refused login) while authenticating; the database while reaching it;
     * the user while reading metadata.
     */
    public static CheckSuspects serverLogin(
            Property<String> host,
            Property<Integer> port,
            Property<String> user,
            Property<?> secret,
            Property<String> database,
            Property<String> tlsMode,
            Property<String> caCertificate) {
        return none().with(CheckStage.RESOLVE_HOST, host)
                .with(CheckStage.CONNECT, host, port, tlsMode, caCertificate)
                .with(CheckStage.AUTHENTICATE, user, secret, tlsMode)
                .with(CheckStage.REACH_DATABASE, database)
                .with(CheckStage.READ_METADATA, user);
    }

    /** A copy that also suspects {@code properties} when {@code stage} fails. */
    public CheckSuspects with(CheckStage stage, Property<?>... properties) {
        requireNonNull(stage, "stage is null");
        Map<CheckStage, Set<String>> copy = new EnumMap<>(CheckStage.class);
        copy.putAll(byStage);
        Set<String> names = new LinkedHashSet<>(copy.getOrDefault(stage, Set.of()));
        Arrays.stream(properties).map(Property::name).forEach(names::add);
        copy.put(stage, Set.copyOf(names));
        return new CheckSuspects(Map.copyOf(copy));
    }

    /** The suspects of a stage; empty when nothing in the settings could cause its failure. */
    public Set<String> forStage(CheckStage stage) {
        return byStage.getOrDefault(requireNonNull(stage, "stage is null"), Set.of());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CheckSuspects that && byStage.equals(that.byStage);
    }

    @Override
    public int hashCode() {
        return byStage.hashCode();
    }

    @Override
    public String toString() {
        return byStage.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> entry.getKey() + "="
                        + entry.getValue().stream().sorted().toList())
                .collect(Collectors.joining(", ", "CheckSuspects[", "]"));
    }
}
