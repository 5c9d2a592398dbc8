package com.carto.connections.internal;

import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.query.Catalog;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.AuthMethod;
import com.carto.connections.spi.Capability;
import com.carto.connections.spi.ConnectionProvider;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.CredentialRotation.Refreshed;
import com.carto.connections.spi.Dialect;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An authorization server that rotates refresh tokens (RFC 6749 section 6: a new refresh token with each refresh, the
 * old one revoked) and revokes the whole family when a rotated-out token is presented again (RFC 9700 section
 * 4.14.2), with a provider whose clients refresh through their {@link com.carto.connections.spi.CredentialRotation}.
 * It records how many refreshes ran at once, so tests can tell serialized refreshes from overlapping ones.
 */
final class RotatingTokens {
    static final Property<String> HOST = Property.string("host").required().describedAs("Host");
    static final Property<Secret> REFRESH_TOKEN =
            Property.secret("refreshToken").required().describedAs("Refresh token");

    // Active token -> its family; a family has one active token.
    private final Map<String, String> active = new ConcurrentHashMap<>();
    private final Map<String, String> rotatedOut = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final AtomicInteger refreshes = new AtomicInteger();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private volatile Consumer<String> duringRefresh = token -> {};
    private volatile long refreshMillis;

    /** A fresh token of a family of its own. */
    String issue() {
        String token = "token-" + UUID.randomUUID();
        active.put(token, token);
        return token;
    }

    /** Runs {@code action} after the next refreshes issued their token and before they answer. */
    void duringRefresh(Consumer<String> action) {
        this.duringRefresh = action;
    }

    void refreshTakes(long millis) {
        this.refreshMillis = millis;
    }

    boolean isActive(String token) {
        return active.containsKey(token);
    }

    int mostRefreshesAtOnce() {
        return mostInFlight.get();
    }

    int refreshes() {
        return refreshes.get();
    }

    /** The rotated-out or unknown tokens that were presented. */
    List<String> refused() {
        return List.copyOf(refused);
    }

    Secret exchange(Secret presented) throws IOException {
        int now = inFlight.incrementAndGet();
        mostInFlight.accumulateAndGet(now, Math::max);
        try {
            if (refreshMillis > 0) {
                Thread.sleep(refreshMillis);
            }
            String token = presented.reveal();
            String family = active.remove(token);
            if (family == null) {
                refused.add(token);
                String replayed = rotatedOut.get(token);
                if (replayed != null) {
                    active.values().removeIf(replayed::equals);
                }
                throw new IOException("invalid_grant");
            }
            refreshes.incrementAndGet();
            rotatedOut.put(token, family);
            String next = "token-" + UUID.randomUUID();
            active.put(next, family);
            duringRefresh.accept(next);
            return Secret.of(next);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    ConnectionProvider provider() {
        return new Provider();
    }

    /** A client of the provider: it holds a refresh token and refreshes it when told to. */
    final class Client implements WarehouseClient {
        final ConnectionSettings settings;
        private final ProviderContext context;
        private volatile Secret held;

        Client(ConnectionSettings settings, ProviderContext context) {
            this.settings = settings;
            this.context = context;
            this.held = settings.get(REFRESH_TOKEN);
        }

        /** One refresh through the SDK's rotation, as an OAuth client does when its access token expires. */
        synchronized void refresh() throws IOException {
            Refreshed<String> refreshed = context.rotation()
                    .refresh(
                            REFRESH_TOKEN,
                            held,
                            current -> new Refreshed<>("access-for-" + current.reveal(), exchange(current)));
            held = refreshed.secret();
        }

        Secret held() {
            return held;
        }

        @Override
        public CheckReport check(CheckOptions options) {
            throw new UnsupportedOperationException("tests refresh directly");
        }

        @Override
        public QueryResult query(Query query) {
            throw new UnsupportedOperationException("tests refresh directly");
        }

        @Override
        public long execute(Query statement) {
            throw new UnsupportedOperationException("tests refresh directly");
        }

        @Override
        public Catalog catalog() {
            throw new UnsupportedOperationException("tests refresh directly");
        }

        @Override
        public void close() {}
    }

    private final class Provider implements ConnectionProvider {
        @Override
        public String id() {
            return "rotating";
        }

        @Override
        public String displayName() {
            return "Rotating tokens";
        }

        @Override
        public List<AuthMethod> authMethods() {
            return List.of(AuthMethod.personal("oauth", "OAuth", List.of(HOST, REFRESH_TOKEN)));
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of(Capability.VIEWER_CREDENTIALS);
        }

        @Override
        public List<Property<?>> viewerCredentialProperties(String authMethodId) {
            return List.of(REFRESH_TOKEN);
        }

        @Override
        public Dialect dialect() {
            return new Dialect() {};
        }

        @Override
        public WarehouseClient open(ConnectionSettings settings, ProviderContext context) {
            return new Client(settings, context);
        }
    }
}
