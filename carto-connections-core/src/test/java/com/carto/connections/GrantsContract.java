package com.carto.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.access.GovernancePolicy;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.access.Sharing;
import com.carto.connections.check.CheckFailedException;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.grants.Grant;
import com.carto.connections.grants.GrantSource;
import com.carto.connections.grants.IssuedGrant;
import com.carto.connections.grants.MemberDirectory;
import com.carto.connections.grants.NewGrant;
import com.carto.connections.grants.ParameterType;
import com.carto.connections.grants.SourceRequest;
import com.carto.connections.grants.SourceRequest.Comparison;
import com.carto.connections.grants.TokenCall;
import com.carto.connections.internal.Identity;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.secrets.KeyRing;
import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.jdbc.example.ExampleProvider;
import com.carto.connections.store.ConnectionStore;
import com.carto.connections.testing.LogCapture;
import com.carto.connections.testing.ManualClock;
import com.carto.connections.testing.PostgresFixture;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Grants and tokens through the facade, on a real PostgreSQL warehouse (the fixture, through the example JDBC provider)
 * and on the store each subclass gives: what a token may run, every way a token is refused, and the creator losing
 * access by each path.
 */
abstract class GrantsContract {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static final List<String> PARCELS = List.of("public", "parcels");
    private static final Duration RECHECK = Duration.ofSeconds(10);
    private static final String SERVICE_PASSWORD = "service-canary-" + UUID.randomUUID();
    private static String warehouse;
    private static String serviceRole;

    private final MemoryWarehouse memory = new MemoryWarehouse().acceptPassword("db_alice", "pw_alice");
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T12:00:00Z"));
    private final Map<String, Principal> directory = new ConcurrentHashMap<>();
    private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
    private final String organization = "org-" + UUID.randomUUID();
    private final Principal alice = member("alice", Role.EDITOR, "analysts");
    private final Principal bob = member("bob", Role.EDITOR, "analysts");
    private final Principal carol = member("carol", Role.VIEWER, "analysts");
    private final Principal sam = member("sam", Role.SUPERADMIN);
    private final Principal mallory = new Principal("mallory", "org-other", Role.EDITOR, Set.of("analysts"));
    private ConnectionStore store;
    private Connections connections;
    private final List<Connections> others = new ArrayList<>();

    abstract ConnectionStore newStore();

    @BeforeAll
    static void warehouse() {
        if (warehouse == null) {
            warehouse = POSTGRES.createDatabase("grants", true);
            POSTGRES.psql(
                    warehouse,
                    "create table parcels (id int, zone text, area float8, owner_name text);"
                            + " insert into parcels values (1, 'R1', 500, 'Ann'), (2, 'R1', 900, 'Ben'),"
                            + " (3, 'C2', 300, 'Cid');"
                            + " create table secrets (value text); insert into secrets values ('s3cret');");
            // The service identity of the viewer-credential tests: a role of its own, which may read parcels only.
            serviceRole = POSTGRES.createRole("grants_service", SERVICE_PASSWORD);
            POSTGRES.psql(warehouse, "grant select on parcels to \"" + serviceRole + "\"");
        }
    }

    private GovernancePolicy policy = GovernancePolicy.permissive();
    private long tokenMaxRows = 100_000;

    @BeforeEach
    void open() {
        store = newStore();
        connections = facade(store, "carto-connections");
    }

    @AfterEach
    void close() {
        connections.close();
        others.forEach(Connections::close);
        closeStore();
    }

    /** Closes what the store's subclass opened beside it; the facade closes the store itself. */
    void closeStore() {}

    private Connections facade(ConnectionStore on, String audience) {
        return Connections.builder()
                .store(on)
                .keys(KeyRing.of("k1", Map.of("k1", new byte[32])))
                .providers(
                        Providers.of(new ExampleProvider(), memory.provider(), new ViewerCredentialsExampleProvider()))
                .clock(clock)
                .ticker(clock::nanoTime)
                .listener(events::add)
                .members(this::current)
                .governance(organizationId -> policy)
                .grantRecheck(RECHECK)
                .tokenAudience(audience)
                .tokenQueryLimits(tokenMaxRows, Duration.ofSeconds(30))
                .build();
    }

    private Optional<Principal> current(String organizationId, String userId) {
        return Optional.ofNullable(directory.get(organizationId + "/" + userId));
    }

    private Principal member(String userId, Role role, String... groups) {
        Principal principal = new Principal(userId, organization, role, Set.of(groups));
        directory.put(organization + "/" + userId, principal);
        return principal;
    }

    /** A connection of a provider that takes viewer credentials; its warehouse answers with one row. */
    private Connection memoryConnection(Principal owner) {
        return connections.create(
                owner,
                NewConnection.of("memory", "mem-" + UUID.randomUUID().toString().substring(0, 8))
                        .authMethod("password")
                        .property("host", "memory")
                        .property("user", "db_alice")
                        .secret("password", "pw_alice")
                        .skipLiveCheck());
    }

    private Connection warehouseConnection(Principal owner) {
        return connections.create(
                owner,
                NewConnection.of("example", "wh-" + UUID.randomUUID().toString().substring(0, 8))
                        .property("host", POSTGRES.host())
                        .property("port", POSTGRES.port())
                        .property("database", warehouse)
                        .property("username", POSTGRES.superuser())
                        .secret("password", POSTGRES.superuserPassword())
                        .skipLiveCheck());
    }

