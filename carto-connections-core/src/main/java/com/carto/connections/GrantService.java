package com.carto.connections;

import com.carto.connections.AccessPolicy.Action;
import com.carto.connections.access.AccessReason;
import com.carto.connections.access.Dependent;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.access.Sharing;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.grants.Grant;
import com.carto.connections.grants.GrantOperation;
import com.carto.connections.grants.GrantSource;
import com.carto.connections.grants.IssuedGrant;
import com.carto.connections.grants.MemberDirectory;
import com.carto.connections.grants.NewGrant;
import com.carto.connections.grants.ParameterType;
import com.carto.connections.grants.SourceRequest;
import com.carto.connections.grants.TokenCall;
import com.carto.connections.query.Query;
import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.Dialect;
import com.carto.connections.store.ConnectionStore;
import com.carto.connections.store.StoredConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grants and their tokens (README, "Grants and tokens"), behind the facade's grant methods. Every use of a token
 * checks, in order: the signature and its key, the audience, the expiry, the organization, the grant (revoked,
 * expired), the operation, the referrer, the source; then the facade checks that the creator may still use the
 * connection. Each failure is the same {@code PERMISSION_DENIED}, so a caller learns nothing of what exists.
 */
final class GrantService {
    private static final Logger LOG = LoggerFactory.getLogger(GrantService.class);
    static final String DENIED = "the token does not grant this call";

    private final ConnectionStore store;
    private final GrantSigning signing;
    private final GrantCache cache;
    private final MemberDirectory members;
    private final Clock clock;
    private final Duration maxLifetime;

    GrantService(
            ConnectionStore store,
            GrantSigning signing,
            GrantCache cache,
            MemberDirectory members,
            Clock clock,
            Duration maxLifetime) {
        this.store = store;
        this.signing = signing;
        this.cache = cache;
        this.members = members;
        this.clock = clock;
        this.maxLifetime = maxLifetime;
    }

    /**
     * Checks that the principal may grant use of the connection under its {@link Terms}, stores the grant and signs its
     * token.
     */
    IssuedGrant create(Principal principal, StoredConnection connection, NewGrant draft, Terms terms) {
        requireDirectory();
        AccessReason reason = AccessPolicy.require(principal, connection, Action.USE);
        if (!principal.role().canOwnAssets()) {
            throw new ConnectionException(
                    ErrorCategory.PERMISSION_DENIED,
                    "a " + principal.role() + " cannot grant public use of a connection");
        }
        requireIdentity(connection, reason, terms);
        if (terms.namedSourcesOnly() && holdsTable(draft.sources())) {
            throw InvalidConfigurationException.of(
                    "sources",
                    "must hold only named queries: connection " + connection.name()
                            + " accepts only named sources from tokens (its namedSourcesOnly option)");
        }
        Instant now = now();
        // Kept to the second, as a token's exp is; checked once truncated, so a grant is never made already expired.
        Instant expiresAt = draft.expiresAt().truncatedTo(ChronoUnit.SECONDS);
        if (!expiresAt.isAfter(now)) {
            throw InvalidConfigurationException.of("expiresAt", "must be in the future, in whole seconds");
        }
        if (expiresAt.isAfter(now.plus(maxLifetime))) {
            throw InvalidConfigurationException.of(
                    "expiresAt", "must be at most " + maxLifetime.toDays() + " days from now");
        }
        Grant grant = new Grant(
                UUID.randomUUID().toString(),
                connection.id(),
                connection.organizationId(),
                principal.userId(),
                draft.sources(),
                draft.operations(),
                draft.referrers(),
                now,
                expiresAt,
                Optional.empty());
        // Signed first: a signing key that cannot sign (damaged) leaves no grant behind without a token.
        Secret token = signing.sign(grant);
        store.insertGrant(grant);
        return new IssuedGrant(grant, token);
    }

