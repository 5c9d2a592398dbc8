package com.carto.connections.access;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.InvalidConfigurationException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who besides its owner may see and use a connection. Every connection starts {@link #PRIVATE}; only its owner
 * changes this, with {@link com.carto.connections.Connections#share}.
 *
 * <ul>
 *   <li>{@link Mode#PRIVATE}: the owner only (a superadmin of the organization still sees it).
 *   <li>{@link Mode#ORGANIZATION}: every member of the organization sees and uses it with the owner's credentials.
 *   <li>{@link Mode#GROUPS}: members of at least one of the listed groups see and use it with the owner's credentials.
 *   <li>{@link Mode#VIEWER_CREDENTIALS}: every member sees it; each uses it only with credentials of their own,
 *       provided with {@link com.carto.connections.Connections#provideViewerCredentials}.
 * </ul>
 *
 * @param mode how it is shared
 * @param groups the groups for {@link Mode#GROUPS}, sorted; empty for every other mode
 */
public record Sharing(Mode mode, Set<String> groups) {
    public static final Sharing PRIVATE = new Sharing(Mode.PRIVATE, Set.of());

    public Sharing {
        requireNonNull(mode, "mode is null");
        requireNonNull(groups, "groups is null");
        TreeSet<String> sorted = new TreeSet<>();
        for (String group : groups) {
            requireNonNull(group, "groups holds null");
            if (group.isBlank()) {
                throw InvalidConfigurationException.of("sharing.groups", "holds a blank group name");
            }
            if (group.length() > 255) {
                throw InvalidConfigurationException.of(
                        "sharing.groups", "holds a group name longer than 255 characters");
            }
            // A principal's groups never hold one (Principal refuses them), so such a group could match nobody.
            if (group.chars().anyMatch(Character::isISOControl)) {
                throw InvalidConfigurationException.of("sharing.groups", "holds a group name with a control character");
            }
            sorted.add(group);
        }
        if (mode == Mode.GROUPS && sorted.isEmpty()) {
            throw InvalidConfigurationException.of("sharing.groups", "sharing with groups needs at least one group");
        }
        if (mode != Mode.GROUPS && !sorted.isEmpty()) {
            throw InvalidConfigurationException.of(
                    "sharing.groups", "only sharing with groups takes groups, not " + mode);
        }
        groups = Collections.unmodifiableSet(sorted);
    }

    public static Sharing organization() {
        return new Sharing(Mode.ORGANIZATION, Set.of());
    }

    public static Sharing groups(String... groups) {
        return new Sharing(Mode.GROUPS, Set.copyOf(Arrays.asList(groups)));
    }

    public static Sharing groups(Set<String> groups) {
        return new Sharing(Mode.GROUPS, groups);
    }

    public static Sharing viewerCredentials() {
        return new Sharing(Mode.VIEWER_CREDENTIALS, Set.of());
    }

    /** Whether other members of the organization (or of a group) may see the connection. */
    public boolean isShared() {
        return mode != Mode.PRIVATE;
    }

    /**
     * Whether everyone this sharing lets use the connection with the owner's credentials keeps that under
     * {@code next}: false when {@code next} takes access away from someone, so their dependents may break.
     */
    public boolean isCoveredBy(Sharing next) {
        return switch (mode) {
            case PRIVATE -> true;
            case ORGANIZATION -> next.mode == Mode.ORGANIZATION;
            case GROUPS ->
                next.mode == Mode.ORGANIZATION || (next.mode == Mode.GROUPS && next.groups.containsAll(groups));
            case VIEWER_CREDENTIALS -> next.mode == Mode.VIEWER_CREDENTIALS || next.mode == Mode.ORGANIZATION;
        };
    }

    /** The sharing modes. */
    public enum Mode {
        PRIVATE,
        ORGANIZATION,
        GROUPS,
        VIEWER_CREDENTIALS
    }
}
