package com.carto.connections.grants;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.InvalidConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A grant to create with {@link com.carto.connections.Connections#createGrant}: what it lets a token holder do and
 * until when.
 *
 * @param sources what may be read, at least one; table names and query names are unique within a grant
 * @param operations what for, at least one
 * @param referrers the web origins ({@code https://maps.example.com}) a call must come from, or empty for any. This is
 *     advisory: browsers send the origin honestly, but any other client can claim any origin, so it narrows where a
 *     leaked token is convenient to use, not who can use it
 * @param expiresAt when the grant and its token stop working
 */
public record NewGrant(
        List<GrantSource> sources, Set<GrantOperation> operations, Set<String> referrers, Instant expiresAt) {
    private static final int MAX_SOURCES = 100;
    private static final int MAX_REFERRERS = 50;

    public NewGrant {
        requireNonNull(sources, "sources is null");
        requireNonNull(operations, "operations is null");
        requireNonNull(referrers, "referrers is null");
        requireNonNull(expiresAt, "expiresAt is null");
        sources = List.copyOf(sources);
        if (sources.isEmpty() || sources.size() > MAX_SOURCES) {
            throw InvalidConfigurationException.of("sources", "must list 1 to " + MAX_SOURCES + " sources");
        }
        Set<Object> keys = new HashSet<>();
        for (GrantSource source : sources) {
            Object key =
                    source instanceof GrantSource.Table table ? table.name() : ((GrantSource.NamedQuery) source).name();
            if (!keys.add(key)) {
                throw InvalidConfigurationException.of("sources", "names a table or a query twice");
            }
        }
        if (operations.isEmpty()) {
            throw InvalidConfigurationException.of("operations", "must hold at least one operation");
        }
        operations = Set.copyOf(EnumSet.copyOf(operations));
        if (referrers.size() > MAX_REFERRERS) {
            throw InvalidConfigurationException.of("referrers", "must list at most " + MAX_REFERRERS + " origins");
        }
        Set<String> origins = new TreeSet<>();
        for (String referrer : referrers) {
            origins.add(origin(requireNonNull(referrer, "referrers holds null")));
        }
        referrers = java.util.Collections.unmodifiableSet(origins);
    }

    /** A grant of these sources for queries, from any referrer, until {@code expiresAt}. */
    public static NewGrant query(Instant expiresAt, GrantSource... sources) {
        return new NewGrant(List.of(sources), Set.of(GrantOperation.QUERY), Set.of(), expiresAt);
    }

    /** This grant, callable only from these web origins (advisory; see the record's description). */
    public NewGrant fromReferrers(String... origins) {
        return new NewGrant(sources, operations, Set.of(origins), expiresAt);
    }

    /**
     * The origin of {@code text} ({@code scheme://host[:port]}, lowercase), the form a browser's {@code Origin} header
     * has.
     *
     * @throws InvalidConfigurationException naming {@code referrers} when it is not an http(s) origin
     */
    public static String origin(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            if (text.length() > 255
                    || scheme == null
                    || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))
                    || uri.getHost() == null
                    || uri.getRawUserInfo() != null
                    || (uri.getRawPath() != null
                            && !uri.getRawPath().isEmpty()
                            && !uri.getRawPath().equals("/"))
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                throw InvalidConfigurationException.of(
                        "referrers", "entries must be web origins such as https://maps.example.com");
            }
            return scheme.toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                    + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        } catch (URISyntaxException e) {
            throw InvalidConfigurationException.of(
                    "referrers", "entries must be web origins such as https://maps.example.com");
        }
    }
}
