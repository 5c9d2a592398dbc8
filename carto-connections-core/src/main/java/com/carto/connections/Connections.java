package com.carto.connections;

import static java.util.Objects.requireNonNull;

import com.carto.connections.InvalidConfigurationException.Problem;
import com.carto.connections.spi.AdvancedOptions;
import com.carto.connections.spi.AuthMethod;
import com.carto.connections.spi.ConnectionProvider;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.store.ConnectionFilter;
import com.carto.connections.store.ConnectionStore;
import com.carto.connections.store.EncryptedSecret;
import com.carto.connections.store.StoredConnection;
import com.carto.connections.store.StoredSecret;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The entry point of the SDK: registers, checks, lists, changes and deletes connections on behalf of a
 * {@link Principal}, keeping them in a {@link ConnectionStore} with their secrets encrypted under a {@link KeyRing}.
 * One instance serves a whole application and is thread-safe; close it on shutdown.
 *
 * <pre>{@code
 * Connections connections = Connections.builder().embedded(Path.of("data/connections")).build();
 * Connection created = connections.create(alice, NewConnection.of("postgres", "gis-prod")
 *         .property("host", "db.example.com").property("database", "gis").property("username", "carto")
 *         .secret("password", password));
 * }</pre>
 *
 * <p>Secrets are write-only: no method returns a secret's value or its ciphertext. Until sharing lands, every
 * connection is private to its owner: only the owner (and a superadmin) sees and changes it.
 */