    /**
     * A fresh token for a grant, signed with the current key: for re-issuing tokens before an old key is retired. Only
     * the grant's creator or the connection's owner may: a superadmin may revoke any grant, but a token is the
     * creator's access handed to the public, which a superadmin who may not use the connection must not mint.
     */
    Secret token(Principal principal, Grant grant) {
        boolean creator = grant.creatorId().equals(principal.userId());
        boolean owner = store.find(grant.connectionId())
                .map(connection -> connection.ownerId().equals(principal.userId()))
                .orElse(false);
        if (!creator && !owner) {
            throw new ConnectionException(
                    ErrorCategory.PERMISSION_DENIED,
                    "only its creator or the connection's owner may issue a token for grant " + grant.id());
        }
        if (!grant.activeAt(clock.instant())) {
            throw new ConnectionException(
                    ErrorCategory.CONFLICT, "grant " + grant.id() + " is revoked or expired; create another");
        }
        return signing.sign(grant);
    }

    /** The grant, if the principal may manage it: its creator, the connection's owner, or a superadmin. */
    Grant manageable(Principal principal, String grantId) {
        Grant grant = store.findGrant(grantId)
                .filter(found -> found.organizationId().equals(principal.organizationId()))
                .orElseThrow(() -> notFound(grantId));
        StoredConnection connection = store.find(grant.connectionId()).orElseThrow(() -> notFound(grantId));
        boolean creator = grant.creatorId().equals(principal.userId());
        boolean owner = connection.ownerId().equals(principal.userId());
        if (!creator && !owner && principal.role() != Role.SUPERADMIN) {
            if (AccessPolicy.reason(principal, connection).isEmpty()) {
                throw notFound(grantId);
            }
            throw new ConnectionException(
                    ErrorCategory.PERMISSION_DENIED,
                    "only its creator, the connection's owner or a superadmin may manage grant " + grantId);
        }
        return grant;
    }

    /**
     * The grant, if the principal may transfer it: the connection's owner or a superadmin of its organization. Its
     * creator may not hand it on: whether the grant lives on is the owner's decision about their connection.
     */
    Transferable transferable(Principal principal, String grantId) {
        Grant grant = store.findGrant(grantId)
                .filter(found -> found.organizationId().equals(principal.organizationId()))
                .orElseThrow(() -> notFound(grantId));
        StoredConnection connection = store.find(grant.connectionId()).orElseThrow(() -> notFound(grantId));
        if (!connection.ownerId().equals(principal.userId()) && principal.role() != Role.SUPERADMIN) {
            if (AccessPolicy.reason(principal, connection).isEmpty()) {
                throw notFound(grantId);
            }
            throw new ConnectionException(
                    ErrorCategory.PERMISSION_DENIED,
                    "only the connection's owner or a superadmin may transfer grant " + grantId);
        }
        return new Transferable(grant, connection);
    }

    /**
     * Gives an active grant to another member, who must pass what a creator passes at creation: a member who may use
     * the connection and own assets, and a service identity where the connection is shared with viewer credentials.
     * Its tokens keep working (they name the grant, not its creator) as long as the new creator keeps that access.
     *
     * @return the grant as transferred; unchanged when {@code newCreatorId} already is its creator
     */
    Grant transfer(Transferable transferable, String newCreatorId, Terms terms) {
        requireDirectory();
        Grant grant = transferable.grant();
        StoredConnection connection = transferable.connection();
        if (!grant.activeAt(clock.instant())) {
            throw new ConnectionException(
                    ErrorCategory.CONFLICT, "grant " + grant.id() + " is revoked or expired; create another");
        }
        Principal newCreator = members.member(grant.organizationId(), newCreatorId)
                .filter(member -> member.organizationId().equals(grant.organizationId())
                        && member.userId().equals(newCreatorId))
                .orElseThrow(() -> InvalidConfigurationException.of(
                        "newCreatorId", "is not a member of the grant's organization"));
        Optional<AccessReason> reason = AccessPolicy.reason(newCreator, connection);
        if (reason.isEmpty()
                || reason.get() == AccessReason.SUPERADMIN
                || !newCreator.role().canOwnAssets()) {
            throw InvalidConfigurationException.of(
                    "newCreatorId",
                    "names a member who may not grant use of connection " + connection.name()
                            + ": it must be shared with them and they must be an editor or above");
        }
        requireIdentity(connection, reason.get(), terms);
        if (newCreatorId.equals(grant.creatorId())) {
            return grant;
        }
        if (!store.transferGrant(grant.id(), grant.creatorId(), newCreatorId)) {
            throw new ConnectionException(
                    ErrorCategory.CONFLICT, "grant " + grant.id() + " changed meanwhile; reload it and try again");
        }
        // Here at once; other instances within the cache's recheck interval.
        cache.forget(grant.id());
        return store.findGrant(grant.id()).orElseThrow(() -> notFound(grant.id()));
    }