    /** A connection to the warehouse as its superuser, shared with viewer credentials. */
    private Connection viewersConnection(Principal owner) {
        Connection created = connections.create(
                owner,
                NewConnection.of(
                                "example-viewers",
                                "vc-" + UUID.randomUUID().toString().substring(0, 8))
                        .property("host", POSTGRES.host())
                        .property("port", POSTGRES.port())
                        .property("database", warehouse)
                        .property("username", POSTGRES.superuser())
                        .secret("password", POSTGRES.superuserPassword())
                        .skipLiveCheck());
        return connections
                .share(owner, created.id(), Sharing.viewerCredentials(), true)
                .connection();
    }

    private static Map<String, Object> serviceCredentials() {
        return Map.of("username", serviceRole, "password", SERVICE_PASSWORD);
    }

    /** The parcels and a query that tells which database role runs it. */
    private IssuedGrant whoRunsGrant(Principal creator, Connection connection) {
        return connections.createGrant(
                creator,
                connection.id(),
                NewGrant.query(
                        clock.instant().plus(Duration.ofDays(1)),
                        GrantSource.Table.of(PARCELS, "id", "zone", "area"),
                        GrantSource.NamedQuery.of("who_runs", "select current_user::text")));
    }

    private static SourceRequest.NamedQueryCall whoRuns() {
        return SourceRequest.NamedQueryCall.of("who_runs");
    }

    private static SourceRequest.NamedQueryCall bigParcels() {
        return SourceRequest.NamedQueryCall.of("big_parcels")
                .with("min_area", 400)
                .with("zone", "R1");
    }

    private Connection acceptingOnlyNamedSources(Connection connection, boolean only) {
        Connection current = connections.get(alice, connection.id());
        return connections.update(
                alice, connection.id(), ConnectionChanges.none().option("namedSourcesOnly", only), current.version());
    }

    private static NewGrant parcelsAndQuery(Instant expiresAt) {
        return NewGrant.query(
                expiresAt,
                GrantSource.Table.of(PARCELS, "id", "zone", "area"),
                GrantSource.NamedQuery.of(
                                "big_parcels",
                                "select id from parcels where area >= :min_area and zone = :zone" + " order by id")
                        .parameter("min_area", ParameterType.FLOAT)
                        .parameter("zone", ParameterType.STRING));
    }

    private IssuedGrant grant(Principal creator, Connection connection) {
        return connections.createGrant(
                creator, connection.id(), parcelsAndQuery(clock.instant().plus(Duration.ofDays(1))));
    }

    private TokenCall call(Secret token, SourceRequest source) {
        return TokenCall.of(organization, token, source);
    }

    private static SourceRequest.TableRead zoneR1() {
        return SourceRequest.TableRead.of(PARCELS, "id", "area").where("zone", Comparison.EQUAL, "R1");
    }

    private List<List<Object>> rows(TokenCall call) {
        List<List<Object>> rows = new ArrayList<>();
        try (QueryResult result = connections.query(call)) {
            while (result.next()) {
                rows.add(result.values());
            }
        }
        return rows;
    }

