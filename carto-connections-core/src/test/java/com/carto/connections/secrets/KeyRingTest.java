package com.carto.connections.secrets;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.internal.SecretCipher;
import com.carto.connections.testing.AesKeyEncryptionService;
import com.carto.connections.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path directory;

    @Test
    void ofHoldsEveryKeyWithTheGivenPrimary() {
        KeyRing ring = KeyRing.of("k2", Map.of("k1", randomKey(), "k2", randomKey()));

        assertThat(ring.primaryKeyId()).isEqualTo("k2");
        assertThat(ring.keyIds()).containsExactly("k1", "k2");
    }

    @Test
    void ofRejectsAPrimaryItDoesNotHold() {
        assertThatThrownBy(() -> KeyRing.of("k2", Map.of("k1", randomKey())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'k2'");
    }

    @Test
    void ofRejectsAKeyThatIsNot32Bytes() {
        assertThatThrownBy(() -> KeyRing.of("k1", Map.of("k1", new byte[16])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16 bytes")
                .hasMessageContaining("32");
    }

    @Test
    void ofRejectsKeyIdsOutsideTheAllowedCharacters() {
        for (String id : List.of("", "a.b", "a b", "é", "x".repeat(65))) {
            assertThatThrownBy(() -> KeyRing.of(id, Map.of(id, randomKey())))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("key id");
        }
    }

    @Test
    void ofCopiesTheKeyBytes() {
        byte[] key = randomKey();
        KeyRing ring = KeyRing.of("k1", Map.of("k1", key));
        String envelope = new SecretCipher(ring).encrypt("c1", "password", Secret.of("hunter2"));

        Arrays.fill(key, (byte) 0);

        assertThat(new SecretCipher(ring).decrypt("c1", "password", envelope)).isEqualTo(Secret.of("hunter2"));
    }

    @Test
    void generateMakesARingOfOneRandomPrimaryKey() {
        KeyRing first = KeyRing.generate("k1");
        KeyRing second = KeyRing.generate("k1");

        assertThat(first.primaryKeyId()).isEqualTo("k1");
        assertThat(first.keyIds()).containsExactly("k1");
        assertThat(first.primaryKey().getEncoded())
                .hasSize(32)
                .isNotEqualTo(second.primaryKey().getEncoded());
    }

    @Test
    void withKeyAndWithPrimaryReturnNewRingsAndLeaveTheOriginalUnchanged() {
        KeyRing original = KeyRing.generate("k1");

        KeyRing rotated = original.withKey("k2", randomKey()).withPrimary("k2");

        assertThat(rotated.primaryKeyId()).isEqualTo("k2");
        assertThat(rotated.keyIds()).containsExactly("k1", "k2");
        assertThat(original.primaryKeyId()).isEqualTo("k1");
        assertThat(original.keyIds()).containsExactly("k1");
    }

    @Test
    void withKeyRefusesAnotherKeyUnderAHeldId() {
        KeyRing ring = KeyRing.generate("k1");

        assertThatThrownBy(() -> ring.withKey("k1", randomKey()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'k1'");
    }

    @Test
    void withKeyOfTheSameKeyUnderItsIdChangesNothing() {
        byte[] key = randomKey();
        KeyRing ring = KeyRing.of("k1", Map.of("k1", key));

        assertThat(ring.withKey("k1", key)).isSameAs(ring);
    }

    @Test
    void withPrimaryRejectsAKeyTheRingDoesNotHold() {
        assertThatThrownBy(() -> KeyRing.generate("k1").withPrimary("k2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'k2'");
    }

    @Test
    void keyIdsCannotBeModified() {
        KeyRing ring = KeyRing.generate("k1");

        assertThatThrownBy(() -> ring.keyIds().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toStringListsKeyIdsButNoKeyMaterial() {
        byte[] key = randomKey();
        KeyRing ring = KeyRing.of("k1", Map.of("k1", key)).withKey("k0", randomKey());

        assertThat(ring.toString())
                .isEqualTo("KeyRing[primary=k1, keys=[k0, k1]]")
                .doesNotContain(Base64.getEncoder().encodeToString(key))
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(key))
                .doesNotContain(new String(key, UTF_8));
    }

    @Test
    void keyFileIsCreatedOnFirstOpen() throws Exception {
        Path file = directory.resolve("db").resolve("keys");

        KeyRing ring = KeyRing.fromKeyFile(file);

        assertThat(file).exists();
        assertThat(Files.readString(file))
                .contains("version=1\n", "primary=" + ring.primaryKeyId() + "\n", "key." + ring.primaryKeyId() + "=");
        assertThat(ring.keyIds()).containsExactly(ring.primaryKeyId());
    }

    @Test
    void keyFileIsCreatedReadableByItsOwnerOnly() throws Exception {
        Path file = directory.resolve("keys");

        KeyRing.fromKeyFile(file);

        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        assumeThat(view).as("POSIX permissions").isNotNull();
        assertThat(PosixFilePermissions.toString(view.readAttributes().permissions()))
                .isEqualTo("rw-------");
    }

    @Test
    void keyFileIsReusedOnSecondOpen() {
        Path file = directory.resolve("keys");
        KeyRing first = KeyRing.fromKeyFile(file);
        String envelope = new SecretCipher(first).encrypt("c1", "password", Secret.of("hunter2"));

        KeyRing second = KeyRing.fromKeyFile(file);

        assertThat(second.primaryKeyId()).isEqualTo(first.primaryKeyId());
        assertThat(new SecretCipher(second).decrypt("c1", "password", envelope)).isEqualTo(Secret.of("hunter2"));
    }

    @Test
    void keyFileOpenedConcurrentlyForTheFirstTimeHoldsOneKey() throws Exception {
        Path file = directory.resolve("keys");
        int openers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService executor = Executors.newFixedThreadPool(openers);
        try {
            List<Future<KeyRing>> rings = new ArrayList<>();
            for (int i = 0; i < openers; i++) {
                Callable<KeyRing> open = () -> {
                    start.await();
                    return KeyRing.fromKeyFile(file);
                };
                rings.add(executor.submit(open));
            }
            start.countDown();

            String onDisk = KeyRing.fromKeyFile(file).primaryKeyId();
            for (Future<KeyRing> ring : rings) {
                assertThat(ring.get().primaryKeyId()).isEqualTo(onDisk);
            }
        } finally {
            executor.shutdownNow();
        }
        try (var names = Files.list(directory)) {
            assertThat(names).as("no temporary file is left behind").containsExactly(file);
        }
    }

    @Test
    void keyFileRotatedByHandKeepsOldKeysAndUsesTheNewPrimary() throws Exception {
        Path file = directory.resolve("keys");
        KeyRing original = KeyRing.fromKeyFile(file);
        String newKey = Base64.getEncoder().encodeToString(randomKey());
        String text = Files.readString(file).replace("primary=" + original.primaryKeyId(), "primary=k2") + "key.k2="
                + newKey + "\n";
        Files.writeString(file, text);

        KeyRing rotated = KeyRing.fromKeyFile(file);

        assertThat(rotated.primaryKeyId()).isEqualTo("k2");
        assertThat(rotated.keyIds()).containsExactlyInAnyOrder(original.primaryKeyId(), "k2");
    }

    @Test
    void keyFileAccessibleToOtherUsersIsUsedWithAWarning() throws Exception {
        Path file = directory.resolve("keys");
        KeyRing created = KeyRing.fromKeyFile(file);
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        assumeThat(view).as("POSIX permissions").isNotNull();
        view.setPermissions(PosixFilePermissions.fromString("rw-r--r--"));

        try (LogCapture logs = LogCapture.start()) {
            assertThat(KeyRing.fromKeyFile(file).primaryKeyId()).isEqualTo(created.primaryKeyId());
            assertThat(logs.lines()).anySatisfy(line -> assertThat(line).contains(file.toString(), "chmod 600"));
        }
    }

    @Test
    void keyFileWithAWrongKeyLengthIsRefused() throws Exception {
        Path file = directory.resolve("keys");
        Files.writeString(
                file, "version=1\nprimary=k1\nkey.k1=" + Base64.getEncoder().encodeToString(new byte[16]) + "\n");

        assertThatThrownBy(() -> KeyRing.fromKeyFile(file))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        e -> assertThat(e.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("'k1'")
                .hasMessageContaining("16 bytes");
    }

    @Test
    void keyFileWithAnUnknownLineIsRefusedByLineNumberWithoutEchoingIt() throws Exception {
        Path file = directory.resolve("keys");
        String key = Base64.getEncoder().encodeToString(randomKey());
        Files.writeString(file, "version=1\nprimary=k1\nkey.k1=" + key + "\n" + key + "\n");

        assertThatThrownBy(() -> KeyRing.fromKeyFile(file))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("line 4")
                .message()
                .doesNotContain(key);
    }

    @Test
    void keyFileWithKeyThatIsNotBase64IsRefusedWithoutEchoingIt() throws Exception {
        Path file = directory.resolve("keys");
        Files.writeString(file, "version=1\nprimary=k1\nkey.k1=not-base64!secret\n");

        assertThatThrownBy(() -> KeyRing.fromKeyFile(file))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("base64")
                .hasNoCause()
                .message()
                .doesNotContain("secret");
    }

    @Test
    void keyFileNamingAPrimaryItDoesNotHoldIsRefused() throws Exception {
        Path file = directory.resolve("keys");
        Files.writeString(
                file, "version=1\nprimary=k2\nkey.k1=" + Base64.getEncoder().encodeToString(randomKey()) + "\n");

        assertThatThrownBy(() -> KeyRing.fromKeyFile(file))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("'k2'");
    }

    @Test
    void fromEnvironmentReadsEveryKeyWithTheFirstAsPrimary() {
        byte[] first = randomKey();
        Map<String, String> environment = Map.of(
                "CARTO_CONNECTIONS_KEYS",
                "k2:" + Base64.getEncoder().encodeToString(first) + ", k1:"
                        + Base64.getEncoder().encodeToString(randomKey()));

        KeyRing ring = KeyRing.fromEnvironment(environment);

        assertThat(ring.primaryKeyId()).isEqualTo("k2");
        assertThat(ring.keyIds()).containsExactly("k1", "k2");
        assertThat(ring.primaryKey().getEncoded()).isEqualTo(first);
    }

    @Test
    void fromEnvironmentRejectsAnEmptyVariableNamingIt() {
        assertThatThrownBy(() -> KeyRing.fromEnvironment(Map.of("CARTO_CONNECTIONS_KEYS", " ")))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        e -> assertThat(e.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION))
                .hasMessageContaining("CARTO_CONNECTIONS_KEYS");
    }

    @Test
    void fromEnvironmentRejectsAMissingVariableNamingIt() {
        assertThatThrownBy(() -> KeyRing.fromEnvironment(Map.of()))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("CARTO_CONNECTIONS_KEYS");
    }

    @Test
    void fromEnvironmentRejectsBadBase64NamingTheVariableWithoutEchoingTheValue() {
        String value = "k1:c2VjcmV0-not*base64";

        assertThatThrownBy(() -> KeyRing.fromEnvironment(Map.of("CARTO_CONNECTIONS_KEYS", value)))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("CARTO_CONNECTIONS_KEYS")
                .hasMessageContaining("entry 1")
                .hasNoCause()
                .message()
                .doesNotContain("c2VjcmV0")
                .doesNotContain("*");
    }

    @Test
    void fromEnvironmentRejectsAnEntryWithoutAnIdWithoutEchoingIt() {
        String key = Base64.getEncoder().encodeToString(randomKey());

        assertThatThrownBy(() -> KeyRing.fromEnvironment(Map.of("CARTO_CONNECTIONS_KEYS", key)))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("entry 1 of CARTO_CONNECTIONS_KEYS")
                .message()
                .doesNotContain(key);
    }

    @Test
    void fromEnvironmentRejectsAKeyThatIsNot32Bytes() {
        String value = "k1:" + Base64.getEncoder().encodeToString(randomKey()) + ",k0:"
                + Base64.getEncoder().encodeToString(new byte[31]);

        assertThatThrownBy(() -> KeyRing.fromEnvironment(Map.of("CARTO_CONNECTIONS_KEYS", value)))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("entry 2")
                .hasMessageContaining("31 bytes");
    }

    @Test
    void fromEnvironmentRejectsARepeatedKeyId() {
        String value = "k1:" + Base64.getEncoder().encodeToString(randomKey()) + ",k1:"
                + Base64.getEncoder().encodeToString(randomKey());

        assertThatThrownBy(() -> KeyRing.fromEnvironment(Map.of("CARTO_CONNECTIONS_KEYS", value)))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("entry 2")
                .hasMessageContaining("entry 1");
    }

    @Test
    void wrappedKeysRoundTripThroughTheKeyEncryptionService() {
        Path file = directory.resolve("wrapped-keys");
        AesKeyEncryptionService service = new AesKeyEncryptionService();
        KeyRing first = KeyRing.wrapped(service, file);
        String envelope = new SecretCipher(first).encrypt("c1", "password", Secret.of("hunter2"));
        int unwrapsBefore = service.unwraps();

        KeyRing second = KeyRing.wrapped(service, file);

        assertThat(second.primaryKeyId()).isEqualTo(first.primaryKeyId());
        assertThat(service.unwraps()).as("one unwrap per data key on open").isEqualTo(unwrapsBefore + 1);
        assertThat(new SecretCipher(second).decrypt("c1", "password", envelope)).isEqualTo(Secret.of("hunter2"));
    }

    @Test
    void wrappedKeyFileDoesNotHoldTheDataKey() throws Exception {
        Path file = directory.resolve("wrapped-keys");
        KeyRing ring = KeyRing.wrapped(new AesKeyEncryptionService(), file);
        byte[] dataKey = ring.primaryKey().getEncoded();

        byte[] stored = Files.readAllBytes(file);

        assertThat(indexOf(stored, dataKey)).isEqualTo(-1);
        assertThat(new String(stored, UTF_8))
                .contains("wrapped-key." + ring.primaryKeyId() + "=")
                .doesNotContain(Base64.getEncoder().withoutPadding().encodeToString(dataKey))
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(dataKey));
    }

    @Test
    void wrappedKeyFileIsCreatedReadableByItsOwnerOnly() throws Exception {
        Path file = directory.resolve("wrapped-keys");

        KeyRing.wrapped(new AesKeyEncryptionService(), file);

        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        assumeThat(view).as("POSIX permissions").isNotNull();
        assertThat(PosixFilePermissions.toString(view.readAttributes().permissions()))
                .isEqualTo("rw-------");
    }

    @Test
    void wrappedKeysOpenedWithAnotherKeyEncryptionKeyFailWithTheServicesError() {
        Path file = directory.resolve("wrapped-keys");
        KeyRing.wrapped(new AesKeyEncryptionService(), file);

        assertThatThrownBy(() -> KeyRing.wrapped(new AesKeyEncryptionService(), file))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        e -> assertThat(e.category()).isEqualTo(ErrorCategory.AUTHENTICATION));
    }

    @Test
    void wrappedRefusesAServiceThatReturnsTheDataKeyInClear() {
        Path file = directory.resolve("wrapped-keys");
        KeyEncryptionService clear = new KeyEncryptionService() {
            @Override
            public byte[] wrap(byte[] dataKey) {
                byte[] framed = Arrays.copyOf(new byte[] {1, 2, 3}, 3 + dataKey.length);
                System.arraycopy(dataKey, 0, framed, 3, dataKey.length);
                return framed;
            }

            @Override
            public byte[] unwrap(byte[] wrappedKey) {
                return Arrays.copyOfRange(wrappedKey, 3, wrappedKey.length);
            }
        };

        assertThatThrownBy(() -> KeyRing.wrapped(clear, file))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("in clear");
        assertThat(file).doesNotExist();
    }

    @Test
    void plainKeyFileIsRefusedWhereWrappedKeysAreExpected() {
        Path file = directory.resolve("keys");
        KeyRing.fromKeyFile(file);

        assertThatThrownBy(() -> KeyRing.wrapped(new AesKeyEncryptionService(), file))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("KeyRing.fromKeyFile");
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int start = 0; start + needle.length <= haystack.length; start++) {
            if (Arrays.equals(haystack, start, start + needle.length, needle, 0, needle.length)) {
                return start;
            }
        }
        return -1;
    }
}
