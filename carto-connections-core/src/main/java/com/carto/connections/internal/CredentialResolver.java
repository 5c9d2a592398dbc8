package com.carto.connections.internal;

import static java.util.Objects.requireNonNull;

import com.carto.connections.access.AccessReason;
import com.carto.connections.access.ViewerCredentialsRequiredException;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.error.InvalidConfigurationException.Problem;
import com.carto.connections.secrets.KeyRing;
import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.AdvancedOptions;
import com.carto.connections.spi.AuthMethod;
import com.carto.connections.spi.Capability;
import com.carto.connections.spi.ConnectionProvider;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.PropertyValues;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.store.ConnectionForUser;
import com.carto.connections.store.ConnectionStore;
import com.carto.connections.store.EncryptedSecret;
import com.carto.connections.store.StoredConnection;
import com.carto.connections.store.StoredSecret;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where settings meet secrets: the one user of the {@link SecretCipher}. It turns a stored connection and why a
 * principal uses it into the {@link Identity} a client acts as and the {@link ConnectionSettings} it is opened with
 * (the owner's, or the owner's non-secret settings with one viewer's credentials on top); it encrypts a connection's
 * or a viewer's secrets for storage; and it gives every client a {@link ClientRotation} that saves credentials the
 * warehouse rotated. Secrets are decrypted only when a client is opened or a change is checked, never per query.
 *
 * <p>Advanced options are parsed once per stored version of a connection and kept in a small bounded map, since
 * every lease needs the connection's running limit. Thread-safe.
 */
public final class CredentialResolver {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialResolver.class);
    private static final int MAX_PARSED_OPTIONS = 10_000;
    private static final int SAVE_ATTEMPTS = 3;

    private final SecretCipher cipher;
    private final ConnectionStore store;
    private final Function<String, ConnectionProvider> providers;
    private final ProviderContext context;
    private final RotationSlots slots = new RotationSlots();
    private final Map<String, ParsedOptions> parsedOptions = new ConcurrentHashMap<>();
    private final LongAdder optionParses = new LongAdder();

    /**
     * @param providers the provider of an id, failing with {@code NOT_FOUND} for an unknown one
     * @param context the shared scheduler and clock; each client gets it with a rotation of its own
     */
    public CredentialResolver(
            KeyRing keys,
            ConnectionStore store,
            Function<String, ConnectionProvider> providers,
            ProviderContext context) {
        this.cipher = new SecretCipher(requireNonNull(keys, "keys is null"));
        this.store = requireNonNull(store, "store is null");
        this.providers = requireNonNull(providers, "providers is null");
        this.context = requireNonNull(context, "context is null");
    }

    /**
     * Validates raw settings against a provider's auth method, reporting every problem of the properties and the
     * advanced options at once; the settings act as the owner.
     *
     * @throws InvalidConfigurationException naming {@code type} (the auth method) or each property
     */
    public static ConnectionSettings settings(
            String connectionId,
            ConnectionProvider provider,
            String authMethodId,
            Map<String, ?> properties,
            Map<String, ?> advanced) {
        AuthMethod method = provider.authMethod(authMethodId)
                .orElseThrow(() -> InvalidConfigurationException.of(
                        "type",
                        "'" + InvalidConfigurationException.abbreviate(authMethodId) + "' is not an auth method of "
                                + provider.id() + "; known auth methods are "
                                + provider.authMethods().stream()
                                        .map(AuthMethod::id)
                                        .collect(Collectors.joining(", "))));
        List<Problem> problems = new ArrayList<>();
        @Nullable PropertyValues values = null;
        @Nullable AdvancedOptions options = null;
        try {
            values = PropertyValues.parse(properties, method.properties());
        } catch (InvalidConfigurationException e) {
            problems.addAll(e.problems());
        }
        try {
            options = AdvancedOptions.parse(advanced, provider.dialect());
        } catch (InvalidConfigurationException e) {
            problems.addAll(e.problems());
        }
        if (values == null || options == null || !problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return new ConnectionSettings(connectionId, method, values, options, Identity.OWNER.name());
    }

    /** The properties a viewer brings, or none when the provider takes no viewer credentials for the auth method. */
    public static List<Property<?>> viewerCredentialProperties(ConnectionProvider provider, AuthMethod method) {
        if (!provider.capabilities().contains(Capability.VIEWER_CREDENTIALS)) {
            return List.of();
        }
        try {
            return provider.viewerCredentialProperties(method.id());
        } catch (ConnectionException e) {
            if (e.category() == ErrorCategory.UNSUPPORTED) {
                return List.of();
            }
            throw e;
        }
    }

    /** A new connection's settings, to check and then store as the owner's. */
    public Candidate draft(
            String connectionId,
            ConnectionProvider provider,
            String authMethodId,
            Map<String, ?> properties,
            Map<String, ?> advanced) {
        ConnectionSettings settings = settings(connectionId, provider, authMethodId, properties, advanced);
        return new Candidate(provider, settings, Identity.OWNER, ownerSecrets(settings));
    }

    /**
     * A stored connection's settings after a PATCH: the secrets it keeps decrypted, {@code removed} dropped,
     * {@code set} laid over them, and {@code advanced} as the whole new advanced options. Only the secrets the PATCH
     * neither replaces nor removes are decrypted, so a secret whose key is lost is repaired by re-entering it.
     *
     * @throws ConnectionException when a kept secret cannot be decrypted, naming it and its key id and suggesting it
     *     be re-entered
     */
    public Candidate changed(
            StoredConnection current, Map<String, ?> set, Set<String> removed, Map<String, ?> advanced) {
        ConnectionProvider provider = providers.apply(current.providerId());
        Map<String, Object> raw = new LinkedHashMap<>(current.properties());
        current.encryptedSecrets().forEach((key, secret) -> {
            if (!set.containsKey(key) && !removed.contains(key)) {
                raw.put(key, kept(current.id(), key, secret));
            }
        });
        removed.forEach(raw::remove);
        raw.putAll(set);
        ConnectionSettings settings = settings(current.id(), provider, current.authMethod(), raw, advanced);
        return new Candidate(provider, settings, Identity.OWNER, ownerSecrets(settings));
    }

    /**
     * The settings a viewer would use the connection with, given their raw credentials: the provider's
     * viewer-credential properties for its auth method, every one of which is stored encrypted.
     *
     * @throws InvalidConfigurationException naming each field that is unknown, missing or malformed
     */
    public Candidate viewer(StoredConnection current, String userId, Map<String, ?> credentials) {
        ConnectionProvider provider = providers.apply(current.providerId());
        List<Property<?>> fields = viewerCredentialProperties(provider, authMethod(provider, current));
        PropertyValues values = PropertyValues.parse(credentials, fields);
        Map<String, Secret> provided = new LinkedHashMap<>();
        for (Property<?> field : fields) {
            values.find(field)
                    .ifPresent(value -> provided.put(
                            field.name(), value instanceof Secret secret ? secret : Secret.of(String.valueOf(value))));
        }
        Identity viewer = Identity.viewer(userId);
        return new Candidate(provider, viewerSettings(current, provider, viewer, provided), viewer, provided);
    }

    /**
     * How a principal uses a stored connection they may use: as the owner, or, when they use it with viewer
     * credentials, as themselves with the credentials read with it.
     *
     * @throws ViewerCredentialsRequiredException when the principal must bring credentials and stored none
     */
    public Resolved resolve(ConnectionForUser read, AccessReason reason) {
        requireNonNull(read, "read is null");
        requireNonNull(reason, "reason is null");
        StoredConnection stored = read.connection();
        Identity identity = Identity.OWNER;
        if (reason == AccessReason.VIEWER_CREDENTIALS) {
            if (read.viewerCredentials().isEmpty()) {
                throw new ViewerCredentialsRequiredException("connection " + stored.name()
                        + " is shared with viewer credentials: provide your own credentials for it before using it");
            }
            identity = Identity.viewer(read.userId());
        }
        ConnectionProvider provider = providers.apply(stored.providerId());
        return new Resolved(provider, read, identity, options(stored, provider));
    }

    /** A stored secret encrypted again under the key ring's primary key, bound as before. */
    public EncryptedSecret reencrypted(StoredSecret secret) {
        Identity identity = secret.viewerId().map(Identity::viewer).orElse(Identity.OWNER);
        Secret value =
                cipher.decrypt(secret.connectionId(), identity.secretName(secret.secretKey()), secret.ciphertext());
        return encrypt(secret.connectionId(), identity, secret.secretKey(), value);
    }

    /** How often advanced options were parsed since this resolver was made; a test's window on the cache. */
    long optionParses() {
        return optionParses.sum();
    }

    /** Slots held by clients and checks now; a test's window on the registry. */
    int rotationSlots() {
        return slots.size();
    }

    private AdvancedOptions options(StoredConnection stored, ConnectionProvider provider) {
        ParsedOptions parsed = parsedOptions.get(stored.id());
        if (parsed != null && parsed.version() == stored.version()) {
            return parsed.options();
        }
        AdvancedOptions options = AdvancedOptions.parse(stored.advanced(), provider.dialect());
        optionParses.increment();
        // Crude but bounded: past the bound every entry is parsed again once, which costs far less than a lock per
        // lease.
        if (parsedOptions.size() >= MAX_PARSED_OPTIONS) {
            parsedOptions.clear();
        }
        parsedOptions.put(stored.id(), new ParsedOptions(stored.version(), options));
        return options;
    }

    private ConnectionSettings ownerSettings(
            StoredConnection stored, ConnectionProvider provider, AdvancedOptions options) {
        AuthMethod method = authMethod(provider, stored);
        Map<String, Object> raw = new LinkedHashMap<>(stored.properties());
        stored.encryptedSecrets()
                .forEach((key, secret) -> raw.put(key, decrypt(stored.id(), Identity.OWNER, key, secret)));
        return new ConnectionSettings(
                stored.id(), method, PropertyValues.parse(raw, method.properties()), options, Identity.OWNER.name());
    }

    /** The owner's non-secret settings and the secrets viewers do not bring, with one viewer's credentials on top. */
    private ConnectionSettings viewerSettings(
            StoredConnection stored, ConnectionProvider provider, Identity viewer, Map<String, Secret> credentials) {
        AuthMethod method = authMethod(provider, stored);
        Set<String> viewerFields = new HashSet<>();
        for (Property<?> field : viewerCredentialProperties(provider, method)) {
            viewerFields.add(field.name());
        }
        Map<String, Object> raw = new LinkedHashMap<>(stored.properties());
        stored.encryptedSecrets().forEach((key, secret) -> {
            if (!viewerFields.contains(key)) {
                raw.put(key, decrypt(stored.id(), Identity.OWNER, key, secret));
            }
        });
        viewerFields.forEach(raw::remove);
        credentials.forEach((key, value) -> {
            boolean secret = method.property(key).map(Property::isSecret).orElse(true);
            raw.put(key, secret ? value : value.reveal());
        });
        return new ConnectionSettings(
                stored.id(),
                method,
                PropertyValues.parse(raw, method.properties()),
                options(stored, provider),
                viewer.name());
    }

    private static AuthMethod authMethod(ConnectionProvider provider, StoredConnection stored) {
        return provider.authMethod(stored.authMethod())
                .orElseThrow(() -> new ConnectionException(
                        ErrorCategory.INTERNAL,
                        "connection " + stored.id() + " is stored with auth method " + stored.authMethod()
                                + ", which provider " + provider.id() + " does not have"));
    }

    private static Map<String, Secret> ownerSecrets(ConnectionSettings settings) {
        Map<String, Secret> secrets = new LinkedHashMap<>();
        for (Property<?> property : settings.authMethod().properties()) {
            if (property.isSecret()) {
                settings.properties().find(property).ifPresent(value -> secrets.put(property.name(), (Secret) value));
            }
        }
        return secrets;
    }

    private Secret kept(String connectionId, String key, EncryptedSecret secret) {
        try {
            return decrypt(connectionId, Identity.OWNER, key, secret);
        } catch (ConnectionException e) {
            throw new ConnectionException(
                    e.category(),
                    "the update keeps secret '" + key + "' of connection '" + connectionId + "', stored under key '"
                            + secret.keyId() + "', which cannot be decrypted; re-enter '" + key
                            + "' in the update to replace it (" + e.getMessage() + ")",
                    e);
        }
    }

    private Secret decrypt(String connectionId, Identity identity, String key, EncryptedSecret secret) {
        return cipher.decrypt(connectionId, identity.secretName(key), secret.ciphertext());
    }

    private EncryptedSecret encrypt(String connectionId, Identity identity, String key, Secret value) {
        String ciphertext = cipher.encrypt(connectionId, identity.secretName(key), value);
        return new EncryptedSecret(cipher.keyIdOf(ciphertext), ciphertext);
    }

    /**
     * The stored value of one secret of the identity, or empty when there is none or it cannot be read now; a refresh
     * then goes on with what its client holds.
     */
    Optional<StoredValue> read(String connectionId, Identity identity, String key) {
        try {
            Optional<EncryptedSecret> encrypted;
            long version;
            if (identity.isOwner()) {
                Optional<StoredConnection> connection = store.find(connectionId);
                encrypted = connection.map(found -> found.encryptedSecrets().get(key));
                version = connection.map(StoredConnection::version).orElse(0L);
            } else {
                encrypted = Optional.ofNullable(store.viewerCredentials(
                                connectionId, identity.viewerId().orElseThrow())
                        .get(key));
                version = 0;
            }
            return encrypted.map(
                    secret -> new StoredValue(decrypt(connectionId, identity, key, secret), secret, version));
        } catch (ConnectionException e) {
            LOG.warn(
                    "Could not read the stored {} of connection {} as {} before refreshing it ({}): the refresh uses what"
                            + " the client holds",
                    key,
                    connectionId,
                    identity,
                    e.category(),
                    e);
            return Optional.empty();
        }
    }

    /**
     * Saves a rotated secret with a compare-and-set on the ciphertext read before the refresh, retried while the
     * stored value still is one the rotation replaces (a re-encryption under a new key changes the ciphertext, not the
     * value); any other change wins.
     */
    void replace(
            String connectionId,
            Identity identity,
            String key,
            StoredValue expected,
            Secret rotated,
            Predicate<Secret> replacedByRotation) {
        try {
            EncryptedSecret replacement = encrypt(connectionId, identity, key, rotated);
            StoredValue seen = expected;
            for (int attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
                StoredSecret previous = new StoredSecret(
                        connectionId,
                        key,
                        seen.encrypted().ciphertext(),
                        seen.encrypted().keyId(),
                        identity.viewerId());
                if (store.replaceCiphertext(previous, replacement.ciphertext(), replacement.keyId())) {
                    LOG.info("Saved the rotated {} of connection {} as {}", key, connectionId, identity);
                    return;
                }
                Optional<StoredValue> now = read(connectionId, identity, key);
                if (now.isEmpty() || !replacedByRotation.test(now.get().secret())) {
                    dropped(connectionId, identity, key);
                    return;
                }
                seen = now.get();
            }
            LOG.warn(
                    "Could not save the rotated {} of connection {} as {}: the stored ciphertext kept changing",
                    key,
                    connectionId,
                    identity);
        } catch (ConnectionException e) {
            // The client keeps the new value, and the slot remembers it: the next rotation saves over the old one.
            LOG.warn(
                    "Could not save the rotated {} of connection {} as {} ({}); this process keeps using it",
                    key,
                    connectionId,
                    identity,
                    e.category(),
                    e);
        }
    }

    void dropped(String connectionId, Identity identity, String key) {
        LOG.info(
                "Did not save a rotated {} of connection {} as {}: it was changed or removed meanwhile, and that change"
                        + " wins",
                key,
                connectionId,
                identity);
    }

    @Override
    public String toString() {
        return "CredentialResolver[" + parsedOptions.size() + " parsed options, " + slots.size() + " rotation slots]";
    }

    /** A stored secret as a refresh reads it: its value, its ciphertext, and the owner's connection version (else 0). */
    record StoredValue(Secret secret, EncryptedSecret encrypted, long version) {
        @Override
        public String toString() {
            return "StoredValue[" + encrypted + ", version=" + version + "]";
        }
    }

    private record ParsedOptions(long version, AdvancedOptions options) {}

    /**
     * Settings about to be stored: checked live first, through a client whose rotated credentials are remembered, then
     * saved with the newest values of their secrets. A check rotates an OAuth refresh token like any use, so what is
     * stored is what the check left, not what the caller gave.
     */
    public final class Candidate {
        private final ConnectionProvider provider;
        private final ConnectionSettings settings;
        private final Identity identity;
        private final Map<String, Secret> secrets;
        private final RotationSlots.Slot slot;

        private Candidate(
                ConnectionProvider provider,
                ConnectionSettings settings,
                Identity identity,
                Map<String, Secret> secrets) {
            this.provider = provider;
            this.settings = settings;
            this.identity = identity;
            this.secrets = secrets;
            this.slot = slots.slot(settings.connectionId(), identity);
        }

        public ConnectionSettings settings() {
            return settings;
        }

        public Identity identity() {
            return identity;
        }

        /** A client for the live check; close it after. */
        public WarehouseClient open() {
            return provider.open(
                    settings,
                    context.withRotation(new ClientRotation(
                            CredentialResolver.this, slot, settings.connectionId(), identity, OptionalLong.empty())));
        }

        /**
         * Encrypts the secrets, each at the newest value known, and hands them to {@code write}, which stores them; no
         * refresh of this connection and identity runs meanwhile, so none is stored before and overwritten after.
         */
        public <T> T save(Function<Map<String, EncryptedSecret>, T> write) {
            slot.lock.lock();
            try {
                Map<String, EncryptedSecret> encrypted = new LinkedHashMap<>();
                secrets.forEach((key, value) ->
                        encrypted.put(key, encrypt(settings.connectionId(), identity, key, slot.newest(key, value))));
                return write.apply(encrypted);
            } finally {
                slot.lock.unlock();
            }
        }

        @Override
        public String toString() {
            return "Candidate[" + settings.connectionId() + " as " + identity + ", secrets=" + secrets.keySet() + "]";
        }
    }

    /** How one principal uses one stored version of a connection: the cache slot, its limit, and how to open a client. */
    public final class Resolved {
        private final ConnectionProvider provider;
        private final ConnectionForUser read;
        private final Identity identity;
        private final AdvancedOptions options;

        private Resolved(
                ConnectionProvider provider, ConnectionForUser read, Identity identity, AdvancedOptions options) {
            this.provider = provider;
            this.read = read;
            this.identity = identity;
            this.options = options;
        }

        public Identity identity() {
            return identity;
        }

        public ClientKey key() {
            return new ClientKey(read.connection().id(), read.connection().version(), identity);
        }

        public int maxConcurrentQueries() {
            return options.maxConcurrentQueries();
        }

        /** Whether tokens may run only named queries on the connection ({@link AdvancedOptions#namedSourcesOnly()}). */
        public boolean namedSourcesOnly() {
            return options.namedSourcesOnly();
        }

        /** The settings, secrets decrypted: only for opening a client. */
        public ConnectionSettings settings() {
            StoredConnection stored = read.connection();
            if (identity.isOwner()) {
                return ownerSettings(stored, provider, options);
            }
            Map<String, Secret> credentials = new LinkedHashMap<>();
            read.viewerCredentials()
                    .forEach((key, secret) -> credentials.put(key, decrypt(stored.id(), identity, key, secret)));
            return viewerSettings(stored, provider, identity, credentials);
        }

        /** A client acting as the identity, whose rotated credentials are saved to this version's secrets. */
        public WarehouseClient open() {
            StoredConnection stored = read.connection();
            ClientRotation rotation = new ClientRotation(
                    CredentialResolver.this,
                    slots.slot(stored.id(), identity),
                    stored.id(),
                    identity,
                    OptionalLong.of(stored.version()));
            return provider.open(settings(), context.withRotation(rotation));
        }

        @Override
        public String toString() {
            return "Resolved[" + key() + "]";
        }
    }
}