    /**
     * A connection shared with viewer credentials has no single identity of its own: a grant on it runs as the service
     * identity its owner set, and is refused without one.
     */
    private static void requireIdentity(StoredConnection connection, AccessReason reason, Terms terms) {
        if ((connection.sharing().mode() == Sharing.Mode.VIEWER_CREDENTIALS
                        || reason == AccessReason.VIEWER_CREDENTIALS)
                && !terms.serviceIdentity()) {
            throw new ConnectionException(
                    ErrorCategory.UNSUPPORTED,
                    "connection " + connection.name() + " is shared with viewer credentials: a grant would have no"
                            + " single identity to run as until its owner sets a service identity"
                            + " (setServiceIdentity)");
        }
    }

    /** Whether the sources hold a table read, which a connection accepting only named sources refuses. */
    static boolean holdsTable(List<GrantSource> sources) {
        return sources.stream().anyMatch(source -> source instanceof GrantSource.Table);
    }

    boolean revoke(Grant grant) {
        boolean revoked = store.revokeGrant(grant.id(), now());
        // This instance stops honouring it at once; others within the cache's recheck interval.
        cache.forget(grant.id());
        return revoked;
    }

    /**
     * What a token call may run, once the facade has also checked the creator's current access: the creator, the
     * connection, and the query for the connection's dialect.
     */
    Authorized authorize(TokenCall call) {
        return authorize(call, GrantOperation.QUERY);
    }

    /** As {@link #authorize(TokenCall)}, for one of the grant's operations. */
    Authorized authorize(TokenCall call, GrantOperation operation) {
        Instant now = clock.instant();
        if (members == MemberDirectory.NONE) {
            throw denied("no member directory is configured");
        }
        GrantSigning.Claims claims =
                signing.verify(call.token(), now, cache::readWithSigningKeys).orElseThrow(() -> denied("bad token"));
        if (!claims.organizationId().equals(call.organizationId())) {
            throw denied("token of another organization");
        }
        // The keys were read again with the grant (one store read for both), or the grant comes from the cache.
        Grant grant = (claims.grantRead() ? claims.grant() : cache.get(claims.grantId()))
                .orElseThrow(() -> denied("no such grant"));
        if (!grant.organizationId().equals(call.organizationId()) || !grant.activeAt(now)) {
            throw denied("grant revoked or expired");
        }
        if (!grant.operations().contains(operation)) {
            throw denied("operation not granted");
        }
        if (!grant.referrers().isEmpty() && !allowedReferrer(grant, call.referrer())) {
            throw denied("referrer not allowed");
        }
        Function<Dialect, Query> query = query(grant, call.source());
        Principal creator = members.member(grant.organizationId(), grant.creatorId())
                .filter(member -> member.organizationId().equals(grant.organizationId())
                        && member.userId().equals(grant.creatorId()))
                .orElseThrow(() -> denied("creator left the organization"));
        return new Authorized(grant, creator, query);
    }

    private static boolean allowedReferrer(Grant grant, Optional<String> referrer) {
        if (referrer.isEmpty()) {
            return false;
        }
        try {
            return grant.referrers().contains(NewGrant.origin(referrer.get()));
        } catch (InvalidConfigurationException e) {
            return false;
        }
    }

