package com.carto.connections.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecodedConnectionsTest {
    private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.123456Z");

    private static DecodedConnections.StoredRow row(String id, long version, String ciphertext) {
        return new DecodedConnections.StoredRow(
                id,
                "org",
                "alice",
                "name-" + id,
                "postgres",
                "password",
                "{\"host\":\"db.example.com\",\"port\":5432}",
                "{}",
                Map.of("password", new EncryptedSecret("k1", ciphertext)),
                CREATED,
                CREATED,
                version,
                "PRIVATE",
                null);
    }

    @Test
    void keepsNoMoreConnectionsThanItsCapacity() {
        DecodedConnections decoded = new DecodedConnections(3);

        for (int index = 0; index < 10; index++) {
            decoded.connection(row("id-" + index, 1, "secret-ciphertext"));
            assertThat(decoded.size()).isLessThanOrEqualTo(3);
        }
        assertThat(decoded.decodes()).isEqualTo(10);
    }

    @Test
    void reusesAConnectionOnlyForARowEqualInEveryColumn() {
        DecodedConnections decoded = new DecodedConnections(10);
        StoredConnection first = decoded.connection(row("id", 1, "secret-ciphertext"));

        assertThat(decoded.connection(row("id", 1, "secret-ciphertext"))).isSameAs(first);
        StoredConnection reEncrypted = decoded.connection(row("id", 1, "other-ciphertext"));
        StoredConnection nextVersion = decoded.connection(row("id", 2, "other-ciphertext"));

        assertThat(reEncrypted.encryptedSecrets().get("password").ciphertext()).isEqualTo("other-ciphertext");
        assertThat(nextVersion.version()).isEqualTo(2);
        assertThat(decoded.decodes()).isEqualTo(3);
        assertThat(first.properties()).isEqualTo(Map.of("host", "db.example.com", "port", 5432));
    }

    @Test
    void namesNoCiphertextWhenPrinted() {
        DecodedConnections decoded = new DecodedConnections(10);
        DecodedConnections.StoredRow row = row("id", 1, "secret-ciphertext");
        decoded.connection(row);

        assertThat(row.toString()).doesNotContain("secret-ciphertext").contains("password");
        assertThat(decoded.toString()).doesNotContain("secret-ciphertext");
    }
}
