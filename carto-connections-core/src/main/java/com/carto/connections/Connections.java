package com.carto.connections;

import static java.util.Objects.requireNonNull;

import com.carto.connections.AccessPolicy.Action;
import com.carto.connections.access.AccessReason;
import com.carto.connections.access.Dependent;
import com.carto.connections.access.Governance;
import com.carto.connections.access.GovernancePolicy;
import com.carto.connections.access.InUseException;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.access.Sharing;
import com.carto.connections.check.CheckFailedException;
import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.error.InvalidConfigurationException.Problem;
import com.carto.connections.grants.Grant;
import com.carto.connections.grants.GrantOperation;
import com.carto.connections.grants.IssuedGrant;
import com.carto.connections.grants.MemberDirectory;
import com.carto.connections.grants.NewGrant;
import com.carto.connections.grants.SourceRequest;
import com.carto.connections.grants.TokenCall;
import com.carto.connections.internal.ClientCache;
import com.carto.connections.internal.ClientCacheMetrics;
import com.carto.connections.internal.ClientCacheOptions;
import com.carto.connections.internal.ClientLease;
import com.carto.connections.internal.CredentialResolver;
import com.carto.connections.internal.CredentialResolver.Candidate;
import com.carto.connections.internal.CredentialResolver.Resolved;
import com.carto.connections.internal.Identity;
import com.carto.connections.internal.SecretCipher;
import com.carto.connections.query.Catalog;
import com.carto.connections.query.Page;
import com.carto.connections.query.PageRequest;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.secrets.KeyRing;
import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.AdvancedOptions;
import com.carto.connections.spi.AuthMethod;
import com.carto.connections.spi.ConnectionProvider;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.Dialect;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.store.ConnectionFilter;
import com.carto.connections.store.ConnectionForUser;
import com.carto.connections.store.ConnectionStore;
import com.carto.connections.store.EncryptedSecret;
import com.carto.connections.store.ListedConnection;
import com.carto.connections.store.StoredConnection;
import com.carto.connections.store.StoredSecret;
import com.carto.connections.tiles.Tile;
import com.carto.connections.tiles.TileCoordinates;
import com.carto.connections.tiles.TileJson;
import com.carto.connections.tiles.TileSource;
import com.carto.connections.tiles.VectorTiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
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
 * <p>Secrets are write-only: no method returns a secret's value or its ciphertext. Every operation takes the acting
 * {@link Principal} first and applies the access model (README, "Access model"): a connection is created private,
 * only its owner changes or shares it, and a principal who may not see a connection is told it does not exist.
 */