    /** The query of a granted source; denied when the source, a column or a filter's column is not granted. */
    private static Function<Dialect, Query> query(Grant grant, SourceRequest request) {
        if (request instanceof SourceRequest.TableRead read) {
            GrantSource.Table table = grant.sources().stream()
                    .filter(source -> source instanceof GrantSource.Table granted
                            && granted.name().equals(read.table()))
                    .map(GrantSource.Table.class::cast)
                    .findFirst()
                    .orElseThrow(() -> denied("table not granted"));
            if (!table.columns().containsAll(read.columns())
                    || !read.filters().stream()
                            .allMatch(filter -> table.columns().contains(filter.column()))) {
                throw denied("column not granted");
            }
            return dialect -> select(dialect, read);
        }
        SourceRequest.NamedQueryCall call = (SourceRequest.NamedQueryCall) request;
        GrantSource.NamedQuery named = grant.sources().stream()
                .filter(source -> source instanceof GrantSource.NamedQuery granted
                        && granted.name().equals(call.name()))
                .map(GrantSource.NamedQuery.class::cast)
                .findFirst()
                .orElseThrow(() -> denied("query not granted"));
        // Bound only once every access check has passed: a refused token learns nothing of the parameters.
        return dialect -> bind(named, call.parameters());
    }

    /** The SDK's own select: quoted identifiers from the grant, constant operators, bound values. */
    static Query select(Dialect dialect, SourceRequest.TableRead read) {
        List<String> columns = new ArrayList<>();
        read.columns().forEach(column -> columns.add(dialect.quoteIdentifier(column)));
        StringBuilder sql = new StringBuilder("select ")
                .append(String.join(", ", columns))
                .append(" from ")
                .append(dialect.qualifiedName(read.table()));
        List<Object> values = new ArrayList<>();
        for (SourceRequest.Filter filter : read.filters()) {
            sql.append(values.isEmpty() ? " where " : " and ")
                    .append(dialect.quoteIdentifier(filter.column()))
                    .append(' ')
                    .append(filter.comparison().operator())
                    .append(" ?");
            values.add(filter.value());
        }
        Query query = Query.sql(sql.toString());
        for (Object value : values) {
            query = query.param(value);
        }
        return query;
    }

    /** The named query with every declared parameter converted to its type; a missing or unknown one is refused. */
    private static Query bind(GrantSource.NamedQuery named, Map<String, ?> values) {
        List<InvalidConfigurationException.Problem> problems = new ArrayList<>();
        for (String given : values.keySet()) {
            if (!named.parameters().containsKey(given)) {
                // The caller's name may be anything: it is not echoed.
                problems.add(new InvalidConfigurationException.Problem(
                        "parameters", "holds a parameter the query does not take"));
            }
        }
        Query query = Query.sql(named.sql());
        for (Map.Entry<String, ParameterType> parameter : named.parameters().entrySet()) {
            try {
                query = query.param(
                        parameter.getKey(),
                        parameter
                                .getValue()
                                .coerce("parameters." + parameter.getKey(), values.get(parameter.getKey())));
            } catch (InvalidConfigurationException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return query;
    }

    GrantSigning signing() {
        return signing;
    }

    List<Grant> grants(String connectionId) {
        return store.grants(connectionId);
    }

    static Dependent dependent(Grant grant) {
        return new Dependent("grant", grant.id(), grant.creatorId());
    }

    private void requireDirectory() {
        if (members == MemberDirectory.NONE) {
            throw new ConnectionException(
                    ErrorCategory.UNSUPPORTED,
                    "grants need the host's member directory (Connections.Builder.members), so that a grant stops"
                            + " working when its creator loses access");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static ConnectionException denied(String reason) {
        // The reason is for the operator's debug log only; the caller gets one message for every failure.
        LOG.debug("Refused a token call: {}", reason);
        return new ConnectionException(ErrorCategory.PERMISSION_DENIED, DENIED);
    }

    private static ConnectionException notFound(String grantId) {
        return new ConnectionException(
                ErrorCategory.NOT_FOUND,
                "grant " + InvalidConfigurationException.abbreviate(grantId) + " does not exist");
    }

    /** A token call that passed every check of the grant; the creator's access is checked with the connection. */
    record Authorized(Grant grant, Principal creator, Function<Dialect, Query> query) {}

    /**
     * What a connection's settings say about grants on it, read by the facade with the connection.
     *
     * @param namedSourcesOnly tokens may run only named queries ({@code namedSourcesOnly} advanced option)
     * @param serviceIdentity the connection is shared with viewer credentials and its owner set a service identity
     */
    record Terms(boolean namedSourcesOnly, boolean serviceIdentity) {}

    /** A grant its caller may transfer, with its connection. */
    record Transferable(Grant grant, StoredConnection connection) {}
}