public final class Connections implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Connections.class);
    private static final String MDC_KEY = "connectionId";
    private static final int LIST_PAGE_LIMIT = 1000;
    private static final int REENCRYPTION_BATCH = 100;

    private final Providers providers;
    private final ConnectionStore store;
    private final KeyRing keys;
    private final SecretCipher cipher;
    private final Clock clock;
    private final ConnectionListener listener;
    private final ScheduledExecutorService scheduler;
    private final ProviderContext context;
    private final CheckOptions checkOptions;

    private Connections(Builder builder) {
        this.providers = builder.providers != null ? builder.providers : Providers.discover();
        this.store = builder.store;
        this.keys = builder.keys;
        this.cipher = new SecretCipher(builder.keys);
        this.clock = builder.clock;
        this.listener = builder.listener;
        this.checkOptions = builder.checkOptions;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "carto-connections-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        this.context = new ProviderContext(scheduler, clock);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The providers this instance knows. */
    public Providers providers() {
        return providers;
    }

    /** Validates a draft and runs the live check without saving anything. */
    public CheckReport check(Principal principal, NewConnection draft) {
        requireNonNull(principal, "principal is null");
        Draft validated = validate(principal, draft, "draft-" + UUID.randomUUID());
        return liveCheck(validated.provider(), validated.settings(), principal, null);
    }

    /**
     * Validates, checks live (unless the draft skips it), encrypts and stores a new connection, private to its creator.
     *
     * @throws InvalidConfigurationException listing every problem with the name and settings
     * @throws CheckFailedException when the live check fails; nothing is stored
     * @throws ConnectionException {@code CONFLICT} when the organization already has the name,
     *     {@code PERMISSION_DENIED} when the principal's role cannot own connections
     */
    public Connection create(Principal principal, NewConnection draft) {
        requireNonNull(principal, "principal is null");
        if (!principal.role().canOwnAssets()) {
            throw new ConnectionException(ErrorCategory.PERMISSION_DENIED, "a " + principal.role() + " cannot create connections");
        }
        String id = UUID.randomUUID().toString();
        try (var ignored = MDC.putCloseable(MDC_KEY, id)) {
            return create(principal, draft, id);
        }
    }

    private Connection create(Principal principal, NewConnection draft, String id) {
        Draft validated = validate(principal, draft, id);
        if (draft.liveCheck()) {
            CheckReport report = liveCheck(validated.provider(), validated.settings(), principal, null);
            if (!report.ok()) {
                throw new CheckFailedException(report);
            }
        }
        Instant now = now();
        StoredConnection stored = new StoredConnection(id, principal.organizationId(), principal.userId(), draft.name(),
                validated.provider().id(), validated.settings().authMethod().id(),
                plain(validated.settings()), encrypt(id, validated.settings()), plain(draft.advanced()), now, now, 1);
        store.insert(stored);
        publish(ConnectionEvent.Type.CREATED, stored, principal);
        LOG.info("Created connection {} ({}) for {}", id, stored.providerId(), principal.userId());
        return view(stored);
    }

    /** The connection, if the principal may see it; otherwise {@code NOT_FOUND}, never revealing that it exists. */
    public Connection get(Principal principal, String id) {
        return view(visible(principal, id));
    }

    /** The connections the principal may see, by name, optionally narrowed by provider and name prefix. */
    public Page<Connection> list(Principal principal, ConnectionFilter filter, PageRequest page) {
        requireNonNull(principal, "principal is null");
        requireNonNull(filter, "filter is null");
        requireNonNull(page, "page is null");
        if (!filter.organizationId().equals(principal.organizationId())) {
            return new Page<>(List.of(), Optional.empty());
        }
        List<Connection> visible = new ArrayList<>();
        Optional<String> after = page.pageToken();
        boolean more = true;
        while (visible.size() <= page.size() && more) {
            List<StoredConnection> batch = store.list(filter, LIST_PAGE_LIMIT, after);
            more = batch.size() == LIST_PAGE_LIMIT;
            for (StoredConnection connection : batch) {
                after = Optional.of(connection.name());
                if (maySee(principal, connection)) {
                    visible.add(view(connection));
                    if (visible.size() > page.size()) {
                        break;
                    }
                }
            }
        }
        if (visible.size() > page.size()) {
            List<Connection> items = visible.subList(0, page.size());
            return new Page<>(items, Optional.of(items.get(items.size() - 1).name()));
        }
        return new Page<>(visible, Optional.empty());
    }

    /**
     * Applies a PATCH: omitted secrets keep their stored values; everything is validated and checked live again,
     * then stored as the next version.
     *
     * @throws ConnectionException {@code CONFLICT} when {@code expectedVersion} is stale
     */
    public Connection update(Principal principal, String id, ConnectionChanges changes, long expectedVersion) {
        requireNonNull(changes, "changes is null");
        StoredConnection current = editable(principal, id, expectedVersion);
        try (var ignored = MDC.putCloseable(MDC_KEY, id)) {
            ConnectionProvider provider = providers.get(current.providerId());
            AuthMethod method = provider.authMethod(current.authMethod()).orElseThrow();
            Map<String, Object> raw = new LinkedHashMap<>(current.properties());
            current.encryptedSecrets().forEach((key, secret) -> raw.put(key, cipher.decrypt(id, key, secret.ciphertext())));
            changes.removed().forEach(raw::remove);
            raw.putAll(changes.properties());
            Map<String, Object> advanced = new LinkedHashMap<>(current.advanced());
            advanced.putAll(changes.advanced());
            rejectMaskedSecrets(method, changes.properties());
            ConnectionSettings settings = providers.settings(id, provider.id(), method.id(), raw, advanced);
            CheckReport report = liveCheck(provider, settings, principal, current);
            if (!report.ok()) {
                throw new CheckFailedException(report);
            }
            StoredConnection next = new StoredConnection(id, current.organizationId(), current.ownerId(), current.name(),
                    current.providerId(), current.authMethod(), plain(settings), encrypt(id, settings), plain(advanced),
                    current.createdAt(), now(), expectedVersion + 1);
            store.update(next, expectedVersion);
            publish(ConnectionEvent.Type.UPDATED, next, principal);
            LOG.info("Updated connection {} to version {}", id, next.version());
            return view(next);
        }
    }

    /** Renames a connection; the name rules and uniqueness apply. */
    public Connection rename(Principal principal, String id, String newName, long expectedVersion) {
        requireNonNull(newName, "newName is null");
        StoredConnection current = editable(principal, id, expectedVersion);
        MDC.put(MDC_KEY, id);
        ConnectionNames.problem(newName).ifPresent(problem -> {
            throw InvalidConfigurationException.of("name", problem);
        });
        StoredConnection next = new StoredConnection(id, current.organizationId(), current.ownerId(), newName,
                current.providerId(), current.authMethod(), current.properties(), current.encryptedSecrets(),
                current.advanced(), current.createdAt(), now(), expectedVersion + 1);
        try {
            store.update(next, expectedVersion);
            publish(ConnectionEvent.Type.RENAMED, next, principal);
            LOG.info("Renamed connection {}", id);
            return view(next);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /** Deletes a connection and its secrets. Only its owner or a superadmin may. */
    public void delete(Principal principal, String id, long expectedVersion) {
        StoredConnection current = visible(principal, id);
        if (!isOwner(principal, current) && principal.role() != Role.SUPERADMIN) {
            throw new ConnectionException(ErrorCategory.PERMISSION_DENIED, "only the owner may delete connection " + current.name());
        }
        try (var ignored = MDC.putCloseable(MDC_KEY, id)) {
            store.delete(id, expectedVersion);
            publish(ConnectionEvent.Type.DELETED, current, principal);
            LOG.info("Deleted connection {}", id);
        }
    }

    /** Runs the live check of a stored connection with its stored credentials. */
    public CheckReport check(Principal principal, String id) {
        StoredConnection current = visible(principal, id);
        try (var ignored = MDC.putCloseable(MDC_KEY, id)) {
            CheckReport report = liveCheck(providers.get(current.providerId()), settingsOf(current), principal, current);
            LOG.debug("Checked connection {}: {}", id, report.ok() ? "ok" : report.failure().orElseThrow().stage());
            return report;
        }
    }

    /**
     * Re-encrypts every secret that is not under the key ring's primary key, in batches. Idempotent and resumable:
     * run it again after a crash and it continues where it stopped.
     *
     * @return how many secrets remain under other keys (0 when done)
     */
    public long reencryptSecrets() {
        String primary = keys.primaryKeyId();
        List<StoredSecret> batch;
        while (!(batch = store.secretsNotUnderKey(primary, REENCRYPTION_BATCH)).isEmpty()) {
            int replaced = 0;
            for (StoredSecret secret : batch) {
                Secret value = cipher.decrypt(secret.connectionId(), secret.secretKey(), secret.ciphertext());
                String ciphertext = cipher.encrypt(secret.connectionId(), secret.secretKey(), value);
                if (store.replaceCiphertext(secret, ciphertext, primary)) {
                    replaced++;
                }
            }
            if (replaced == 0) {
                break;
            }
        }
        return store.countSecretsNotUnderKey(primary);
    }

    /** {@link #reencryptSecrets()} on the SDK's housekeeping thread. */
    public CompletableFuture<Long> reencryptSecretsInBackground() {
        return CompletableFuture.supplyAsync(this::reencryptSecrets, scheduler);
    }

    /** How many secrets are not yet under the primary key. */
    public long secretsUnderOldKeys() {
        return store.countSecretsNotUnderKey(keys.primaryKeyId());
    }

    private Draft validate(Principal principal, NewConnection draft, String id) {
        requireNonNull(draft, "draft is null");
        List<Problem> problems = new ArrayList<>();
        ConnectionNames.problem(draft.name()).ifPresent(problem -> problems.add(new Problem("name", problem)));
        ConnectionProvider provider;
        try {
            provider = providers.get(draft.providerId());
        } catch (ConnectionException e) {
            problems.add(new Problem("provider_id", "'" + draft.providerId() + "' is not a known provider"));
            throw new InvalidConfigurationException(problems);
        }
        String authMethod = draft.authMethodOrNull() != null ? draft.authMethodOrNull() : provider.authMethods().get(0).id();
        provider.authMethod(authMethod).ifPresent(method -> rejectMaskedSecrets(method, draft.properties()));
        ConnectionSettings settings = null;
        try {
            settings = providers.settings(id, provider.id(), authMethod, draft.properties(), draft.advanced());
        } catch (InvalidConfigurationException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return new Draft(provider, settings);
    }

    /** A form that shows stored secrets as a mask must not send the mask back as the new value. */
    private static void rejectMaskedSecrets(AuthMethod method, Map<String, Object> values) {
        List<Problem> problems = new ArrayList<>();
        for (Property<?> property : method.properties()) {
            Object value = values.get(property.name());
            String text = value instanceof Secret secret ? secret.reveal() : value instanceof String string ? string : null;
            if (property.isSecret() && text != null && SecretMasks.isMask(text)) {
                problems.add(new Problem(property.name(), "is a mask placeholder, not a value; omit it to keep the stored secret"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }

    private CheckReport liveCheck(ConnectionProvider provider, ConnectionSettings settings, Principal principal, StoredConnection stored) {
        try (WarehouseClient client = provider.open(settings, context)) {
            CheckReport report = client.check(checkOptions);
            if (stored != null) {
                publish(ConnectionEvent.Type.CHECKED, stored, principal);
            }
            return report;
        }
    }

    private ConnectionSettings settingsOf(StoredConnection stored) {
        Map<String, Object> raw = new LinkedHashMap<>(stored.properties());
        stored.encryptedSecrets().forEach((key, secret) -> raw.put(key, cipher.decrypt(stored.id(), key, secret.ciphertext())));
        return providers.settings(stored.id(), stored.providerId(), stored.authMethod(), raw, stored.advanced());
    }

    private StoredConnection visible(Principal principal, String id) {
        requireNonNull(principal, "principal is null");
        requireNonNull(id, "id is null");
        return store.find(id)
                .filter(connection -> maySee(principal, connection))
                .orElseThrow(() -> new ConnectionException(ErrorCategory.NOT_FOUND, "connection " + id + " does not exist"));
    }

    private StoredConnection editable(Principal principal, String id, long expectedVersion) {
        StoredConnection current = visible(principal, id);
        if (!isOwner(principal, current)) {
            throw new ConnectionException(ErrorCategory.PERMISSION_DENIED, "only the owner may change connection " + current.name());
        }
        if (current.version() != expectedVersion) {
            throw new ConnectionException(ErrorCategory.CONFLICT, "version " + expectedVersion + " of connection " + id
                    + " is stale: it is at version " + current.version() + "; reload it and apply the change again");
        }
        return current;
    }

    private static boolean maySee(Principal principal, StoredConnection connection) {
        return connection.organizationId().equals(principal.organizationId())
                && (isOwner(principal, connection) || principal.role() == Role.SUPERADMIN);
    }

    private static boolean isOwner(Principal principal, StoredConnection connection) {
        return connection.ownerId().equals(principal.userId());
    }

    private Map<String, EncryptedSecret> encrypt(String id, ConnectionSettings settings) {
        Map<String, EncryptedSecret> encrypted = new LinkedHashMap<>();
        for (Property<?> property : settings.authMethod().properties()) {
            if (property.isSecret()) {
                settings.properties().find(property).ifPresent(value -> {
                    String ciphertext = cipher.encrypt(id, property.name(), (Secret) value);
                    encrypted.put(property.name(), new EncryptedSecret(cipher.keyIdOf(ciphertext), ciphertext));
                });
            }
        }
        return encrypted;
    }

    private static Map<String, Object> plain(ConnectionSettings settings) {
        return plain(settings.properties().nonSecretValues());
    }

    private static Map<String, Object> plain(Map<String, ?> values) {
        Map<String, Object> plain = new LinkedHashMap<>();
        values.forEach((key, value) -> plain.put(key,
                value instanceof Number || value instanceof Boolean || value instanceof String ? value : value.toString()));
        return plain;
    }

    private static Connection view(StoredConnection stored) {
        return new Connection(stored.id(), stored.name(), stored.providerId(), stored.authMethod(), stored.properties(),
                stored.encryptedSecrets().keySet(), stored.advanced(), stored.ownerId(), stored.organizationId(),
                stored.createdAt(), stored.updatedAt(), stored.version());
    }

    /** Microseconds: what both store databases keep, so a connection reads back equal to what was returned. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private void publish(ConnectionEvent.Type type, StoredConnection connection, Principal actor) {
        ConnectionEvent event = new ConnectionEvent(type, connection.id(), connection.name(), connection.providerId(),
                actor.userId(), connection.version(), clock.instant());
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("Connection listener failed on {} of {}", type, connection.id(), e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        store.close();
    }

    private record Draft(ConnectionProvider provider, ConnectionSettings settings) {}

    /**
     * Configures a {@link Connections}. Required: a store and keys, or {@link #embedded(Path)} for both.
     */
    public static final class Builder {
        private ConnectionStore store;
        private KeyRing keys;
        private Providers providers;
        private Clock clock = Clock.systemUTC();
        private ConnectionListener listener = ConnectionListener.NONE;
        private CheckOptions checkOptions = CheckOptions.defaults();

        private Builder() {}

        /** An embedded H2 store in {@code directory} and a key file beside it, both created on first start. */
        public Builder embedded(Path directory) {
            requireNonNull(directory, "directory is null");
            this.store = ConnectionStore.embedded(directory);
            this.keys = KeyRing.fromKeyFile(directory.resolve("connections.keys"));
            return this;
        }

        public Builder store(ConnectionStore store) {
            this.store = requireNonNull(store, "store is null");
            return this;
        }

        public Builder keys(KeyRing keys) {
            this.keys = requireNonNull(keys, "keys is null");
            return this;
        }

        /** The providers to use; by default every provider {@link Providers#discover() discovered}. */
        public Builder providers(Providers providers) {
            this.providers = requireNonNull(providers, "providers is null");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock is null");
            return this;
        }

        public Builder listener(ConnectionListener listener) {
            this.listener = requireNonNull(listener, "listener is null");
            return this;
        }

        /** How live checks run, e.g. with a shorter stage deadline or a write test. */
        public Builder checkOptions(CheckOptions checkOptions) {
            this.checkOptions = requireNonNull(checkOptions, "checkOptions is null");
            return this;
        }

        public Connections build() {
            if (store == null || keys == null) {
                throw new IllegalStateException("a store and keys are required: call embedded(directory), or store(...) and keys(...)");
            }
            return new Connections(this);
        }
    }
}