public final class Connections implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Connections.class);
    private static final String MDC_KEY = "connectionId";
    private static final int REENCRYPTION_BATCH = 100;
    private static final int GRANT_CACHE_CAPACITY = 10_000;

    private final Providers providers;
    private final ConnectionStore store;
    private final KeyRing keys;
    private final CredentialResolver credentials;
    private final Clock clock;
    private final ConnectionListener listener;
    private final ScheduledExecutorService scheduler;
    private final CheckOptions checkOptions;
    private final Governance governance;
    private final Usages usages;
    private final ClientCache clients;
    private final WarehouseObserver observer;
    private final GrantService grants;
    private final long tokenMaxRows;
    private final Duration tokenTimeout;

    private Connections(Builder builder) {
        this.providers = builder.providers != null ? builder.providers : Providers.discover();
        // build() has checked both.
        this.store = requireNonNull(builder.store, "store is null");
        this.keys = requireNonNull(builder.keys, "keys is null");
        this.clock = builder.clock;
        this.listener = builder.listener;
        this.checkOptions = builder.checkOptions;
        this.governance = builder.governance;
        this.observer = builder.observer;
        this.usages = new Usages(store);
        this.scheduler = housekeeping();
        this.credentials = new CredentialResolver(keys, store, providers::get, new ProviderContext(scheduler, clock));
        this.clients = new ClientCache(builder.clientOptions, scheduler, clock);
        this.grants = new GrantService(
                store,
                new GrantSigning(
                        store,
                        new SecretCipher(keys),
                        clock,
                        builder.ticker,
                        builder.tokenAudience,
                        builder.grantRecheck),
                new GrantCache(
                        store::findGrant,
                        store::findGrantAndActiveSigningKeys,
                        builder.ticker,
                        builder.grantRecheck,
                        GRANT_CACHE_CAPACITY),
                builder.members,
                clock,
                builder.maxGrantLifetime);
        this.tokenMaxRows = builder.tokenMaxRows;
        this.tokenTimeout = builder.tokenTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The one thread of timers: the client cache's sweep, the pools' upkeep, and every query's deadline. A query's
     * deadline task is cancelled when the query ends, almost always long before it is due; removed at once, rather
     * than left queued until then (the connection's {@code queryTimeout}, ten minutes by default), so that the queue
     * holds the timers of the queries running, not of every query of the last ten minutes.
     */
    static ScheduledThreadPoolExecutor housekeeping() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "carto-connections-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    /** The providers this instance knows. */
    public Providers providers() {
        return providers;
    }

    /** The registry of what uses each connection, which the host keeps. */
    public Usages usages() {
        return usages;
    }

    /**
     * Validates a draft and runs the live check without saving anything. Only those who may create connections may
     * check drafts, since a check reaches the warehouse. A warehouse that rotates credentials on use (an OAuth refresh
     * token under refresh-token rotation) replaces the draft's in this check, and nothing keeps the replacement: create
     * the connection with its live check instead, which stores what the check left.
     */
    public CheckReport check(Principal principal, NewConnection draft) {
        requireNonNull(principal, "principal is null");
        requireCreator(principal);
        return liveCheck(
                validate(principal, draft, "draft-" + UUID.randomUUID()).open(),
                principal,
                null,
                draft.providerId(),
                Optional.empty());
    }

    /**
     * Validates, checks live (unless the draft skips it), encrypts and stores a new connection, private to its creator.
     *
     * @throws InvalidConfigurationException listing every problem with the name and settings
     * @throws CheckFailedException when the live check fails; nothing is stored
     * @throws ConnectionException {@code CONFLICT} when the organization already has the name,
     *     {@code PERMISSION_DENIED} when the principal's role cannot own connections or the organization's
     *     {@link GovernancePolicy} does not allow the provider or auth method
     */
    public Connection create(Principal principal, NewConnection draft) {
        requireNonNull(principal, "principal is null");
        requireCreator(principal);
        String id = UUID.randomUUID().toString();
        try (var ignored = MDC.putCloseable(MDC_KEY, id)) {
            return create(principal, draft, id);
        }
    }

    private Connection create(Principal principal, NewConnection draft, String id) {
        Candidate validated = validate(principal, draft, id);
        if (draft.liveCheck()) {
            CheckReport report = liveCheck(validated.open(), principal, null, draft.providerId(), Optional.empty());
            if (!report.ok()) {
                throw new CheckFailedException(report);
            }
        }
        Instant now = now();
        ConnectionSettings settings = validated.settings();
        StoredConnection stored = validated.save(secrets -> {
            StoredConnection created = new StoredConnection(
                    id,
                    principal.organizationId(),
                    principal.userId(),
                    draft.name(),
                    draft.providerId(),
                    settings.authMethod().id(),
                    plain(settings),
                    secrets,
                    plain(draft.advanced()),
                    now,
                    now,
                    1);
            store.insert(created);
            return created;
        });
        publish(ConnectionEvent.Type.CREATED, stored, principal);
        LOG.info("Created connection {} ({}) for {}", id, stored.providerId(), principal.userId());
        return view(stored, AccessReason.OWNER);
    }

    /** The connection, if the principal may see it; otherwise {@code NOT_FOUND}, never revealing that it exists. */
    public Connection get(Principal principal, String id) {
        StoredConnection connection = find(principal, id);
        return view(connection, AccessPolicy.require(principal, connection, Action.VIEW));
    }

    /**
     * The connections the principal may see, by name, optionally narrowed by provider, name prefix and the text the
     * name contains (the filter's or the page request's {@code nameContains}, ignoring case), each with why it is
     * visible. Visibility is decided in the store's query, so a page costs one query whatever the organization
     * holds. A filter for another organization lists nothing.
     */
    public Page<Connection> list(Principal principal, ConnectionFilter filter, PageRequest page) {
        requireNonNull(principal, "principal is null");
        requireNonNull(filter, "filter is null");
        requireNonNull(page, "page is null");
        if (!filter.organizationId().equals(principal.organizationId())) {
            return new Page<>(List.of(), Optional.empty());
        }
        ConnectionFilter searched = withNameContains(filter, page);
        ConnectionFilter visible = principal.role() == Role.SUPERADMIN
                ? searched.anyAudience()
                : searched.visibleTo(principal.userId(), principal.groups());
        List<ListedConnection> rows = store.list(visible, page.size() + 1, page.pageToken());
        List<Connection> items = new ArrayList<>(Math.min(rows.size(), page.size()));
        for (ListedConnection row : rows.subList(0, Math.min(rows.size(), page.size()))) {
            items.add(view(
                    row,
                    AccessPolicy.reason(principal, row.organizationId(), row.ownerId(), row.sharing())
                            .orElseThrow(() -> new ConnectionException(
                                    ErrorCategory.INTERNAL,
                                    "the store listed connection " + row.id() + " that the principal may not see"))));
        }
        Optional<String> next = rows.size() > page.size()
                ? Optional.of(items.get(items.size() - 1).name())
                : Optional.empty();
        return new Page<>(items, next);
    }

    /** The page's {@code nameContains} is the filter's, so a listing UI's search box narrows the listing too. */
    private static ConnectionFilter withNameContains(ConnectionFilter filter, PageRequest page) {
        if (page.nameContains().isEmpty()) {
            return filter;
        }
        if (filter.nameContains().isPresent() && !filter.nameContains().equals(page.nameContains())) {
            throw InvalidConfigurationException.of(
                    "nameContains", "is given twice, by the filter and by the page request, with different texts");
        }
        return filter.nameContains(page.nameContains().orElseThrow());
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
            rejectMaskedSecrets(provider.authMethod(current.authMethod()).orElseThrow(), changes.properties());
            Map<String, Object> advanced = new LinkedHashMap<>(current.advanced());
            advanced.putAll(changes.advanced());
            Candidate changed = credentials.changed(current, changes.properties(), changes.removed(), advanced);
            CheckReport report = liveCheck(changed.open(), principal, current, current.providerId(), Optional.of(id));
            if (!report.ok()) {
                throw new CheckFailedException(report);
            }
            Instant now = now();
            StoredConnection next = changed.save(secrets -> {
                StoredConnection replacement = new StoredConnection(
                        id,
                        current.organizationId(),
                        current.ownerId(),
                        current.name(),
                        current.providerId(),
                        current.authMethod(),
                        plain(changed.settings()),
                        secrets,
                        plain(advanced),
                        current.createdAt(),
                        now,
                        expectedVersion + 1,
                        current.sharing());
                // Viewers' credentials were given for where the connection pointed; a change of any setting (a host,
                // an endpoint) must not carry them elsewhere, so they are dropped with it and each viewer provides them
                // again.
                boolean repointed = current.sharing().mode() == Sharing.Mode.VIEWER_CREDENTIALS
                        && !current.properties().equals(replacement.properties());
                store.update(replacement, expectedVersion, repointed);
                return replacement;
            });
            clients.retire(id);
            publish(ConnectionEvent.Type.UPDATED, next, principal);
            LOG.info("Updated connection {} to version {}", id, next.version());
            return view(next, AccessReason.OWNER);
        }
    }

    /** Renames a connection; the name rules and uniqueness apply. */
    public Connection rename(Principal principal, String id, String newName, long expectedVersion) {
        requireNonNull(newName, "newName is null");
        StoredConnection current = editable(principal, id, expectedVersion);
        try (var ignored = MDC.putCloseable(MDC_KEY, id)) {
            ConnectionNames.problem(newName).ifPresent(problem -> {
                throw InvalidConfigurationException.of("name", problem);
            });
            StoredConnection next = new StoredConnection(
                    id,
                    current.organizationId(),
                    current.ownerId(),
                    newName,
                    current.providerId(),
                    current.authMethod(),
                    current.properties(),
                    current.encryptedSecrets(),
                    current.advanced(),
                    current.createdAt(),
                    now(),
                    expectedVersion + 1,
                    current.sharing());
            store.updateRow(next, expectedVersion);
            clients.retire(id);
            publish(ConnectionEvent.Type.RENAMED, next, principal);
            LOG.info("Renamed connection {}", id);
            return view(next, AccessReason.OWNER);
        }
    }

    /** Deletes a connection that nothing depends on; see {@link #delete(Principal, String, DeleteOptions)}. */
    public void delete(Principal principal, String id, long expectedVersion) {
        delete(principal, id, DeleteOptions.version(expectedVersion));
    }

    /**
     * Deletes a private connection with its secrets and viewer credentials. Only its owner or a superadmin may. While
     * dependents are recorded it fails with an {@link InUseException} listing them, unless the options reassign them
     * to another connection of the same owner and provider, or cascade (they leave the registry, reported in a
     * {@code DEPENDENTS_REMOVED} event); either happens in the same transaction as the delete.
     *
     * @return the dependents that were reassigned or removed
     * @throws ConnectionException {@code IN_USE} when the connection is shared (make it private first) or used
     */
    public List<Dependent> delete(Principal principal, String id, DeleteOptions options) {
        requireNonNull(options, "options is null");
        StoredConnection current = find(principal, id);
        AccessPolicy.require(principal, current, Action.DELETE);
        try (var ignored = MDC.putCloseable(MDC_KEY, id)) {
            if (options.reassignTo().isPresent()) {
                requireReassignable(principal, current, options.reassignTo().get());
            }
            List<Dependent> moved =
                    store.delete(id, options.expectedVersion(), options.reassignTo(), options.cascades());
            clients.retire(id);
            publish(ConnectionEvent.Type.DELETED, current, principal);
            if (!moved.isEmpty()) {
                publish(
                        options.cascades()
                                ? ConnectionEvent.Type.DEPENDENTS_REMOVED
                                : ConnectionEvent.Type.DEPENDENTS_REASSIGNED,
                        current,
                        principal,
                        moved);
            }
            LOG.info("Deleted connection {}", id);
            return moved;
        }
    }

    private void requireReassignable(Principal principal, StoredConnection deleted, String targetId) {
        StoredConnection target = store.find(targetId)
                .filter(candidate -> AccessPolicy.reason(principal, candidate).isPresent())
                .orElseThrow(() -> InvalidConfigurationException.of(
                        "reassignTo",
                        "connection " + InvalidConfigurationException.abbreviate(targetId) + " does not exist"));
        if (target.id().equals(deleted.id())) {
            throw InvalidConfigurationException.of("reassignTo", "is the connection being deleted");
        }
        if (!target.ownerId().equals(deleted.ownerId()) || !target.providerId().equals(deleted.providerId())) {
            throw InvalidConfigurationException.of(
                    "reassignTo",
                    "connection " + target.name() + " must have the same owner and provider as " + deleted.name());
        }
    }

    /** Runs the live check of a stored connection as the principal uses it: with the owner's or their own credentials. */
    public CheckReport check(Principal principal, String id) {
        ConnectionForUser read = findForUser(principal, id);
        StoredConnection current = read.connection();
        AccessReason reason = AccessPolicy.require(principal, current, Action.USE);
        try (var ignored = MDC.putCloseable(MDC_KEY, id)) {
            CheckReport report = liveCheck(
                    credentials.resolve(read, reason).open(),
                    principal,
                    current,
                    current.providerId(),
                    Optional.of(id));
            LOG.debug(
                    "Checked connection {}: {}",
                    id,
                    report.ok() ? "ok" : report.failure().orElseThrow().stage());
            return report;
        }
    }

    /**
     * Changes who may see and use a connection; only its owner may, and the organization's policy may forbid sharing.
     * OAuth (personal) credentials may be shared only with viewer credentials, and viewer credentials only where the
     * provider takes them. Narrowing a sharing that other users' dependents rely on is applied only with
     * {@code confirmImpact}; without it nothing changes and the result lists them. Leaving viewer credentials removes
     * every viewer's stored credentials.
     */
    public SharingChange share(Principal principal, String id, Sharing sharing, boolean confirmImpact) {
        requireNonNull(sharing, "sharing is null");
        StoredConnection current = find(principal, id);
        AccessPolicy.require(principal, current, Action.SHARE);
        try (var ignored = MDC.putCloseable(MDC_KEY, id)) {
            if (sharing.isShared()
                    && !governance.policy(principal.organizationId()).sharingAllowed()) {
                throw new ConnectionException(
                        ErrorCategory.PERMISSION_DENIED,
                        "the organization's policy does not allow sharing connections");
            }
            ConnectionProvider provider = providers.get(current.providerId());
            AuthMethod method = provider.authMethod(current.authMethod()).orElseThrow();
            if (method.personal()
                    && sharing.mode() != Sharing.Mode.PRIVATE
                    && sharing.mode() != Sharing.Mode.VIEWER_CREDENTIALS) {
                throw InvalidConfigurationException.of(
                        "sharing",
                        "a connection with personal credentials (" + method.id()
                                + ") can be shared only with viewer credentials, so nobody else acts as its owner");
            }
            if (sharing.mode() == Sharing.Mode.VIEWER_CREDENTIALS
                    && CredentialResolver.viewerCredentialProperties(provider, method)
                            .isEmpty()) {
                throw new ConnectionException(
                        ErrorCategory.UNSUPPORTED,
                        provider.displayName() + " connections with the " + method.id()
                                + " auth method cannot be shared with viewer credentials");
            }
            if (sharing.equals(current.sharing())) {
                return new SharingChange(view(current, AccessReason.OWNER), true, List.of());
            }
            List<Dependent> impact = current.sharing().isCoveredBy(sharing)
                    ? List.of()
                    : store.dependents(id).stream()
                            .filter(dependent -> !dependent.ownerId().equals(current.ownerId()))
                            .toList();
            if (!impact.isEmpty() && !confirmImpact) {
                return new SharingChange(view(current, AccessReason.OWNER), false, impact);
            }
            StoredConnection next = current.withSharing(sharing, now());
            store.updateRow(next, current.version());
            clients.retire(id);
            publish(ConnectionEvent.Type.SHARED, next, principal);
            LOG.info("Shared connection {}: {}", id, sharing.mode());
            return new SharingChange(view(next, AccessReason.OWNER), true, impact);
        }
    }

    /**
     * Stores the principal's own credentials for a connection shared with viewer credentials, after checking them
     * live; they replace any the principal stored before. The fields are the provider's viewer-credential properties
     * for the connection's auth method. They are encrypted like the owner's and never returned.
     *
     * @throws CheckFailedException when the credentials fail the live check; nothing is stored
     */
    public void provideViewerCredentials(Principal principal, String id, Map<String, ?> credentials) {
        requireNonNull(credentials, "credentials is null");
        StoredConnection current = find(principal, id);
        AccessPolicy.require(principal, current, Action.PROVIDE_VIEWER_CREDENTIALS);
        try (var ignored = MDC.putCloseable(MDC_KEY, id)) {
            ConnectionProvider provider = providers.get(current.providerId());
            AuthMethod method = provider.authMethod(current.authMethod()).orElseThrow();
            List<Property<?>> fields = CredentialResolver.viewerCredentialProperties(provider, method);
            rejectMaskedSecrets(new AuthMethod(method.id(), method.displayName(), fields), credentials);
            Candidate viewer = this.credentials.viewer(current, principal.userId(), credentials);
            CheckReport report = liveCheck(viewer.open(), principal, null, current.providerId(), Optional.of(id));
            if (!report.ok()) {
                throw new CheckFailedException(report);
            }
            viewer.save(secrets -> {
                store.putViewerCredentials(id, principal.userId(), secrets);
                return null;
            });
            clients.retire(id, viewer.identity());
            publish(ConnectionEvent.Type.VIEWER_CREDENTIALS_PROVIDED, current, principal);
            LOG.info("Stored viewer credentials of {} for connection {}", principal.userId(), id);
        }
    }

    /**
     * Removes the principal's own viewer credentials for a connection it may see.
     *
     * @return whether any were stored
     */
    public boolean revokeViewerCredentials(Principal principal, String id) {
        StoredConnection current = find(principal, id);
        AccessPolicy.require(principal, current, Action.VIEW);
        try (var ignored = MDC.putCloseable(MDC_KEY, id)) {
            boolean removed = store.deleteViewerCredentials(id, Optional.of(principal.userId()));
            clients.retire(id, Identity.viewer(principal.userId()));
            if (removed) {
                publish(ConnectionEvent.Type.VIEWER_CREDENTIALS_REVOKED, current, principal);
                LOG.info("Removed viewer credentials of {} for connection {}", principal.userId(), id);
            }
            return removed;
        }
    }

    /**
     * Gives a connection to another member of its organization; only a superadmin may, and the new owner must be an
     * editor or above. The connection keeps its settings, secrets, sharing and dependents. The new owner's own viewer
     * credentials for it are removed, since an owner uses the connection's; the old owner gets none from the transfer.
     */
    public Connection transferOwnership(Principal principal, String id, Principal newOwner) {
        requireNonNull(newOwner, "newOwner is null");
        StoredConnection current = find(principal, id);
        AccessReason reason = AccessPolicy.require(principal, current, Action.TRANSFER);
        if (!newOwner.organizationId().equals(current.organizationId())) {
            throw InvalidConfigurationException.of("newOwner", "is not a member of the connection's organization");
        }
        if (!newOwner.role().canOwnAssets()) {
            throw InvalidConfigurationException.of(
                    "newOwner", "a " + newOwner.role() + " cannot own connections; choose an editor or above");
        }
        if (providers
                .get(current.providerId())
                .authMethod(current.authMethod())
                .orElseThrow()
                .personal()) {
            throw new ConnectionException(
                    ErrorCategory.PERMISSION_DENIED,
                    "connection " + current.name() + " holds its owner's" + " personal credentials ("
                            + current.authMethod() + "); the new owner must create a connection of their own");
        }
        try (var ignored = MDC.putCloseable(MDC_KEY, id)) {
            if (newOwner.userId().equals(current.ownerId())) {
                return view(current, reason);
            }
            StoredConnection next = current.withOwner(newOwner.userId(), now());
            store.updateRow(next, current.version());
            clients.retire(id);
            publish(ConnectionEvent.Type.OWNERSHIP_TRANSFERRED, next, principal);
            LOG.info("Transferred connection {} to {}", id, newOwner.userId());
            return view(next, AccessPolicy.reason(principal, next).orElse(AccessReason.SUPERADMIN));
        }
    }

    /**
     * Runs a query in the warehouse as the principal uses the connection (the owner's or their own viewer credentials)
     * and streams its result: close it to give its connection back. At most {@code maxConcurrentQueries} run at once on
     * a connection; callers beyond them wait in a bounded queue, and beyond that fail at once with
     * {@code LIMIT_EXCEEDED}. A result nobody reads for the abandonment timeout is closed for its caller.
     *
     * @throws ConnectionException {@code NOT_FOUND}, {@code PERMISSION_DENIED}, {@code AUTHENTICATION} as for every
     *     use; {@code LIMIT_EXCEEDED}; the warehouse's own failures
     */
    public QueryResult query(Principal principal, String id, Query query) {
        requireNonNull(query, "query is null");
        return run(use(principal, id), id, query);
    }

    private QueryResult run(Use use, String id, Query query) {
        CallTimer timer = new CallTimer(observer, WarehouseCall.Kind.QUERY, id, use.providerId());
        ClientLease lease = lease(use, timer);
        QueryResult result;
        try {
            result = lease.query(query);
        } catch (RuntimeException e) {
            timer.finished(categoryOf(e), 0, 0);
            throw e;
        }
        // Unobserved results stay unwrapped, so that reading them costs what it did before observers existed.
        return observer == WarehouseObserver.NONE ? result : new ObservedQueryResult(result, timer);
    }

    /** Runs a statement that returns no rows (DDL, DML) and returns the affected row count, or 0. */
    public long execute(Principal principal, String id, Query statement) {
        requireNonNull(statement, "statement is null");
        return call(
                principal,
                id,
                WarehouseCall.Kind.EXECUTE,
                lease -> lease.client().execute(statement));
    }

    /**
     * Writes a query's result back into the warehouse as a new table: {@code ["schema", "table"]}, or
     * {@code ["table"]} for the connection's {@code tempLocation}, which is created when missing.
     */
    public void createTable(Principal principal, String id, List<String> table, Query query) {
        requireNonNull(table, "table is null");
        requireNonNull(query, "query is null");
        call(principal, id, WarehouseCall.Kind.CREATE_TABLE, lease -> {
            lease.client().createTable(table, query);
            return null;
        });
    }

    /** Drops a table written by {@link #createTable}, if it exists. */
    public void dropTable(Principal principal, String id, List<String> table) {
        requireNonNull(table, "table is null");
        call(principal, id, WarehouseCall.Kind.DROP_TABLE, lease -> {
            lease.client().dropTable(table);
            return null;
        });
    }

    /**
     * One vector tile of a source, built as the principal uses the connection (the owner's or their own viewer
     * credentials), within the connection's {@code maxConcurrentQueries} and the source query's timeout, with access
     * checked again for every tile. The warehouse builds the tile where its provider can (PostGIS), otherwise the SDK
     * encodes it from the rows the warehouse finds on it.
     *
     * @param ifNoneMatch the caller's {@code If-None-Match} header, or null; when it matches, the tile is
     *     {@link Tile.Status#NOT_MODIFIED} and carries no bytes
     * @throws ConnectionException as for {@link #query}; {@code INVALID_CONFIGURATION} naming {@code z}, {@code x},
     *     {@code y}, {@code geometryColumn}, {@code featureId} or {@code srid} for a tile or source that cannot be
     *     served
     */
    public Tile tile(
            Principal principal,
            String id,
            TileSource source,
            TileCoordinates coordinates,
            @Nullable String ifNoneMatch) {
        requireNonNull(source, "source is null");
        requireNonNull(coordinates, "coordinates is null");
        return call(
                principal,
                id,
                WarehouseCall.Kind.TILE,
                (lease, dialect) -> VectorTiles.tile(lease.client(), dialect, source, coordinates, ifNoneMatch));
    }

    /** One vector tile of a source; see {@link #tile(Principal, String, TileSource, TileCoordinates, String)}. */
    public Tile tile(Principal principal, String id, TileSource source, TileCoordinates coordinates) {
        return tile(principal, id, source, coordinates, null);
    }

    /**
     * A source's TileJSON 3.0.0 document, as the principal uses the connection: its layer's property types (the
     * source is described, which also checks its columns) and its bounds where the warehouse finds them.
     *
     * @param tilesUrl the address of the tiles, holding {@code {z}}, {@code {x}} and {@code {y}}
     */
    public TileJson tileJson(Principal principal, String id, TileSource source, String tilesUrl) {
        requireNonNull(source, "source is null");
        requireNonNull(tilesUrl, "tilesUrl is null");
        return call(
                principal,
                id,
                WarehouseCall.Kind.TILE,
                (lease, dialect) -> VectorTiles.tileJson(lease.client(), dialect, source, tilesUrl));
    }

    /**
     * Browses what the connection sees, as the principal uses it. Every page checks access again and borrows a client
     * only for its own call, so a catalog kept by a UI never holds a connection and stops working once access goes.
     */
    public Catalog catalog(Principal principal, String id) {
        requireNonNull(principal, "principal is null");
        requireNonNull(id, "id is null");
        AccessPolicy.require(principal, find(principal, id), Action.USE);
        return new LeasedCatalog(principal, id);
    }

    /** The clients in use: open clients and pools, leases and results out; for monitoring and tests. */
    public ClientMetrics clientMetrics() {
        ClientCacheMetrics metrics = clients.metrics();
        return new ClientMetrics(
                metrics.openClients(),
                metrics.cachedClients(),
                metrics.leasesOut(),
                metrics.openResults(),
                metrics.evictions(),
                metrics.abandonedResults());
    }

    /**
     * The running slots of every connection that ran something lately, by connection id: a connection's slots are
     * dropped once it has no client and nothing running. For gauges; like {@link #clientMetrics()}, for the operator,
     * naming no user or setting.
     */
    public Map<String, PoolMetrics> poolMetrics() {
        Map<String, PoolMetrics> metrics = new LinkedHashMap<>();
        clients.gateMetrics()
                .forEach((connectionId, gate) ->
                        metrics.put(connectionId, new PoolMetrics(gate.running(), gate.queued(), gate.limit())));
        return Map.copyOf(metrics);
    }

    /** One store read: the connection with the principal's own viewer credentials, if they use it with them. */
    private Use use(Principal principal, String id) {
        ConnectionForUser read = findForUser(principal, id);
        Resolved resolved = credentials.resolve(read, AccessPolicy.require(principal, read.connection(), Action.USE));
        return new Use(read.connection().providerId(), resolved);
    }

    /** Leases the connection's client, telling the timer when the connection's limits turn the call away. */
    private ClientLease lease(Use use, CallTimer timer) {
        Resolved resolved = use.resolved();
        try {
            return clients.lease(resolved.key(), resolved.maxConcurrentQueries(), resolved::open);
        } catch (ConnectionException e) {
            // The client cache fails a lease with LIMIT_EXCEEDED only when the connection's queue turns it away.
            if (e.category() == ErrorCategory.LIMIT_EXCEEDED) {
                timer.rejected();
            } else {
                timer.finished(e.category(), 0, 0);
            }
            throw e;
        } catch (RuntimeException e) {
            timer.finished(ErrorCategory.INTERNAL, 0, 0);
            throw e;
        }
    }

    /** A call that ends before it returns, on a leased client, timed for the observer. */
    private <T> T call(Principal principal, String id, WarehouseCall.Kind kind, Function<ClientLease, T> work) {
        return call(principal, id, kind, (lease, dialect) -> work.apply(lease));
    }

    /** A call that also needs the connection's SQL dialect. */
    private <T> T call(
            Principal principal, String id, WarehouseCall.Kind kind, BiFunction<ClientLease, Dialect, T> work) {
        Use use = use(principal, id);
        Dialect dialect = providers.get(use.providerId()).dialect();
        CallTimer timer = new CallTimer(observer, kind, id, use.providerId());
        try (ClientLease lease = lease(use, timer)) {
            T value;
            try {
                value = work.apply(lease, dialect);
            } catch (RuntimeException e) {
                timer.finished(categoryOf(e), 0, 0);
                throw e;
            }
            timer.finished(null, 0, 0);
            return value;
        }
    }

    private static ErrorCategory categoryOf(RuntimeException failure) {
        return failure instanceof ConnectionException known ? known.category() : ErrorCategory.INTERNAL;
    }

    /** A connection resolved for one use: its provider, and the client key and opener of the principal's identity. */
    private record Use(String providerId, Resolved resolved) {}

    /** A catalog whose every call goes through access and the client cache. */
    private final class LeasedCatalog implements Catalog {
        private final Principal principal;
        private final String id;

        LeasedCatalog(Principal principal, String id) {
            this.principal = principal;
            this.id = id;
        }

        @Override
        public Page<Database> databases(PageRequest request) {
            return call(
                    principal,
                    id,
                    WarehouseCall.Kind.CATALOG,
                    lease -> lease.client().catalog().databases(request));
        }

        @Override
        public Page<Schema> schemas(String database, PageRequest request) {
            return call(
                    principal,
                    id,
                    WarehouseCall.Kind.CATALOG,
                    lease -> lease.client().catalog().schemas(database, request));
        }

        @Override
        public Page<Table> tables(String database, String schema, PageRequest request) {
            return call(
                    principal,
                    id,
                    WarehouseCall.Kind.CATALOG,
                    lease -> lease.client().catalog().tables(database, schema, request));
        }

        @Override
        public Page<TableColumn> columns(String database, String schema, String table, PageRequest request) {
            return call(
                    principal,
                    id,
                    WarehouseCall.Kind.CATALOG,
                    lease -> lease.client().catalog().columns(database, schema, table, request));
        }
    }

    // Grants and tokens (issue 19): public use of a private connection. Kept together; the work is in GrantService.

    /**
     * Grants public use of some of a connection's sources until an expiry, and returns the grant with its token (the
     * only time the token is returned). The principal must be able to use the connection and to own assets; the grant
     * works only while they still can ({@link #query(TokenCall)}).
     *
     * @throws ConnectionException {@code NOT_FOUND} or {@code PERMISSION_DENIED} as for {@code query};
     *     {@code UNSUPPORTED} when the connection is shared with viewer credentials and has no
     *     {@link #setServiceIdentity service identity}, or no member directory is configured;
     *     {@code INVALID_CONFIGURATION} naming {@code expiresAt} when it is past (once kept to the second) or too far,
     *     {@code sources.query.parameters} when a named query declares a parameter its SQL does not reference or
     *     references one it does not declare, or {@code sources} when they hold a table and the connection accepts
     *     only named sources ({@code namedSourcesOnly})
     */
    public IssuedGrant createGrant(Principal principal, String connectionId, NewGrant grant) {
        requireNonNull(grant, "grant is null");
        StoredConnection connection = find(principal, connectionId);
        try (var ignored = MDC.putCloseable(MDC_KEY, connectionId)) {
            // A grant publishes the connection beyond its sharing: where the organization forbids sharing, it may not.
            if (!governance.policy(principal.organizationId()).sharingAllowed()) {
                throw new ConnectionException(
                        ErrorCategory.PERMISSION_DENIED,
                        "the organization's policy forbids sharing connections, and a grant is public use");
            }
            GrantedQueries.requireParametersMatchSql(
                    grant.sources(),
                    providers.get(connection.providerId()).dialect().lexicalRules());
            IssuedGrant issued = grants.create(principal, connection, grant, grantTerms(connection));
            publish(
                    ConnectionEvent.Type.GRANT_CREATED,
                    connection,
                    principal,
                    List.of(GrantService.dependent(issued.grant())));
            LOG.info("Created grant {} on connection {} for {}", issued.grant().id(), connectionId, principal.userId());
            return issued;
        }
    }

    /**
     * Revokes a grant: its tokens stop working at once on this instance and, on others sharing the store, within
     * {@link Builder#grantRecheck}. Its creator, the connection's owner or a superadmin may.
     *
     * @return the grant as revoked
     */
    public Grant revokeGrant(Principal principal, String grantId) {
        requireNonNull(principal, "principal is null");
        requireNonNull(grantId, "grantId is null");
        Grant grant = grants.manageable(principal, grantId);
        try (var ignored = MDC.putCloseable(MDC_KEY, grant.connectionId())) {
            if (grants.revoke(grant)) {
                store.find(grant.connectionId())
                        .ifPresent(connection -> publish(
                                ConnectionEvent.Type.GRANT_REVOKED,
                                connection,
                                principal,
                                List.of(GrantService.dependent(grant))));
                LOG.info("Revoked grant {} on connection {}", grantId, grant.connectionId());
            }
            return store.findGrant(grantId).orElse(grant);
        }
    }

    /**
     * Gives an active grant to another member of the organization, typically one suspended because its creator lost
     * access: its tokens work again (they name the grant, not its creator) while the new creator keeps access. Only the
     * connection's owner or a superadmin may. The new creator must pass what a creator passes at creation.
     *
     * @return the grant with its new creator
     * @throws ConnectionException {@code INVALID_CONFIGURATION} naming {@code newCreatorId} when they are not a member
     *     who may use the connection and own assets; {@code UNSUPPORTED} when the connection is shared with viewer
     *     credentials and has no service identity; {@code CONFLICT} when the grant is revoked, expired or changed
     *     meanwhile
     */
    public Grant transferGrant(Principal principal, String grantId, String newCreatorId) {
        requireNonNull(principal, "principal is null");
        requireNonNull(grantId, "grantId is null");
        requireNonNull(newCreatorId, "newCreatorId is null");
        GrantService.Transferable transferable = grants.transferable(principal, grantId);
        StoredConnection connection = transferable.connection();
        try (var ignored = MDC.putCloseable(MDC_KEY, connection.id())) {
            Grant transferred = grants.transfer(transferable, newCreatorId, grantTerms(connection));
            if (!transferred.creatorId().equals(transferable.grant().creatorId())) {
                publish(
                        ConnectionEvent.Type.GRANT_TRANSFERRED,
                        connection,
                        principal,
                        List.of(GrantService.dependent(transferred)));
                LOG.info("Transferred grant {} on connection {} to {}", grantId, connection.id(), newCreatorId);
            }
            return transferred;
        }
    }

    /**
     * Sets the service identity of a connection shared with viewer credentials: the credentials its grants' tokens run
     * as, where every member otherwise brings their own (a grant on such a connection is refused without one). Only
     * the owner may. The fields are the provider's viewer-credential properties for the connection's auth method; they
     * are checked live, encrypted like viewers' credentials, never returned, and replace any set before. They are
     * removed with the other viewers' credentials when the connection leaves viewer-credential sharing or its settings
     * point elsewhere, which suspends its grants.
     *
     * @throws ConnectionException {@code INVALID_CONFIGURATION} naming {@code sharing} when the connection is not
     *     shared with viewer credentials, or each field that is unknown, missing or malformed
     * @throws CheckFailedException when the credentials fail the live check; nothing is stored
     */
    public void setServiceIdentity(Principal principal, String id, Map<String, ?> credentials) {
        requireNonNull(credentials, "credentials is null");
        StoredConnection current = find(principal, id);
        AccessPolicy.require(principal, current, Action.EDIT);
        try (var ignored = MDC.putCloseable(MDC_KEY, id)) {
            if (current.sharing().mode() != Sharing.Mode.VIEWER_CREDENTIALS) {
                throw InvalidConfigurationException.of(
                        "sharing",
                        "connection " + current.name() + " is not shared with viewer credentials: its grants run with"
                                + " the owner's credentials and need no service identity");
            }
            ConnectionProvider provider = providers.get(current.providerId());
            AuthMethod method = provider.authMethod(current.authMethod()).orElseThrow();
            List<Property<?>> fields = CredentialResolver.viewerCredentialProperties(provider, method);
            rejectMaskedSecrets(new AuthMethod(method.id(), method.displayName(), fields), credentials);
            Candidate service = this.credentials.viewer(current, Identity.SERVICE_USER_ID, credentials);
            CheckReport report = liveCheck(service.open(), principal, null, current.providerId(), Optional.of(id));
            if (!report.ok()) {
                throw new CheckFailedException(report);
            }
            service.save(secrets -> {
                store.putViewerCredentials(id, Identity.SERVICE_USER_ID, secrets);
                return null;
            });
            clients.retire(id, Identity.SERVICE);
            publish(ConnectionEvent.Type.SERVICE_IDENTITY_SET, current, principal);
            LOG.info("Set the service identity of connection {}", id);
        }
    }

    /**
     * Removes the service identity of a connection; its grants are suspended until one is set again. Only the owner
     * may.
     *
     * @return whether one was set
     */
    public boolean removeServiceIdentity(Principal principal, String id) {
        StoredConnection current = find(principal, id);
        AccessPolicy.require(principal, current, Action.EDIT);
        try (var ignored = MDC.putCloseable(MDC_KEY, id)) {
            boolean removed = store.deleteViewerCredentials(id, Optional.of(Identity.SERVICE_USER_ID));
            clients.retire(id, Identity.SERVICE);
            if (removed) {
                publish(ConnectionEvent.Type.SERVICE_IDENTITY_REMOVED, current, principal);
                LOG.info("Removed the service identity of connection {}", id);
            }
            return removed;
        }
    }

    /** What the connection's settings say about its grants; reads the service identity only where one can exist. */
    private GrantService.Terms grantTerms(StoredConnection connection) {
        boolean namedSourcesOnly = AdvancedOptions.parse(
                        connection.advanced(),
                        providers.get(connection.providerId()).dialect())
                .namedSourcesOnly();
        boolean serviceIdentity = connection.sharing().mode() == Sharing.Mode.VIEWER_CREDENTIALS
                && !store.viewerCredentials(connection.id(), Identity.SERVICE_USER_ID)
                        .isEmpty();
        return new GrantService.Terms(namedSourcesOnly, serviceIdentity);
    }

    /** The grants of a connection the principal may see, revoked and expired ones included, oldest first. */
    public List<Grant> grants(Principal principal, String connectionId) {
        AccessPolicy.require(principal, find(principal, connectionId), Action.VIEW);
        return grants.grants(connectionId);
    }

    /**
     * A new token for a grant, signed with the current signing key: re-issue tokens this way before retiring the key
     * that signed the old ones. Only for an active grant, by whoever may revoke it.
     */
    public Secret grantToken(Principal principal, String grantId) {
        requireNonNull(principal, "principal is null");
        requireNonNull(grantId, "grantId is null");
        return grants.token(principal, grants.manageable(principal, grantId));
    }

    /**
     * Runs exactly a granted source for the holder of a token: a granted table's select (written by the SDK with
     * quoted identifiers and bound values) or a granted named query with its parameters converted to their declared
     * types. It runs with the connection's owner credentials, as the grant's creator uses them, and only while the
     * creator still may (shared with them, their role able to own assets, still a member).
     *
     * @throws ConnectionException {@code PERMISSION_DENIED} with one message for every refusal (bad or expired
     *     token, revoked grant, another organization, source or column not granted, creator without access), so a
     *     caller learns nothing of what exists; {@code INVALID_CONFIGURATION} naming the parameter or filter value
     *     when a granted source's inputs are wrong; the warehouse's own failures
     */
    public QueryResult query(TokenCall call) {
        requireNonNull(call, "call is null");
        TokenUse token = tokenUse(grants.authorize(call));
        try (var ignored = MDC.putCloseable(MDC_KEY, token.connectionId())) {
            return run(token.use(), token.connectionId(), token.query());
        }
    }

    /**
     * One vector tile of a granted source for the holder of a token whose grant allows {@code TILES}: the granted
     * table's select (its requested columns but the geometry become the features' properties) or named query, drawn
     * from {@code geometryColumn}, which must be one of the granted columns of a table read. The same refusals as
     * {@link #query(TokenCall)}, all {@code PERMISSION_DENIED}.
     */
    public Tile tile(TokenCall call, String geometryColumn, TileCoordinates coordinates) {
        requireNonNull(call, "call is null");
        requireNonNull(geometryColumn, "geometryColumn is null");
        requireNonNull(coordinates, "coordinates is null");
        List<String> properties = List.of();
        if (call.source() instanceof SourceRequest.TableRead read) {
            if (!read.columns().contains(geometryColumn)) {
                throw GrantService.denied("geometry column not requested");
            }
            properties = read.columns().stream()
                    .filter(column -> !column.equals(geometryColumn))
                    .toList();
        }
        TokenUse token = tokenUse(grants.authorize(call, GrantOperation.TILES));
        TileSource source = TileSource.query(token.query(), geometryColumn).properties(properties);
        try (var ignored = MDC.putCloseable(MDC_KEY, token.connectionId())) {
            CallTimer timer = new CallTimer(
                    observer,
                    WarehouseCall.Kind.TILE,
                    token.connectionId(),
                    token.use().providerId());
            try (ClientLease lease = lease(token.use(), timer)) {
                Tile tile;
                try {
                    tile = VectorTiles.tile(lease.client(), token.dialect(), source, coordinates, null);
                } catch (RuntimeException e) {
                    timer.finished(categoryOf(e), 0, 0);
                    throw e;
                }
                timer.finished(null, 0, 0);
                return tile;
            }
        }
    }

    /**
     * What a token may run, once the creator's access now (not when the grant was made: unshared, demoted, out of the
     * group, transferred) has been checked: the connection as the creator uses it, the query within the host's limits.
     */
    private TokenUse tokenUse(GrantService.Authorized authorized) {
        String id = authorized.grant().connectionId();
        Principal creator = authorized.creator();
        // Read as the service identity: on a connection shared with viewer credentials that is what a token runs as,
        // in the same read; on any other connection the read holds no credentials but the owner's.
        ConnectionForUser read = store.findForUser(id, Identity.SERVICE_USER_ID)
                .orElseThrow(() -> GrantService.denied("connection deleted"));
        StoredConnection connection = read.connection();
        Optional<AccessReason> reason = AccessPolicy.reason(creator, connection);
        boolean viewerCredentials = connection.sharing().mode() == Sharing.Mode.VIEWER_CREDENTIALS;
        if (reason.isEmpty()
                || reason.get() == AccessReason.SUPERADMIN
                || !creator.role().canOwnAssets()) {
            throw GrantService.denied("creator has no access");
        }
        if (viewerCredentials && read.viewerCredentials().isEmpty()) {
            throw GrantService.denied("no service identity");
        }
        Resolved resolved =
                credentials.resolve(read, viewerCredentials ? AccessReason.VIEWER_CREDENTIALS : reason.get());
        // A grant made before the connection accepted only named sources stops working whole, as it could not be made
        // now.
        if (resolved.namedSourcesOnly()
                && GrantService.holdsTable(authorized.grant().sources())) {
            throw GrantService.denied("the connection accepts only named sources");
        }
        Dialect dialect = providers.get(connection.providerId()).dialect();
        Query query = authorized.query().apply(dialect).maxRows(tokenMaxRows).timeout(tokenTimeout);
        return new TokenUse(id, new Use(connection.providerId(), resolved), dialect, query);
    }

    /** A token's call, ready to run. */
    private record TokenUse(String connectionId, Use use, Dialect dialect, Query query) {}

    /** Makes a new signing key for grant tokens; tokens signed with older keys keep working until those are retired. */
    public String rotateGrantSigningKey() {
        return grants.signing().rotate();
    }

    /**
     * Retires a signing key and erases its private half: the tokens it signed stop working (here at once, on other
     * instances within {@link Builder#grantRecheck}) and nothing signs with it again; re-issue them first with
     * {@link #grantToken}.
     *
     * @return false when no such key is active
     */
    public boolean retireGrantSigningKey(String keyId) {
        requireNonNull(keyId, "keyId is null");
        return grants.signing().retire(keyId);
    }

    /**
     * Re-encrypts every secret that is not under the key ring's primary key, in batches, then the private halves of
     * the grant signing keys that are not retired. Idempotent and resumable: run it again after a crash and it
     * continues where it stopped. A secret or signing key that cannot be decrypted (its key is lost, its ciphertext
     * damaged) is skipped, logged and reported, and the rest are re-encrypted all the same.
     *
     * @return how many secrets and signing keys remain under other keys (0 when done) and which ones could not be
     *     read
     */
    public ReencryptionReport reencryptSecrets() {
        String primary = keys.primaryKeyId();
        Map<StoredSecret, ReencryptionReport.UnreadableSecret> skipped = new LinkedHashMap<>();
        while (true) {
            // Skipped secrets come back in every batch, so the batch grows by them to always reach the others.
            List<StoredSecret> batch = store.secretsNotUnderKey(primary, REENCRYPTION_BATCH + skipped.size());
            int attempted = 0;
            int tried = 0;
            int replaced = 0;
            for (StoredSecret secret : batch) {
                if (skipped.containsKey(secret)) {
                    continue;
                }
                attempted++;
                EncryptedSecret reencrypted;
                try {
                    reencrypted = credentials.reencrypted(secret);
                } catch (ConnectionException e) {
                    LOG.warn("Skipped re-encrypting {}: {}", secret, e.getMessage());
                    skipped.put(
                            secret,
                            new ReencryptionReport.UnreadableSecret(
                                    secret.connectionId(), secret.secretKey(), secret.viewerId(), secret.keyId()));
                    continue;
                }
                tried++;
                if (store.replaceCiphertext(secret, reencrypted.ciphertext(), reencrypted.keyId())) {
                    replaced++;
                }
            }
            // Nothing new to try, or every write lost to a concurrent writer (whose value is under a current key).
            if (attempted == 0 || (tried > 0 && replaced == 0)) {
                break;
            }
        }
        List<ReencryptionReport.UnreadableSigningKey> unreadableSigningKeys =
                grants.signing().reencrypt(primary);
        return new ReencryptionReport(
                store.countSecretsNotUnderKey(primary) + grants.signing().underOtherKeys(primary),
                List.copyOf(skipped.values()),
                unreadableSigningKeys);
    }

    /** {@link #reencryptSecrets()} on the SDK's housekeeping thread. */
    public CompletableFuture<ReencryptionReport> reencryptSecretsInBackground() {
        return CompletableFuture.supplyAsync(this::reencryptSecrets, scheduler);
    }

    /** How many secrets, grant signing keys' private halves included, are not yet under the primary key. */
    public long secretsUnderOldKeys() {
        String primary = keys.primaryKeyId();
        return store.countSecretsNotUnderKey(primary) + grants.signing().underOtherKeys(primary);
    }

    private void requireCreator(Principal principal) {
        if (!principal.role().canOwnAssets()) {
            throw new ConnectionException(
                    ErrorCategory.PERMISSION_DENIED, "a " + principal.role() + " cannot create connections");
        }
        if (!governance.policy(principal.organizationId()).allowsCreationBy(principal.role())) {
            throw new ConnectionException(
                    ErrorCategory.PERMISSION_DENIED,
                    "the organization's policy does not allow a " + principal.role() + " to create connections");
        }
    }

    private Candidate validate(Principal principal, NewConnection draft, String id) {
        requireNonNull(draft, "draft is null");
        List<Problem> problems = new ArrayList<>();
        ConnectionNames.problem(draft.name()).ifPresent(problem -> problems.add(new Problem("name", problem)));
        ConnectionProvider provider;
        try {
            provider = providers.get(draft.providerId());
        } catch (ConnectionException e) {
            problems.add(new Problem(
                    "provider_id",
                    "'" + InvalidConfigurationException.abbreviate(draft.providerId()) + "' is not a known provider"));
            throw new InvalidConfigurationException(problems);
        }
        String authMethod = draft.authMethodOrNull() != null
                ? draft.authMethodOrNull()
                : provider.authMethods().get(0).id();
        provider.authMethod(authMethod).ifPresent(method -> rejectMaskedSecrets(method, draft.properties()));
        @Nullable Candidate candidate = null;
        try {
            candidate = credentials.draft(id, provider, authMethod, draft.properties(), draft.advanced());
        } catch (InvalidConfigurationException e) {
            problems.addAll(e.problems());
        }
        if (candidate == null || !problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        // Before any check reaches a warehouse, so a forbidden provider is never even contacted.
        GovernancePolicy policy = governance.policy(principal.organizationId());
        if (!policy.allowsProvider(provider.id())) {
            throw new ConnectionException(
                    ErrorCategory.PERMISSION_DENIED,
                    "the organization's policy does not allow " + provider.displayName() + " connections (provider_id "
                            + provider.id() + ")");
        }
        if (!policy.allowsAuthMethod(authMethod)) {
            throw new ConnectionException(
                    ErrorCategory.PERMISSION_DENIED,
                    "the organization's policy does not allow the " + authMethod + " auth method (type)");
        }
        return candidate;
    }

    /** A form that shows stored secrets as a mask must not send the mask back as the new value. */
    private static void rejectMaskedSecrets(AuthMethod method, Map<String, ?> values) {
        List<Problem> problems = new ArrayList<>();
        for (Property<?> property : method.properties()) {
            Object value = values.get(property.name());
            String text =
                    value instanceof Secret secret ? secret.reveal() : value instanceof String string ? string : null;
            if (property.isSecret() && text != null && SecretMasks.isMask(text)) {
                problems.add(new Problem(
                        property.name(), "is a mask placeholder, not a value; omit it to keep the stored secret"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }

    private CheckReport liveCheck(
            WarehouseClient opened,
            Principal principal,
            @Nullable StoredConnection stored,
            String providerId,
            Optional<String> storedId) {
        try (WarehouseClient client = opened) {
            CheckReport report = client.check(checkOptions);
            try {
                observer.checkFinished(providerId, storedId, report);
            } catch (RuntimeException e) {
                LOG.warn("The warehouse observer failed on a check of a {} connection", providerId, e);
            }
            if (stored != null) {
                publish(ConnectionEvent.Type.CHECKED, stored, principal);
            }
            return report;
        }
    }

    private StoredConnection find(Principal principal, String id) {
        requireNonNull(principal, "principal is null");
        requireNonNull(id, "id is null");
        return store.find(id).orElseThrow(() -> AccessPolicy.notFound(id));
    }

    private ConnectionForUser findForUser(Principal principal, String id) {
        requireNonNull(principal, "principal is null");
        requireNonNull(id, "id is null");
        return store.findForUser(id, principal.userId()).orElseThrow(() -> AccessPolicy.notFound(id));
    }

    private StoredConnection editable(Principal principal, String id, long expectedVersion) {
        StoredConnection current = find(principal, id);
        AccessPolicy.require(principal, current, Action.EDIT);
        if (current.version() != expectedVersion) {
            throw new ConnectionException(
                    ErrorCategory.CONFLICT,
                    "version " + expectedVersion + " of connection " + id + " is stale: it is at version "
                            + current.version() + "; reload it and apply the change again");
        }
        return current;
    }

    private static Map<String, Object> plain(ConnectionSettings settings) {
        return plain(settings.properties().nonSecretValues());
    }

    private static Map<String, Object> plain(Map<String, ?> values) {
        Map<String, Object> plain = new LinkedHashMap<>();
        values.forEach((key, value) -> plain.put(
                key,
                value instanceof Number || value instanceof Boolean || value instanceof String
                        ? value
                        : value.toString()));
        return plain;
    }

    /** A listing row as callers see it; its maps and set are immutable already, so the view copies none. */
    private static Connection view(ListedConnection listed, AccessReason access) {
        return new Connection(
                listed.id(),
                listed.name(),
                listed.providerId(),
                listed.authMethod(),
                listed.properties(),
                listed.secretKeys(),
                listed.advanced(),
                listed.ownerId(),
                listed.organizationId(),
                listed.createdAt(),
                listed.updatedAt(),
                listed.version(),
                listed.sharing(),
                access);
    }

    private static Connection view(StoredConnection stored, AccessReason access) {
        return new Connection(
                stored.id(),
                stored.name(),
                stored.providerId(),
                stored.authMethod(),
                stored.properties(),
                stored.encryptedSecrets().keySet(),
                stored.advanced(),
                stored.ownerId(),
                stored.organizationId(),
                stored.createdAt(),
                stored.updatedAt(),
                stored.version(),
                stored.sharing(),
                access);
    }

    /** Microseconds: what both store databases keep, so a connection reads back equal to what was returned. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private void publish(ConnectionEvent.Type type, StoredConnection connection, Principal actor) {
        publish(type, connection, actor, List.of());
    }

    private void publish(
            ConnectionEvent.Type type, StoredConnection connection, Principal actor, List<Dependent> dependents) {
        ConnectionEvent event = new ConnectionEvent(
                type,
                connection.id(),
                connection.name(),
                connection.providerId(),
                actor.userId(),
                connection.version(),
                clock.instant(),
                dependents);
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("Connection listener failed on {} of {}", type, connection.id(), e);
        }
    }

    @Override
    public void close() {
        clients.close();
        scheduler.shutdownNow();
        store.close();
    }

    /**
     * Configures a {@link Connections}. Required: a store and keys, or {@link #embedded(Path)} for both.
     */
    public static final class Builder {
        private @Nullable ConnectionStore store;
        private @Nullable KeyRing keys;
        private @Nullable Path keyFile;
        private boolean embeddedStore;
        private Set<String> lostKeys = Set.of();
        private @Nullable Providers providers;
        private Clock clock = Clock.systemUTC();
        private ConnectionListener listener = ConnectionListener.NONE;
        private CheckOptions checkOptions = CheckOptions.defaults();
        private Governance governance = Governance.PERMISSIVE;
        private ClientCacheOptions clientOptions = ClientCacheOptions.defaults();
        private WarehouseObserver observer = WarehouseObserver.NONE;
        private MemberDirectory members = MemberDirectory.NONE;
        private Duration grantRecheck = Duration.ofSeconds(10);
        private LongSupplier ticker = System::nanoTime;
        private Duration maxGrantLifetime = Duration.ofDays(365);
        private String tokenAudience = "carto-connections";
        private long tokenMaxRows = 100_000;
        private Duration tokenTimeout = Duration.ofSeconds(30);

        private Builder() {}

        /**
         * The host's directory of members, asked for a grant creator's current role and groups on every token use;
         * grants cannot be created or used without one.
         */
        public Builder members(MemberDirectory members) {
            this.members = requireNonNull(members, "members is null");
            return this;
        }

        /**
         * How long a grant and the signing keys read from the store are trusted before they are read again: a grant
         * revoked (or a key retired) through another instance still works here for at most this long. Revoking
         * through this instance takes effect here at once. Default 10 s; zero reads the grant and the signing keys
         * (in one store statement) on every use. Ages are measured on a monotonic ticker, not on the {@link #clock}.
         */
        public Builder grantRecheck(Duration recheck) {
            requireNonNull(recheck, "recheck is null");
            if (recheck.isNegative() || recheck.compareTo(Duration.ofMinutes(10)) > 0) {
                throw InvalidConfigurationException.of("grantRecheck", "must be between 0 and 10 minutes");
            }
            this.grantRecheck = recheck;
            return this;
        }

        /**
         * The monotonic source, in nanoseconds, that ages the grants and signing keys read from the store
         * ({@link #grantRecheck}); {@link System#nanoTime()} unless a test drives it with its manual clock.
         */
        Builder ticker(LongSupplier ticker) {
            this.ticker = requireNonNull(ticker, "ticker is null");
            return this;
        }

        /** The longest a grant may be created for; default 365 days. */
        public Builder maxGrantLifetime(Duration lifetime) {
            requireNonNull(lifetime, "lifetime is null");
            if (lifetime.compareTo(Duration.ofMinutes(1)) < 0) {
                throw InvalidConfigurationException.of("maxGrantLifetime", "must be at least one minute");
            }
            this.maxGrantLifetime = lifetime;
            return this;
        }

        /**
         * The {@code aud} every token is signed for and must carry, e.g. the public API's URL; default
         * {@code carto-connections}. Deployments that must not accept each other's tokens use different audiences.
         */
        public Builder tokenAudience(String audience) {
            requireNonNull(audience, "audience is null");
            if (audience.isBlank() || audience.length() > 255) {
                throw InvalidConfigurationException.of("tokenAudience", "must be 1 to 255 characters, not blank");
            }
            this.tokenAudience = audience;
            return this;
        }

        /**
         * The most rows and the longest time one token query may take (default 100,000 rows and 30 s): a public
         * client must not be able to read a whole table or hold the warehouse at will. Beyond them the query fails with
         * {@code LIMIT_EXCEEDED} or {@code TIMEOUT}, as any query's own limits do.
         */
        public Builder tokenQueryLimits(long maxRows, Duration timeout) {
            requireNonNull(timeout, "timeout is null");
            if (maxRows < 1) {
                throw InvalidConfigurationException.of("tokenMaxRows", "must be positive but was " + maxRows);
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw InvalidConfigurationException.of("tokenTimeout", "must be positive but was " + timeout);
            }
            this.tokenMaxRows = maxRows;
            this.tokenTimeout = timeout;
            return this;
        }

        /**
         * Told of every query, statement, write-back, catalog page and live check, for metrics (the
         * {@code carto-connections-micrometer} module has one); by default {@link WarehouseObserver#NONE}.
         */
        public Builder observer(WarehouseObserver observer) {
            this.observer = requireNonNull(observer, "observer is null");
            return this;
        }

        /** The most warehouse clients (pools) kept at once; the least recently used is closed beyond it. Default 200. */
        public Builder maxClients(int maxClients) {
            this.clientOptions = clientOptions.withMaxClients(maxClients);
            return this;
        }

        /** How long a caller may wait in a connection's queue for a running slot; default 30 s. */
        public Builder maxQueueWait(Duration wait) {
            this.clientOptions = clientOptions.withMaxQueueWait(requireNonNull(wait, "wait is null"));
            return this;
        }

        /** How long a streaming result may go unread before the SDK closes it for its caller; default 5 minutes. */
        public Builder abandonedResultTimeout(Duration timeout) {
            this.clientOptions = clientOptions.withAbandonedAfter(requireNonNull(timeout, "timeout is null"));
            return this;
        }

        /** Each organization's rules for creating and sharing connections; by default everything is allowed. */
        public Builder governance(Governance governance) {
            this.governance = requireNonNull(governance, "governance is null");
            return this;
        }

        /**
         * An embedded H2 store in {@code directory} and a key file beside it ({@code connections.keys}), both created
         * on first start. The key file is created only while the store holds no secret: once it does, a missing key
         * file fails {@link #build()} rather than being replaced by a key that cannot read them.
         */
        public Builder embedded(Path directory) {
            requireNonNull(directory, "directory is null");
            closeEmbeddedStore();
            this.store = ConnectionStore.embedded(directory);
            this.embeddedStore = true;
            this.keyFile = directory.resolve("connections.keys");
            this.keys = null;
            return this;
        }

        public Builder store(ConnectionStore store) {
            closeEmbeddedStore();
            this.store = requireNonNull(store, "store is null");
            return this;
        }

        /** The key ring; it replaces the key file of {@link #embedded(Path)}. */
        public Builder keys(KeyRing keys) {
            this.keys = requireNonNull(keys, "keys is null");
            this.keyFile = null;
            return this;
        }

        /**
         * Starts even though the store holds secrets under these key ids and the key ring does not hold them (the
         * keys are lost): those secrets then fail with a typed error when used until their owners re-enter them with
         * {@link Connections#update}, and {@link Connections#reencryptSecrets()} reports them. For the embedded key
         * file this also lets a missing file be created afresh. Without it, {@link #build()} fails on any missing key.
         */
        public Builder acceptLostKeys(Set<String> keyIds) {
            this.lostKeys = Set.copyOf(requireNonNull(keyIds, "keyIds is null"));
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

        /**
         * Opens the keys and checks that they hold every key the stored secrets are under.
         *
         * @throws ConnectionException {@link ErrorCategory#INVALID_CONFIGURATION} when the store holds secrets under
         *     key ids the key ring does not hold (or the embedded key file is missing), naming the ids and the file,
         *     unless {@link #acceptLostKeys} accepts their loss
         */
        public Connections build() {
            ConnectionStore chosen = store;
            if (chosen == null || (keys == null && keyFile == null)) {
                throw new IllegalStateException(
                        "a store and keys are required: call embedded(directory), or store(...) and keys(...)");
            }
            try {
                Set<String> needed = chosen.keyIdsInUse();
                Path file = keyFile;
                if (file != null) {
                    keys = openKeyFile(file, needed);
                }
                KeyRing ring = requireNonNull(keys, "keys is null");
                Set<String> missing = missing(needed, ring.keyIds());
                if (!missing.isEmpty()) {
                    throw new ConnectionException(
                            ErrorCategory.INVALID_CONFIGURATION,
                            "the key ring " + (file != null ? "in key file " + file + " " : "")
                                    + "lacks the keys " + missing
                                    + " that stored secrets are encrypted under (it holds "
                                    + ring.keyIds() + "); add them to the ring, or accept their loss with"
                                    + " acceptLostKeys(...), after which those secrets must be re-entered");
                }
                return new Connections(this);
            } catch (RuntimeException e) {
                closeEmbeddedStore();
                throw e;
            }
        }

        // Creating a key is for an empty store only: a new key beside secrets under a lost one would encrypt new
        // connections under it, and restoring the old file afterwards would make those unreadable in turn.
        private KeyRing openKeyFile(Path file, Set<String> needed) {
            Set<String> missing = missing(needed, Set.of());
            if (!missing.isEmpty() && Files.notExists(file)) {
                throw new ConnectionException(
                        ErrorCategory.INVALID_CONFIGURATION,
                        "key file " + file + " is missing, but the store holds secrets encrypted under the keys "
                                + missing + "; restore the key file from a backup (a new key cannot read them), or"
                                + " accept their loss with acceptLostKeys(...), after which those secrets must be"
                                + " re-entered");
            }
            return KeyRing.fromKeyFile(file);
        }

        private Set<String> missing(Set<String> needed, Set<String> held) {
            Set<String> missing = new TreeSet<>(needed);
            missing.removeAll(held);
            missing.removeAll(lostKeys);
            return missing;
        }

        private void closeEmbeddedStore() {
            ConnectionStore opened = store;
            if (embeddedStore && opened != null) {
                opened.close();
                store = null;
            }
            embeddedStore = false;
        }
    }
}
