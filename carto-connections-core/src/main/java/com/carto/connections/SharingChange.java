package com.carto.connections;

import static java.util.Objects.requireNonNull;

import com.carto.connections.access.Dependent;
import java.util.List;

/**
 * What {@link Connections#share} did. Narrowing a sharing that other users' dependents rely on is applied only
 * when the caller confirms the impact; otherwise nothing changes and {@link #impact()} lists what would break.
 *
 * @param connection the connection after the call (unchanged when not applied)
 * @param applied whether the new sharing is in force
 * @param impact the dependents of other users that lose (or would lose) the connection
 */
public record SharingChange(Connection connection, boolean applied, List<Dependent> impact) {
    public SharingChange {
        requireNonNull(connection, "connection is null");
        impact = List.copyOf(impact);
    }
}