    private void assertDenied(TokenCall call) {
        assertThatThrownBy(() -> rows(call))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        e -> assertThat(e.category()).isEqualTo(ErrorCategory.PERMISSION_DENIED))
                .hasMessage(GrantService.DENIED);
    }

    @Test
    void aTokenRunsTheGrantedTableSelectWithItsFilters() {
        IssuedGrant issued = grant(alice, warehouseConnection(alice));

        assertThat(rows(call(issued.token(), zoneR1().where("area", Comparison.GREATER, 600))))
                .containsExactly(List.of(2L, 900.0));
    }

    @Test
    void aTokenRunsTheGrantedNamedQueryWithItsParametersBoundByType() {
        IssuedGrant issued = grant(alice, warehouseConnection(alice));

        assertThat(rows(call(
                        issued.token(),
                        SourceRequest.NamedQueryCall.of("big_parcels")
                                .with("min_area", 400)
                                .with("zone", "R1"))))
                .containsExactly(List.of(1L), List.of(2L));
    }

    @Test
    void aTokenWithAlgorithmNoneIsDenied() throws Exception {
        IssuedGrant issued = grant(alice, warehouseConnection(alice));
        SignedJWT genuine = SignedJWT.parse(issued.token().reveal());
        String unsigned = new PlainJWT(new PlainHeader(), genuine.getJWTClaimsSet()).serialize();

        assertDenied(call(Secret.of(unsigned), zoneR1()));
    }

    @Test
    void aTokenNamingAnUnknownKeyIsDenied() throws Exception {
        IssuedGrant issued = grant(alice, warehouseConnection(alice));
        SignedJWT genuine = SignedJWT.parse(issued.token().reveal());
        ECPrivateKey ownKey = newPrivateKey();
        SignedJWT forged = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("gk-unknown").build(), genuine.getJWTClaimsSet());
        forged.sign(new ECDSASigner(ownKey));

        assertDenied(call(Secret.of(forged.serialize()), zoneR1()));
    }

    @Test
    void aTokenSignedByAnotherKeyUnderTheRightKeyIdIsDenied() throws Exception {
        IssuedGrant issued = grant(alice, warehouseConnection(alice));
        SignedJWT genuine = SignedJWT.parse(issued.token().reveal());
        SignedJWT forged = new SignedJWT(genuine.getHeader(), genuine.getJWTClaimsSet());
        forged.sign(new ECDSASigner(newPrivateKey()));

        assertDenied(call(Secret.of(forged.serialize()), zoneR1()));
    }

    @Test
    void aTokenWhoseClaimsWereChangedAfterSigningIsDenied() throws Exception {
        Connection connection = warehouseConnection(alice);
        IssuedGrant narrow = grant(alice, connection);
        IssuedGrant other = grant(alice, connection);
        String[] parts = narrow.token().reveal().split("\\.");
        String otherClaims = other.token().reveal().split("\\.")[1];

        assertDenied(call(Secret.of(parts[0] + "." + otherClaims + "." + parts[2]), zoneR1()));
        assertThat(rows(call(narrow.token(), zoneR1()))).hasSize(2);
    }

    @Test
    void aTokenForAnotherAudienceIsDenied() {
        Connections otherDeployment = facade(store, "another-deployment");
        others.add(otherDeployment);
        IssuedGrant issued = otherDeployment.createGrant(
                alice,
                warehouseConnection(alice).id(),
                parcelsAndQuery(clock.instant().plus(Duration.ofDays(1))));

        assertDenied(call(issued.token(), zoneR1()));
    }

    @Test
    void anExpiredTokenIsDenied() {
        IssuedGrant issued = grant(alice, warehouseConnection(alice));
        assertThat(rows(call(issued.token(), zoneR1()))).hasSize(2);

        clock.advance(Duration.ofDays(1));

        assertDenied(call(issued.token(), zoneR1()));
    }

    @Test
    void aTokenUsedAtAnotherOrganizationsEndpointIsDenied() {
        IssuedGrant issued = grant(alice, warehouseConnection(alice));

        assertDenied(TokenCall.of("org-other", issued.token(), zoneR1()));
    }

    @Test
    void aRevokedGrantIsDeniedAtOnceOnTheRevokingInstanceAndCannotBeReplayed() {
        IssuedGrant issued = grant(alice, warehouseConnection(alice));
        assertThat(rows(call(issued.token(), zoneR1()))).hasSize(2);

        Grant revoked = connections.revokeGrant(alice, issued.grant().id());

        assertThat(revoked.revokedAt()).contains(clock.instant());
        assertDenied(call(issued.token(), zoneR1()));
        clock.advance(RECHECK.multipliedBy(2));
        assertDenied(call(issued.token(), zoneR1()));
    }

    @Test
    void aRevocationByAnotherInstanceStopsTheTokenWithinTheRecheckInterval() {
        IssuedGrant issued = grant(alice, warehouseConnection(alice));
        assertThat(rows(call(issued.token(), zoneR1()))).hasSize(2);

        // Another instance on the same store revokes it: this instance still holds the grant it read.
        store.revokeGrant(issued.grant().id(), clock.instant());
        clock.advance(RECHECK.minusMillis(1));
        assertThat(rows(call(issued.token(), zoneR1()))).hasSize(2);

        clock.advance(Duration.ofMillis(1));
        assertDenied(call(issued.token(), zoneR1()));
    }

    @Test
    void aTableOutsideTheGrantIsDeniedLikeAnyOtherRefusal() {
        IssuedGrant issued = grant(alice, warehouseConnection(alice));

        assertDenied(call(issued.token(), SourceRequest.TableRead.of(List.of("public", "secrets"), "value")));
        assertDenied(call(issued.token(), SourceRequest.TableRead.of(List.of("public", "no_such_table"), "value")));
    }

    @Test
    void aColumnOrFilterOutsideTheGrantIsDenied() {
        IssuedGrant issued = grant(alice, warehouseConnection(alice));

        assertDenied(call(issued.token(), SourceRequest.TableRead.of(PARCELS, "owner_name")));
        assertDenied(call(
                issued.token(),
                SourceRequest.TableRead.of(PARCELS, "id").where("owner_name", Comparison.EQUAL, "Ann")));
    }

    @Test
    void aNamedQueryOutsideTheGrantIsDenied() {
        IssuedGrant issued = grant(alice, warehouseConnection(alice));

        assertDenied(call(issued.token(), SourceRequest.NamedQueryCall.of("all_secrets")));
    }

    @Test
    void sqlInAFilterValueIsComparedAsAValue() {
        IssuedGrant issued = grant(alice, warehouseConnection(alice));

        assertThat(rows(call(
                        issued.token(),
                        SourceRequest.TableRead.of(PARCELS, "id").where("zone", Comparison.EQUAL, "R1' or '1'='1"))))
                .isEmpty();
        assertThat(rows(call(
                        issued.token(),
                        SourceRequest.TableRead.of(PARCELS, "id")
                                .where("zone", Comparison.EQUAL, "x'; drop table secrets; --"))))
                .isEmpty();
        assertThat(POSTGRES.psql(warehouse, "select value from secrets")).isEqualTo("s3cret");
    }

    @Test
    void sqlInANamedQueryParameterIsBoundAsItsType() {
        IssuedGrant issued = grant(alice, warehouseConnection(alice));

        assertThat(rows(call(
                        issued.token(),
                        SourceRequest.NamedQueryCall.of("big_parcels")
                                .with("min_area", 0)
                                .with("zone", "R1' or '1'='1"))))
                .isEmpty();
        assertThatThrownBy(() -> rows(call(
                        issued.token(),
                        SourceRequest.NamedQueryCall.of("big_parcels")
                                .with("min_area", "0; drop table secrets")
                                .with("zone", "R1"))))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        e -> assertThat(e.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION))
                .hasMessageContaining("parameters.min_area");
        assertThat(POSTGRES.psql(warehouse, "select value from secrets")).isEqualTo("s3cret");
    }

    @Test
    void aTableNameHoldingSqlIsQuotedAsOneIdentifier() {
        Connection connection = warehouseConnection(alice);
        List<String> hostile = List.of("public", "parcels\"; drop table secrets; --");
        IssuedGrant issued = connections.createGrant(
                alice,
                connection.id(),
                NewGrant.query(clock.instant().plus(Duration.ofDays(1)), GrantSource.Table.of(hostile, "id")));

        assertThatThrownBy(() -> rows(call(issued.token(), SourceRequest.TableRead.of(hostile, "id"))))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        e -> assertThat(e.category()).isNotEqualTo(ErrorCategory.PERMISSION_DENIED));
        assertThat(POSTGRES.psql(warehouse, "select value from secrets")).isEqualTo("s3cret");
    }

    @Test
    void aMissingParameterFailsNamingIt() {
        IssuedGrant issued = grant(alice, warehouseConnection(alice));

        assertThatThrownBy(() -> rows(call(
                        issued.token(),
                        SourceRequest.NamedQueryCall.of("big_parcels").with("min_area", 1))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("parameters.zone");
    }

    @Test
    void theReferrerAllowlistRefusesCallsFromOtherOrigins() {
        Connection connection = warehouseConnection(alice);
        IssuedGrant issued = connections.createGrant(
                alice,
                connection.id(),
                parcelsAndQuery(clock.instant().plus(Duration.ofDays(1))).fromReferrers("https://maps.example.com"));

        assertDenied(call(issued.token(), zoneR1()));
        assertDenied(call(issued.token(), zoneR1()).from("https://evil.example.com"));
        assertThat(rows(call(issued.token(), zoneR1()).from("https://MAPS.example.com/")))
                .hasSize(2);
    }

    @Test
    void aGrantIsSuspendedWhenTheConnectionIsUnsharedFromItsCreator() {
        Connection connection = warehouseConnection(alice);
        connections.share(alice, connection.id(), Sharing.groups("analysts"), true);
        IssuedGrant issued = grant(bob, connection);
        assertThat(rows(call(issued.token(), zoneR1()))).hasSize(2);

        connections.share(alice, connection.id(), Sharing.PRIVATE, true);

        assertDenied(call(issued.token(), zoneR1()));
    }

    @Test
    void aGrantIsSuspendedWhileItsCreatorsRoleIsLoweredAndWorksAgainWhenRestored() {
        IssuedGrant issued = grant(alice, warehouseConnection(alice));

        member("alice", Role.VIEWER, "analysts");
        assertDenied(call(issued.token(), zoneR1()));

        member("alice", Role.EDITOR, "analysts");
        assertThat(rows(call(issued.token(), zoneR1()))).hasSize(2);
    }

    @Test
    void aSuspendedGrantRefusesWrongParametersLikeAnyOtherCallWithoutNamingThem() {
        IssuedGrant issued = grant(alice, warehouseConnection(alice));

        member("alice", Role.VIEWER, "analysts");

        assertDenied(call(
                issued.token(), SourceRequest.NamedQueryCall.of("big_parcels").with("min_area", 1)));
    }

    @Test
    void aGrantIsSuspendedWhenItsCreatorLeavesTheGroupTheConnectionIsSharedWith() {
        Connection connection = warehouseConnection(alice);
        connections.share(alice, connection.id(), Sharing.groups("analysts"), true);
        IssuedGrant issued = grant(bob, connection);

        member("bob", Role.EDITOR, "finance");

        assertDenied(call(issued.token(), zoneR1()));
    }

    @Test
    void aGrantIsSuspendedWhenTheConnectionIsTransferredAwayFromItsCreator() {
        Connection connection = warehouseConnection(alice);
        IssuedGrant issued = grant(alice, connection);

        connections.transferOwnership(sam, connection.id(), bob);

        assertDenied(call(issued.token(), zoneR1()));
    }

    @Test
    void aGrantStopsWhenTheConnectionIsDeleted() {
        Connection connection = warehouseConnection(alice);
        IssuedGrant issued = grant(alice, connection);

        connections.delete(alice, connection.id(), connection.version());

        assertDenied(call(issued.token(), zoneR1()));
        assertThat(store.findGrant(issued.grant().id())).isEmpty();
    }

    @Test
    void aGrantStopsWhenItsCreatorLeavesTheOrganization() {
        IssuedGrant issued = grant(alice, warehouseConnection(alice));

        directory.remove(organization + "/alice");

        assertDenied(call(issued.token(), zoneR1()));
    }

    @Test
    void aGrantMadeBeforeTheConnectionWasSharedWithViewerCredentialsIsDenied() {
        Connection connection = memoryConnection(alice);
        IssuedGrant issued = grant(alice, connection);

        assertThat(rows(call(
                        issued.token(),
                        SourceRequest.NamedQueryCall.of("big_parcels")
                                .with("min_area", 0)
                                .with("zone", "R1"))))
                .containsExactly(List.of("db_alice"));

        connections.share(alice, connection.id(), Sharing.viewerCredentials(), true);

        assertDenied(call(issued.token(), zoneR1()));
    }

    @Test
    void aGrantOnAConnectionSharedWithViewerCredentialsIsRefused() {
        Connection connection = memoryConnection(alice);
        connections.share(alice, connection.id(), Sharing.viewerCredentials(), true);

        assertThatThrownBy(() -> grant(alice, connection))
                .isInstanceOfSatisfying(
                        ConnectionException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.UNSUPPORTED))
                .hasMessageContaining("viewer credentials");
    }

    @Test
    void onlyMembersWhoMayUseTheConnectionAndOwnAssetsCreateGrants() {
        Connection connection = warehouseConnection(alice);
        connections.share(alice, connection.id(), Sharing.organization(), true);

        assertThatThrownBy(() -> grant(carol, connection))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        e -> assertThat(e.category()).isEqualTo(ErrorCategory.PERMISSION_DENIED));
        assertThatThrownBy(() -> grant(mallory, connection))
                .isInstanceOfSatisfying(
                        ConnectionException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.NOT_FOUND));
        // A superadmin sees a private connection but may not use it, so may not grant its use either.
        assertThatThrownBy(() -> grant(sam, warehouseConnection(alice)))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        e -> assertThat(e.category()).isEqualTo(ErrorCategory.PERMISSION_DENIED));
    }

    @Test
    void aTokenQueryStopsAtTheHostsRowLimit() {
        IssuedGrant issued = grant(alice, warehouseConnection(alice));
        tokenMaxRows = 1;
        Connections limited = facade(store, "carto-connections");
        others.add(limited);

        assertThatThrownBy(() -> {
                    try (QueryResult result = limited.query(call(issued.token(), zoneR1()))) {
                        while (result.next()) {
                            result.values();
                        }
                    }
                })
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        refused -> assertThat(refused.category()).isEqualTo(ErrorCategory.LIMIT_EXCEEDED));
        assertThat(rows(call(issued.token(), zoneR1()))).hasSize(2);
    }

    @Test
    void noGrantIsCreatedWhereTheOrganizationForbidsSharing() {
        Connection connection = warehouseConnection(alice);
        policy = GovernancePolicy.permissive().sharing(false);

        assertThatThrownBy(() -> grant(alice, connection))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        refused -> assertThat(refused.category()).isEqualTo(ErrorCategory.PERMISSION_DENIED))
                .hasMessageContaining("forbids sharing");
        assertThat(connections.grants(alice, connection.id())).isEmpty();
    }

    @Test
    void aGrantMustExpireInTheFutureAndWithinTheLongestLifetime() {
        Connection connection = warehouseConnection(alice);

        assertThatThrownBy(() -> connections.createGrant(alice, connection.id(), parcelsAndQuery(clock.instant())))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("expiresAt");
        assertThatThrownBy(() -> connections.createGrant(
                        alice, connection.id(), parcelsAndQuery(clock.instant().plus(Duration.ofDays(400)))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("expiresAt");
    }

    @Test
    void grantsNeedTheHostsMemberDirectory() {
        Connection connection = warehouseConnection(alice);
        Connections withoutDirectory = Connections.builder()
                .store(store)
                .keys(KeyRing.of("k1", Map.of("k1", new byte[32])))
                .providers(Providers.of(new ExampleProvider()))
                .members(MemberDirectory.NONE)
                .build();
        others.add(withoutDirectory);

        assertThatThrownBy(() -> withoutDirectory.createGrant(
                        alice, connection.id(), parcelsAndQuery(Instant.now().plus(Duration.ofDays(1)))))
                .isInstanceOfSatisfying(
                        ConnectionException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.UNSUPPORTED))
                .hasMessageContaining("members");
    }

    @Test
    void grantsAreListedPerConnectionAndRevokedOnlyByThoseWhoManageThem() {
        Connection connection = warehouseConnection(alice);
        connections.share(alice, connection.id(), Sharing.organization(), true);
        IssuedGrant issued = grant(bob, connection);

        assertThat(connections.grants(carol, connection.id()))
                .extracting(Grant::id)
                .containsExactly(issued.grant().id());
        assertThatThrownBy(() -> connections.revokeGrant(carol, issued.grant().id()))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        e -> assertThat(e.category()).isEqualTo(ErrorCategory.PERMISSION_DENIED));
        assertThatThrownBy(() -> connections.revokeGrant(mallory, issued.grant().id()))
                .isInstanceOfSatisfying(
                        ConnectionException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.NOT_FOUND));
        assertThat(connections.revokeGrant(alice, issued.grant().id()).revokedAt())
                .isPresent();
        assertThat(connections.grants(alice, connection.id()).get(0).revokedAt())
                .isPresent();
    }

    @Test
    void aRotatedKeySignsNewTokensWhileOldTokensWorkUntilTheirKeyIsRetired() throws Exception {
        IssuedGrant issued = grant(alice, warehouseConnection(alice));
        String oldKey = SignedJWT.parse(issued.token().reveal()).getHeader().getKeyID();

        String newKey = connections.rotateGrantSigningKey();
        Secret reissued = connections.grantToken(alice, issued.grant().id());

        assertThat(SignedJWT.parse(reissued.reveal()).getHeader().getKeyID()).isEqualTo(newKey);
        assertThat(rows(call(issued.token(), zoneR1()))).hasSize(2);
        assertThat(connections.retireGrantSigningKey(oldKey)).isTrue();
        assertDenied(call(issued.token(), zoneR1()));
        assertThat(rows(call(reissued, zoneR1()))).hasSize(2);
    }

    @Test
    void aTokenThatWorkedOnceIsStillRefusedWithAnAlteredSignatureOrPayload() throws Exception {
        IssuedGrant issued = grant(alice, warehouseConnection(alice));
        assertThat(rows(call(issued.token(), zoneR1()))).hasSize(2);
        String[] parts = issued.token().reveal().split("\\.");
        char last = parts[2].charAt(parts[2].length() - 2);
        String otherSignature = parts[2].substring(0, parts[2].length() - 2)
                + (last == 'A' ? 'B' : 'A')
                + parts[2].charAt(parts[2].length() - 1);
        String otherPayload = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"jti\":\"", "\"jti\":\"x")
                        .getBytes(StandardCharsets.UTF_8));

        assertDenied(call(Secret.of(parts[0] + "." + parts[1] + "." + otherSignature), zoneR1()));
        assertDenied(call(Secret.of(parts[0] + "." + otherPayload + "." + parts[2]), zoneR1()));
        assertThat(rows(call(issued.token(), zoneR1()))).hasSize(2);
    }

    @Test
    void theSigningKeysPrivateHalfIsStoredEncryptedUnderTheKeyRing() throws Exception {
        IssuedGrant issued = grant(alice, warehouseConnection(alice));
        String keyId = SignedJWT.parse(issued.token().reveal()).getHeader().getKeyID();

        var stored = store.signingKeys().stream()
                .filter(key -> key.keyId().equals(keyId))
                .findFirst()
                .orElseThrow();

        assertThat(stored.privateKey().orElseThrow().keyId()).isEqualTo("k1");
        assertThat(stored.privateKey().orElseThrow().ciphertext()).startsWith("v1.k1.");
        assertThat(store.keyIdsInUse()).contains("k1");
    }

    @Test
    void tokensNeverAppearInEventsLogsMessagesOrToString() {
        IssuedGrant issued;
        List<String> lines;
        List<String> messages = new ArrayList<>();
        try (LogCapture logs = LogCapture.start()) {
            Connection connection = warehouseConnection(alice);
            issued = grant(alice, connection);
            String token = issued.token().reveal();
            rows(call(issued.token(), zoneR1()));
            for (TokenCall refused : List.of(
                    call(Secret.of(token + "x"), zoneR1()),
                    call(issued.token(), SourceRequest.TableRead.of(List.of("public", "secrets"), "value")),
                    call(
                            issued.token(),
                            SourceRequest.NamedQueryCall.of("big_parcels").with("zone", token)))) {
                try {
                    rows(refused);
                } catch (ConnectionException e) {
                    messages.add(e.getMessage() + " " + e);
                }
            }
            connections.revokeGrant(alice, issued.grant().id());
            lines = logs.lines();
        }
        String token = issued.token().reveal();
        String signature = token.substring(token.lastIndexOf('.') + 1);
        assertThat(messages).hasSize(3);
        assertThat(events)
                .extracting(ConnectionEvent::type)
                .contains(ConnectionEvent.Type.GRANT_CREATED, ConnectionEvent.Type.GRANT_REVOKED);
        assertThat(events.stream().filter(event -> event.type() == ConnectionEvent.Type.GRANT_CREATED))
                .allSatisfy(event -> assertThat(event.dependents())
                        .extracting(dependent -> dependent.kind() + ":" + dependent.id())
                        .containsExactly("grant:" + issued.grant().id()));
        List<String> everything = new ArrayList<>(lines);
        everything.addAll(messages);
        everything.add(events.toString());
        everything.add(issued.toString());
        everything.add(issued.grant().toString());
        assertThat(everything).isNotEmpty().noneMatch(text -> text.contains(signature));
    }

    @Test
    void aConnectionAcceptingOnlyNamedSourcesRefusesAGrantWithATableNamingSources() {
        Connection connection = acceptingOnlyNamedSources(warehouseConnection(alice), true);

        assertThat(connection.advanced()).containsEntry("namedSourcesOnly", true);
        assertThatThrownBy(() -> grant(alice, connection))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        e -> assertThat(e.problems())
                                .extracting(InvalidConfigurationException.Problem::property)
                                .containsExactly("sources"))
                .hasMessageContaining("namedSourcesOnly");
        assertThat(connections.grants(alice, connection.id())).isEmpty();
    }

    @Test
    void aGrantOfNamedQueriesOnlyWorksOnAConnectionAcceptingOnlyNamedSources() {
        Connection connection = acceptingOnlyNamedSources(warehouseConnection(alice), true);
        IssuedGrant issued = connections.createGrant(
                alice,
                connection.id(),
                NewGrant.query(
                        clock.instant().plus(Duration.ofDays(1)),
                        GrantSource.NamedQuery.of(
                                        "big_parcels",
                                        "select id from parcels where area >= :min_area and zone = :zone order by id")
                                .parameter("min_area", ParameterType.FLOAT)
                                .parameter("zone", ParameterType.STRING)));

        assertThat(rows(call(issued.token(), bigParcels()))).containsExactly(List.of(1L), List.of(2L));
    }

    @Test
    void aGrantWithATableIsDeniedWholeOnceItsConnectionAcceptsOnlyNamedSources() {
        Connection connection = warehouseConnection(alice);
        IssuedGrant issued = grant(alice, connection);
        assertThat(rows(call(issued.token(), zoneR1()))).hasSize(2);

        acceptingOnlyNamedSources(connection, true);

        assertDenied(call(issued.token(), zoneR1()));
        assertDenied(call(issued.token(), bigParcels()));
        acceptingOnlyNamedSources(connection, false);
        assertThat(rows(call(issued.token(), bigParcels()))).hasSize(2);
    }

    @Test
    void aSuspendedGrantTransferredToAMemberWhoMayUseTheConnectionWorksAgainWithTheSameToken() {
        Connection connection = warehouseConnection(alice);
        connections.share(alice, connection.id(), Sharing.groups("analysts"), true);
        IssuedGrant issued = grant(bob, connection);
        member("bob", Role.EDITOR, "finance");
        assertDenied(call(issued.token(), zoneR1()));
        Principal dave = member("dave", Role.EDITOR, "analysts");

        Grant transferred = connections.transferGrant(alice, issued.grant().id(), dave.userId());

        assertThat(transferred.creatorId()).isEqualTo("dave");
        assertThat(store.findGrant(issued.grant().id()).orElseThrow().creatorId())
                .isEqualTo("dave");
        assertThat(rows(call(issued.token(), zoneR1()))).hasSize(2);
        assertThat(events.stream().filter(event -> event.type() == ConnectionEvent.Type.GRANT_TRANSFERRED))
                .singleElement()
                .satisfies(event -> {
                    assertThat(event.actorUserId()).isEqualTo("alice");
                    assertThat(event.dependents())
                            .extracting(dependent -> dependent.id() + ":" + dependent.ownerId())
                            .containsExactly(issued.grant().id() + ":dave");
                });
        // The new creator's access now decides: out of the group, the grant is suspended again.
        member("dave", Role.EDITOR, "finance");
        assertDenied(call(issued.token(), zoneR1()));
    }

    @Test
    void aGrantIsNotTransferredToAMemberWhoCouldNotCreateIt() {
        Connection connection = warehouseConnection(alice);
        connections.share(alice, connection.id(), Sharing.groups("analysts"), true);
        IssuedGrant issued = grant(bob, connection);
        member("bob", Role.EDITOR, "finance");
        member("erin", Role.EDITOR, "finance");

        for (String newCreator : List.of("carol", "erin", "sam", "nobody")) {
            assertThatThrownBy(() ->
                            connections.transferGrant(alice, issued.grant().id(), newCreator))
                    .as(newCreator)
                    .isInstanceOfSatisfying(
                            InvalidConfigurationException.class,
                            e -> assertThat(e.problems())
                                    .extracting(InvalidConfigurationException.Problem::property)
                                    .containsExactly("newCreatorId"));
        }
        assertThat(store.findGrant(issued.grant().id()).orElseThrow().creatorId())
                .isEqualTo("bob");
        assertDenied(call(issued.token(), zoneR1()));
        assertThat(events).noneMatch(event -> event.type() == ConnectionEvent.Type.GRANT_TRANSFERRED);
    }

    @Test
    void onlyTheConnectionsOwnerOrASuperadminTransfersAGrant() {
        Connection connection = warehouseConnection(alice);
        connections.share(alice, connection.id(), Sharing.organization(), true);
        IssuedGrant issued = grant(bob, connection);

        assertThatThrownBy(() -> connections.transferGrant(bob, issued.grant().id(), "alice"))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        e -> assertThat(e.category()).isEqualTo(ErrorCategory.PERMISSION_DENIED));
        assertThatThrownBy(
                        () -> connections.transferGrant(mallory, issued.grant().id(), "mallory"))
                .isInstanceOfSatisfying(
                        ConnectionException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.NOT_FOUND));
        assertThat(store.findGrant(issued.grant().id()).orElseThrow().creatorId())
                .isEqualTo("bob");

        assertThat(connections.transferGrant(sam, issued.grant().id(), "alice").creatorId())
                .isEqualTo("alice");
    }

    @Test
    void theStoreTransfersAGrantOnlyFromTheCreatorItStillHasAndNeverARevokedOne() {
        String id = grant(alice, warehouseConnection(alice)).grant().id();

        assertThat(store.transferGrant(id, "bob", "dave")).isFalse();
        assertThat(store.transferGrant(id, "alice", "dave")).isTrue();
        assertThat(store.transferGrant(id, "alice", "erin")).isFalse();
        store.revokeGrant(id, clock.instant());
        assertThat(store.transferGrant(id, "dave", "erin")).isFalse();
        assertThat(store.transferGrant("no-such-grant", "dave", "erin")).isFalse();
        assertThat(store.findGrant(id).orElseThrow().creatorId()).isEqualTo("dave");
    }

    @Test
    void aRevokedGrantIsNotTransferred() {
        IssuedGrant issued = grant(alice, warehouseConnection(alice));
        connections.revokeGrant(alice, issued.grant().id());
        member("dave", Role.EDITOR);

        assertThatThrownBy(() -> connections.transferGrant(alice, issued.grant().id(), "dave"))
                .isInstanceOfSatisfying(
                        ConnectionException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT));
        assertDenied(call(issued.token(), zoneR1()));
    }

    @Test
    void aGrantOnAConnectionSharedWithViewerCredentialsRunsAsItsServiceIdentity() {
        Connection connection = viewersConnection(alice);
        connections.setServiceIdentity(alice, connection.id(), serviceCredentials());

        IssuedGrant issued = whoRunsGrant(bob, connection);

        assertThat(rows(call(issued.token(), whoRuns()))).containsExactly(List.of(serviceRole));
        assertThat(rows(call(issued.token(), zoneR1()))).hasSize(2);
        try (QueryResult owners = connections.query(alice, connection.id(), Query.sql("select current_user::text"))) {
            assertThat(owners.next()).isTrue();
            assertThat(owners.value(0)).isEqualTo(POSTGRES.superuser());
        }
    }

    @Test
    void removingTheServiceIdentitySuspendsTheGrantsThatRunAsIt() {
        Connection connection = viewersConnection(alice);
        connections.setServiceIdentity(alice, connection.id(), serviceCredentials());
        IssuedGrant issued = whoRunsGrant(alice, connection);
        assertThat(rows(call(issued.token(), whoRuns()))).containsExactly(List.of(serviceRole));

        assertThat(connections.removeServiceIdentity(alice, connection.id())).isTrue();

        assertDenied(call(issued.token(), whoRuns()));
        assertThatThrownBy(() -> whoRunsGrant(alice, connection))
                .isInstanceOfSatisfying(
                        ConnectionException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.UNSUPPORTED));
        connections.setServiceIdentity(alice, connection.id(), serviceCredentials());
        assertThat(rows(call(issued.token(), whoRuns()))).containsExactly(List.of(serviceRole));
    }

    @Test
    void aServiceIdentityGoesWithViewerCredentialSharing() {
        Connection connection = viewersConnection(alice);
        connections.setServiceIdentity(alice, connection.id(), serviceCredentials());
        IssuedGrant issued = whoRunsGrant(alice, connection);

        connections.share(alice, connection.id(), Sharing.organization(), true);
        assertThat(rows(call(issued.token(), whoRuns()))).containsExactly(List.of(POSTGRES.superuser()));
        connections.share(alice, connection.id(), Sharing.viewerCredentials(), true);

        assertDenied(call(issued.token(), whoRuns()));
    }

    @Test
    void aServiceIdentityThatFailsItsLiveCheckIsNotStored() {
        Connection connection = viewersConnection(alice);

        assertThatThrownBy(() -> connections.setServiceIdentity(
                        alice, connection.id(), Map.of("username", serviceRole, "password", "wrong")))
                .isInstanceOf(CheckFailedException.class);
        assertThatThrownBy(() -> whoRunsGrant(alice, connection))
                .isInstanceOfSatisfying(
                        ConnectionException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.UNSUPPORTED));
    }

    @Test
    void onlyTheOwnerSetsAServiceIdentityAndOnlyOnAConnectionSharedWithViewerCredentials() {
        Connection shared = viewersConnection(alice);
        Connection unshared = warehouseConnection(alice);

        assertThatThrownBy(() -> connections.setServiceIdentity(bob, shared.id(), serviceCredentials()))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        e -> assertThat(e.category()).isEqualTo(ErrorCategory.PERMISSION_DENIED));
        assertThatThrownBy(() -> connections.removeServiceIdentity(bob, shared.id()))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        e -> assertThat(e.category()).isEqualTo(ErrorCategory.PERMISSION_DENIED));
        assertThatThrownBy(() -> connections.setServiceIdentity(alice, unshared.id(), serviceCredentials()))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        e -> assertThat(e.problems())
                                .extracting(InvalidConfigurationException.Problem::property)
                                .containsExactly("sharing"));
    }

    @Test
    void theServiceIdentitysPasswordNeverAppearsInEventsLogsMessagesToStringOrTheStore() {
        List<String> texts = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        try (LogCapture logs = LogCapture.start()) {
            Connection connection = viewersConnection(alice);
            for (Map<String, Object> refused : List.<Map<String, Object>>of(
                    Map.of("username", serviceRole, "password", SERVICE_PASSWORD + "-wrong"),
                    Map.of("username", serviceRole, "password", SERVICE_PASSWORD, "database", "elsewhere"))) {
                try {
                    connections.setServiceIdentity(alice, connection.id(), refused);
                } catch (ConnectionException e) {
                    messages.add(e.getMessage() + " " + e);
                }
            }
            connections.setServiceIdentity(alice, connection.id(), serviceCredentials());
            IssuedGrant issued = whoRunsGrant(alice, connection);
            rows(call(issued.token(), whoRuns()));
            texts.add(connections.get(alice, connection.id()).toString());
            texts.add(store.findForUser(connection.id(), Identity.SERVICE_USER_ID)
                    .orElseThrow()
                    .toString());
            store.viewerCredentials(connection.id(), Identity.SERVICE_USER_ID)
                    .values()
                    .forEach(secret -> texts.add(secret.ciphertext()));
            connections.removeServiceIdentity(alice, connection.id());
            texts.addAll(logs.lines());
        }
        assertThat(messages).hasSize(2);
        assertThat(events)
                .extracting(ConnectionEvent::type)
                .contains(ConnectionEvent.Type.SERVICE_IDENTITY_SET, ConnectionEvent.Type.SERVICE_IDENTITY_REMOVED);
        texts.addAll(messages);
        texts.add(events.toString());
        assertThat(texts).hasSizeGreaterThan(4).noneMatch(text -> text.contains(SERVICE_PASSWORD));
    }

    private static ECPrivateKey newPrivateKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return (ECPrivateKey) generator.generateKeyPair().getPrivate();
    }
}
