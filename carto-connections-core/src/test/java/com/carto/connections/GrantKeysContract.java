package com.carto.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.grants.GrantSource;
import com.carto.connections.grants.IssuedGrant;
import com.carto.connections.grants.NewGrant;
import com.carto.connections.grants.ParameterType;
import com.carto.connections.grants.SourceRequest;
import com.carto.connections.grants.TokenCall;
import com.carto.connections.internal.SecretCipher;
import com.carto.connections.query.QueryResult;
import com.carto.connections.secrets.KeyRing;
import com.carto.connections.secrets.Secret;
import com.carto.connections.store.ConnectionStore;
import com.carto.connections.store.EncryptedSecret;
import com.carto.connections.store.StoredSigningKey;
import com.carto.connections.testing.LogCapture;
import com.carto.connections.testing.ManualClock;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The signing keys and the claims of grant tokens, on the store each subclass gives: the allowed clock skew of
 * {@code iat} and {@code nbf}, damaged or foreign key rows, the key ring's rotation with the signing keys' private
 * halves re-encrypted, retirement erasing a private half, and the checks a grant gets when it is made (its expiry kept
 * to the second, its named queries' parameters against their SQL). Tokens re-signed here with the stored private key
 * are tampered tokens whose signature is genuine: only the claim under test is wrong.
 */
abstract class GrantKeysContract {
    private static final Duration RECHECK = Duration.ofSeconds(10);
    private static final byte[] K1 = filled(1);
    private static final byte[] K2 = filled(2);
    private static final GrantSource.NamedQuery WHO = GrantSource.NamedQuery.of("who", "select current_user");

    private final MemoryWarehouse memory = new MemoryWarehouse().acceptPassword("db_alice", "pw_alice");
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T12:00:00Z"));
    private final String organization = "org-" + UUID.randomUUID();
    private final Principal alice = new Principal("alice", organization, Role.EDITOR, Set.of());
    private final List<Connections> others = new ArrayList<>();
    private ConnectionStore store;
    private Connections connections;
    private String connectionId;

    abstract ConnectionStore newStore();

    /** Closes what the store's subclass opened beside it; the facade closes the store itself. */
    void closeStore() {}

    @BeforeEach
    void open() {
        store = newStore();
        connections = facade(KeyRing.of("k1", Map.of("k1", K1)), Set.of());
        connectionId = connections
                .create(
                        alice,
                        NewConnection.of(
                                        "memory",
                                        "keys-" + UUID.randomUUID().toString().substring(0, 8))
                                .authMethod("password")
                                .property("host", "memory")
                                .property("user", "db_alice")
                                .secret("password", "pw_alice")
                                .skipLiveCheck())
                .id();
    }

    @AfterEach
    void close() {
        connections.close();
        others.forEach(Connections::close);
        closeStore();
    }

    private Connections facade(KeyRing ring, Set<String> lostKeys) {
        return Connections.builder()
                .store(store)
                .keys(ring)
                .acceptLostKeys(lostKeys)
                .providers(Providers.of(memory.provider()))
                .clock(clock)
                .ticker(clock::nanoTime)
                .members((organizationId, userId) -> organizationId.equals(organization) && userId.equals("alice")
                        ? Optional.of(alice)
                        : Optional.empty())
                .grantRecheck(RECHECK)
                .build();
    }

    private Connections other(KeyRing ring, Set<String> lostKeys) {
        Connections other = facade(ring, lostKeys);
        others.add(other);
        return other;
    }

    private IssuedGrant grant(Connections on) {
        return on.createGrant(
                alice, connectionId, NewGrant.query(clock.instant().plus(Duration.ofDays(1)), WHO));
    }

    private List<List<Object>> rows(Connections on, Secret token) {
        List<List<Object>> rows = new ArrayList<>();
        try (QueryResult result = on.query(TokenCall.of(organization, token, SourceRequest.NamedQueryCall.of("who")))) {
            while (result.next()) {
                rows.add(result.values());
            }
        }
        return rows;
    }

    private void assertDenied(Connections on, Secret token) {
        assertThatThrownBy(() -> rows(on, token))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        e -> assertThat(e.category()).isEqualTo(ErrorCategory.PERMISSION_DENIED))
                .hasMessage(GrantService.DENIED);
    }

    private static String keyIdOf(Secret token) throws Exception {
        return SignedJWT.parse(token.reveal()).getHeader().getKeyID();
    }

    private StoredSigningKey stored(String keyId) {
        return store.signingKeys().stream()
                .filter(key -> key.keyId().equals(keyId))
                .findFirst()
                .orElseThrow();
    }

    /** The token with its claims changed, signed again with its stored private key (decrypted under ring k1). */
    private Secret resigned(Secret token, UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        SignedJWT genuine = SignedJWT.parse(token.reveal());
        Secret encoded = new SecretCipher(KeyRing.of("k1", Map.of("k1", K1)))
                .decrypt(
                        GrantSigning.CIPHER_SUBJECT,
                        genuine.getHeader().getKeyID(),
                        stored(genuine.getHeader().getKeyID())
                                .privateKey()
                                .orElseThrow()
                                .ciphertext());
        ECPrivateKey privateKey = (ECPrivateKey) KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(encoded.reveal())));
        return signed(
                privateKey,
                genuine.getHeader().getKeyID(),
                change.apply(new JWTClaimsSet.Builder(genuine.getJWTClaimsSet()))
                        .build());
    }

    private static Secret signed(ECPrivateKey key, String keyId, JWTClaimsSet claims) throws Exception {
        SignedJWT token = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(keyId).build(), claims);
        token.sign(new ECDSASigner(key));
        return Secret.of(token.serialize());
    }

    private Date fromNow(Duration duration) {
        return Date.from(clock.instant().plus(duration));
    }

    /** The stored private half replaced by an envelope of the right shape that no key of the ring opens. */
    private void damagePrivateHalf(String keyId) {
        StoredSigningKey key = stored(keyId);
        assertThat(store.replaceSigningKeyCiphertext(key, new EncryptedSecret("k1", "v1.k1." + "A".repeat(64))))
                .isTrue();
    }

    private static KeyPair newKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static byte[] filled(int value) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) value);
        return key;
    }

    @Test
    void aTokenIssuedAheadOfThisClockWithinTheAllowedSkewIsAccepted() throws Exception {
        IssuedGrant issued = grant(connections);

        Secret ahead = resigned(issued.token(), claims -> claims.issueTime(fromNow(GrantSigning.CLOCK_SKEW)));

        assertThat(rows(connections, ahead)).hasSize(1);
    }

    @Test
    void aTokenIssuedFurtherAheadThanTheAllowedSkewIsDenied() throws Exception {
        IssuedGrant issued = grant(connections);

        Secret ahead =
                resigned(issued.token(), claims -> claims.issueTime(fromNow(GrantSigning.CLOCK_SKEW.plusSeconds(1))));

        assertDenied(connections, ahead);
    }

    @Test
    void aTokenWithoutAnIssueTimeIsDenied() throws Exception {
        IssuedGrant issued = grant(connections);

        assertDenied(connections, resigned(issued.token(), claims -> claims.issueTime(null)));
    }

    @Test
    void aTokenValidFromWithinTheAllowedSkewIsAccepted() throws Exception {
        IssuedGrant issued = grant(connections);

        Secret later = resigned(issued.token(), claims -> claims.notBeforeTime(fromNow(GrantSigning.CLOCK_SKEW)));

        assertThat(rows(connections, later)).hasSize(1);
    }

    @Test
    void aTokenValidOnlyFromBeyondTheAllowedSkewIsDenied() throws Exception {
        IssuedGrant issued = grant(connections);

        Secret later = resigned(
                issued.token(), claims -> claims.notBeforeTime(fromNow(GrantSigning.CLOCK_SKEW.plusSeconds(1))));

        assertDenied(connections, later);
    }

    @Test
    void aTokenWhosePrivateHalfCannotBeDecryptedAnyMoreIsDeniedAndLoggedByKeyId() throws Exception {
        IssuedGrant issued = grant(connections);
        String keyId = keyIdOf(issued.token());
        assertThat(rows(connections, issued.token())).hasSize(1);
        String genuineCiphertext = stored(keyId).privateKey().orElseThrow().ciphertext();

        damagePrivateHalf(keyId);
        clock.advance(RECHECK);
        List<String> lines;
        try (LogCapture logs = LogCapture.start()) {
            assertDenied(connections, issued.token());
            assertDenied(connections, issued.token());
            lines = logs.lines();
        }

        assertThat(lines.stream().filter(line -> line.contains("Signing key " + keyId + " is damaged")))
                .hasSize(1);
        assertThat(lines).noneMatch(line -> line.contains(genuineCiphertext.substring(6)) || line.contains("AAAA"));
    }

    @Test
    void aDamagedSigningKeyFailsSigningNamingItUntilANewKeyIsMade() throws Exception {
        IssuedGrant issued = grant(connections);
        String keyId = keyIdOf(issued.token());
        damagePrivateHalf(keyId);

        assertThatThrownBy(() -> grant(connections))
                .isInstanceOfSatisfying(
                        ConnectionException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.INTERNAL))
                .hasMessageContaining("signing key " + keyId + " is damaged")
                .hasMessageContaining("rotateGrantSigningKey");
        String newKey = connections.rotateGrantSigningKey();
        IssuedGrant fresh = grant(connections);

        assertThat(keyIdOf(fresh.token())).isEqualTo(newKey);
        assertThat(rows(connections, fresh.token())).hasSize(1);
        assertDenied(connections, issued.token());
    }

    @Test
    void aKeyAddedToTheStoreWithoutTheKeyRingVerifiesNothing() throws Exception {
        IssuedGrant issued = grant(connections);
        // Someone who can write the store but does not hold the key ring adds a public key of their own, older than
        // the genuine one so that it does not become the signing key.
        KeyPair intruder = newKeyPair();
        store.insertSigningKey(new StoredSigningKey(
                "gk-intruder",
                Base64.getEncoder().encodeToString(intruder.getPublic().getEncoded()),
                Optional.of(new EncryptedSecret("k1", "v1.k1." + "A".repeat(64))),
                clock.instant().minus(Duration.ofDays(1)),
                Optional.empty()));

        Secret forged = signed(
                (ECPrivateKey) intruder.getPrivate(),
                "gk-intruder",
                SignedJWT.parse(issued.token().reveal()).getJWTClaimsSet());

        assertDenied(connections, forged);
        assertThat(rows(connections, issued.token())).hasSize(1);
    }

    @Test
    void aKeyWhosePublicHalfIsNotThePairOfItsPrivateHalfVerifiesNothing() throws Exception {
        IssuedGrant issued = grant(connections);
        KeyPair stored = newKeyPair();
        KeyPair substituted = newKeyPair();
        String ciphertext = new SecretCipher(KeyRing.of("k1", Map.of("k1", K1)))
                .encrypt(
                        GrantSigning.CIPHER_SUBJECT,
                        "gk-mismatched",
                        Secret.of(Base64.getEncoder()
                                .encodeToString(stored.getPrivate().getEncoded())));
        store.insertSigningKey(new StoredSigningKey(
                "gk-mismatched",
                Base64.getEncoder().encodeToString(substituted.getPublic().getEncoded()),
                Optional.of(new EncryptedSecret("k1", ciphertext)),
                clock.instant().minus(Duration.ofDays(1)),
                Optional.empty()));

        Secret forged = signed(
                (ECPrivateKey) substituted.getPrivate(),
                "gk-mismatched",
                SignedJWT.parse(issued.token().reveal()).getJWTClaimsSet());

        assertDenied(connections, forged);
    }

    @Test
    void afterTheKeyRingRotatesTokensVerifyAndNewOnesAreSignedWithoutTheOldRingKey() throws Exception {
        IssuedGrant before = grant(connections);
        String signingKey = keyIdOf(before.token());
        KeyRing onlyK2 = KeyRing.of("k2", Map.of("k2", K2));
        assertThatThrownBy(() -> facade(onlyK2, Set.of()))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("k1");

        ReencryptionReport report =
                other(KeyRing.of("k2", Map.of("k1", K1, "k2", K2)), Set.of()).reencryptSecrets();
        Connections withoutK1 = other(onlyK2, Set.of());
        IssuedGrant after = grant(withoutK1);

        assertThat(report.remaining()).isZero();
        assertThat(report.unreadable()).isEmpty();
        assertThat(report.unreadableSigningKeys()).isEmpty();
        assertThat(stored(signingKey).privateKey().orElseThrow().keyId()).isEqualTo("k2");
        assertThat(rows(withoutK1, before.token())).hasSize(1);
        assertThat(keyIdOf(after.token())).isEqualTo(signingKey);
        assertThat(rows(withoutK1, after.token())).hasSize(1);
    }

    @Test
    void theSigningKeysPrivateHalvesCountAmongTheSecretsUnderOldKeys() {
        grant(connections);
        Connections rotated = other(KeyRing.of("k2", Map.of("k1", K1, "k2", K2)), Set.of());

        // The connection's password and the signing key.
        assertThat(rotated.secretsUnderOldKeys()).isEqualTo(2);
        rotated.reencryptSecrets();
        assertThat(rotated.secretsUnderOldKeys()).isZero();
    }

    @Test
    void aSigningKeyUnderALostRingKeyIsReportedByReencryptionAndVerifiesNothing() throws Exception {
        IssuedGrant issued = grant(connections);
        String signingKey = keyIdOf(issued.token());
        Connections lost = other(KeyRing.of("k2", Map.of("k2", K2)), Set.of("k1"));

        ReencryptionReport report = lost.reencryptSecrets();

        assertThat(report.unreadableSigningKeys())
                .containsExactly(new ReencryptionReport.UnreadableSigningKey(signingKey, "k1"));
        assertThat(report.remaining()).isEqualTo(2);
        assertDenied(lost, issued.token());
    }

    @Test
    void retiringASigningKeyErasesItsPrivateHalf() throws Exception {
        IssuedGrant issued = grant(connections);
        String oldKey = keyIdOf(issued.token());
        connections.rotateGrantSigningKey();

        assertThat(connections.retireGrantSigningKey(oldKey)).isTrue();
        other(KeyRing.of("k2", Map.of("k1", K1, "k2", K2)), Set.of()).reencryptSecrets();

        assertThat(stored(oldKey).retiredAt()).isPresent();
        assertThat(stored(oldKey).privateKey()).isEmpty();
        // Nothing retired needs a key of the ring any more.
        assertThat(store.keyIdsInUse()).containsExactly("k2");
        assertDenied(connections, issued.token());
    }

    @Test
    void aGrantsExpiryIsKeptToTheSecondAndMustStillBeInTheFutureThen() throws Exception {
        assertThatThrownBy(() -> connections.createGrant(
                        alice, connectionId, NewGrant.query(clock.instant().plusMillis(500), WHO)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("expiresAt");

        IssuedGrant issued = connections.createGrant(
                alice,
                connectionId,
                NewGrant.query(clock.instant().plus(Duration.ofDays(1)).plusMillis(700), WHO));

        assertThat(issued.grant().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(1)));
        assertThat(SignedJWT.parse(issued.token().reveal())
                        .getJWTClaimsSet()
                        .getExpirationTime()
                        .toInstant())
                .isEqualTo(issued.grant().expiresAt());
    }

    @Test
    void aNamedQueryWhoseParametersDoNotMatchItsSqlIsRefusedWhenTheGrantIsMade() {
        GrantSource.NamedQuery mismatched = GrantSource.NamedQuery.of(
                        "by_zone", "select id from parcels where zone = :zone")
                .parameter("area", ParameterType.FLOAT);

        assertThatThrownBy(() -> connections.createGrant(
                        alice, connectionId, NewGrant.query(clock.instant().plus(Duration.ofDays(1)), mismatched)))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        e -> assertThat(e.problems())
                                .extracting(InvalidConfigurationException.Problem::property)
                                .containsOnly("sources.query.parameters"))
                .hasMessageContaining("declares area")
                .hasMessageContaining(":zone");
        assertThat(connections.grants(alice, connectionId)).isEmpty();
    }
}
