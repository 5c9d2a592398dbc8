package com.carto.connections.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.secrets.KeyRing;
import com.carto.connections.secrets.Secret;
import com.carto.connections.testing.LogCapture;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SecretCipherTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CANARY = "canary-3b9d7f21-do-not-print";

    private final KeyRing ring = KeyRing.generate("k1");
    private final SecretCipher cipher = new SecretCipher(ring);

    @Test
    void decryptReturnsWhatWasEncrypted() {
        String envelope = cipher.encrypt("c1", "password", Secret.of("hunter2"));

        assertThat(cipher.decrypt("c1", "password", envelope)).isEqualTo(Secret.of("hunter2"));
    }

    @Test
    void emptyAndNonAsciiSecretsRoundTrip() {
        for (String value : List.of("", "pässwörd ✓ 密码 🔑", "line\nbreak.and.dots")) {
            String envelope = cipher.encrypt("c1", "password", Secret.of(value));

            assertThat(cipher.decrypt("c1", "password", envelope).reveal()).isEqualTo(value);
        }
    }

    @Test
    void envelopeIsVersionKeyIdAndBase64UrlPayload() {
        String envelope = cipher.encrypt("c1", "password", Secret.of("hunter2"));

        assertThat(envelope).matches("v1\\.k1\\.[A-Za-z0-9_-]+");
        byte[] payload = Base64.getUrlDecoder().decode(envelope.substring("v1.k1.".length()));
        assertThat(payload).hasSize(12 + "hunter2".length() + 16);
        assertThat(cipher.keyIdOf(envelope)).isEqualTo("k1");
    }

    @Test
    void encryptingTheSameSecretTwiceGivesDifferentEnvelopes() {
        String first = cipher.encrypt("c1", "password", Secret.of("hunter2"));
        String second = cipher.encrypt("c1", "password", Secret.of("hunter2"));

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void envelopeCopiedToAnotherConnectionFailsToDecrypt() {
        String envelope = cipher.encrypt("c1", "password", Secret.of("hunter2"));

        assertThatThrownBy(() -> cipher.decrypt("c2", "password", envelope))
                .isInstanceOfSatisfying(
                        ConnectionException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.INTERNAL))
                .hasMessageContaining("'c2'")
                .hasMessageContaining("'password'");
    }

    @Test
    void envelopeCopiedToAnotherSecretKeyFailsToDecrypt() {
        String envelope = cipher.encrypt("c1", "password", Secret.of("hunter2"));

        assertThatThrownBy(() -> cipher.decrypt("c1", "sslpassword", envelope))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("'sslpassword'")
                .hasMessageContaining("'c1'");
    }

    @Test
    void associatedDataIsNotAmbiguousAcrossTheConnectionIdAndSecretKeyBoundary() {
        String envelope = cipher.encrypt("c1", "password", Secret.of("hunter2"));

        assertThatThrownBy(() -> cipher.decrypt("c1p", "assword", envelope)).isInstanceOf(ConnectionException.class);
    }

    @Test
    void flippedBitFailsToDecrypt() {
        String envelope = cipher.encrypt("c1", "password", Secret.of("hunter2"));
        byte[] payload = Base64.getUrlDecoder().decode(envelope.substring("v1.k1.".length()));

        for (int index : new int[] {0, 12, payload.length - 1}) {
            byte[] altered = payload.clone();
            altered[index] ^= 1;
            String tampered = "v1.k1." + Base64.getUrlEncoder().withoutPadding().encodeToString(altered);

            assertThatThrownBy(() -> cipher.decrypt("c1", "password", tampered))
                    .isInstanceOfSatisfying(
                            ConnectionException.class,
                            e -> assertThat(e.category()).isEqualTo(ErrorCategory.INTERNAL))
                    .hasMessageContaining("fails authentication");
        }
    }

    @Test
    void unknownKeyIdFailsClosedNamingTheKeyId() {
        String envelope = new SecretCipher(KeyRing.generate("retired")).encrypt("c1", "password", Secret.of("hunter2"));

        assertThatThrownBy(() -> cipher.decrypt("c1", "password", envelope))
                .isInstanceOfSatisfying(
                        ConnectionException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.INTERNAL))
                .hasMessageContaining("encrypted under key 'retired' which the key ring does not hold")
                .hasMessageContaining("[k1]");
    }

    @Test
    void envelopeRelabelledWithAnotherHeldKeyIdFailsToDecrypt() {
        SecretCipher twoKeys = new SecretCipher(ring.withKey("k2", randomKey()));
        String envelope = twoKeys.encrypt("c1", "password", Secret.of("hunter2"));

        assertThatThrownBy(() -> twoKeys.decrypt("c1", "password", envelope.replace("v1.k1.", "v1.k2.")))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("'k2'");
    }

    @Test
    void sameKeyIdWithAnotherKeyFailsToDecrypt() {
        String envelope = cipher.encrypt("c1", "password", Secret.of("hunter2"));

        assertThatThrownBy(() -> new SecretCipher(KeyRing.generate("k1")).decrypt("c1", "password", envelope))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("fails authentication under key 'k1'");
    }

    @Test
    void malformedEnvelopesFailWithAClearMessage() {
        Map<String, String> reasons = Map.of(
                "", "is not v1.<keyId>.<payload>",
                "hunter2", "is not v1.<keyId>.<payload>",
                "v1.k1", "is not v1.<keyId>.<payload>",
                "v1.k1.AAAA.AAAA", "is not v1.<keyId>.<payload>",
                "v2.k1.AAAA", "version v2",
                "v1.k 1.AAAA", "key id",
                "v1.k1.AA+/", "not base64url",
                "v1.k1.AAAA", "too short");
        reasons.forEach((envelope, reason) -> assertThatThrownBy(() -> cipher.decrypt("c1", "password", envelope))
                .as(envelope)
                .isInstanceOfSatisfying(
                        ConnectionException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.INTERNAL))
                .hasMessageStartingWith("malformed secret envelope of secret 'password' of connection 'c1'")
                .hasMessageContaining(reason));
    }

    @Test
    void keyIdOfAMalformedEnvelopeFails() {
        assertThatThrownBy(() -> cipher.keyIdOf("not an envelope"))
                .isInstanceOf(ConnectionException.class)
                .hasMessageStartingWith("malformed secret envelope: ");
    }

    @Test
    void oldEnvelopesStillDecryptAfterANewPrimaryIsAdded() {
        String old = cipher.encrypt("c1", "password", Secret.of("hunter2"));

        SecretCipher rotated = new SecretCipher(ring.withKey("k2", randomKey()).withPrimary("k2"));

        assertThat(rotated.decrypt("c1", "password", old)).isEqualTo(Secret.of("hunter2"));
        assertThat(rotated.keyIdOf(rotated.encrypt("c1", "password", Secret.of("hunter2"))))
                .isEqualTo("k2");
    }

    @Test
    void needsReencryptionIsTrueOnlyForEnvelopesNotUnderThePrimaryKey() {
        String old = cipher.encrypt("c1", "password", Secret.of("hunter2"));
        SecretCipher rotated = new SecretCipher(ring.withKey("k2", randomKey()).withPrimary("k2"));

        String reencrypted = rotated.encrypt("c1", "password", rotated.decrypt("c1", "password", old));

        assertThat(cipher.needsReencryption(old)).isFalse();
        assertThat(rotated.needsReencryption(old)).isTrue();
        assertThat(rotated.needsReencryption(reencrypted)).isFalse();
    }

    @Test
    void secretThatIsNotValidUnicodeIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> cipher.encrypt("c1", "password", Secret.of("abc\uD800def")))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        e -> assertThat(e.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION))
                .hasMessageContaining("'password'")
                .message()
                .doesNotContain("abc");
    }

    @Test
    void toStringNamesTheKeyIdsOnly() {
        assertThat(cipher.toString()).isEqualTo("SecretCipher[KeyRing[primary=k1, keys=[k1]]]");
    }

    @Test
    void neverRevealsTheSecretInEnvelopesFailuresOrToString() {
        byte[] key = ring.primaryKey().getEncoded();
        List<String> forbidden = List.of(
                CANARY,
                Base64.getEncoder().encodeToString(CANARY.getBytes(UTF_8)),
                Base64.getEncoder().encodeToString(key),
                Base64.getUrlEncoder().withoutPadding().encodeToString(key));
        List<String> seen = new ArrayList<>();
        try (LogCapture logs = LogCapture.start()) {
            String envelope = cipher.encrypt("c1", "password", Secret.of(CANARY));
            seen.add(envelope);
            String payload = envelope.substring("v1.k1.".length());
            List<Supplier<Secret>> failures = List.of(
                    () -> cipher.decrypt("c2", "password", envelope),
                    () -> cipher.decrypt("c1", "token", envelope),
                    () -> cipher.decrypt(
                            "c1", "password", "v1.k1." + (payload.charAt(0) == 'A' ? 'B' : 'A') + payload.substring(1)),
                    () -> cipher.decrypt("c1", "password", envelope + "x"),
                    () -> cipher.decrypt("c1", "password", envelope.replace("v1.k1.", "v1.k9.")),
                    () -> cipher.decrypt("c1", "password", envelope.replace("v1.", "v3.")),
                    () -> new SecretCipher(KeyRing.generate("k1")).decrypt("c1", "password", envelope));
            for (Supplier<Secret> failure : failures) {
                assertThatThrownBy(failure::get).isInstanceOfSatisfying(ConnectionException.class, e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        seen.add(String.valueOf(t));
                        seen.add(String.valueOf(t.getMessage()));
                    }
                });
            }
            seen.add(cipher.toString());
            seen.add(ring.toString());
            seen.addAll(logs.lines());
        }

        for (String text : seen) {
            for (String value : forbidden) {
                assertThat(text).doesNotContain(value);
            }
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }
}
