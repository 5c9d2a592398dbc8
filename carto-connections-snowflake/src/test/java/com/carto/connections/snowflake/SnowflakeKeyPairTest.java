package com.carto.connections.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.carto.connections.Providers;
import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.check.CheckStage;
import com.carto.connections.check.StageResult;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import java.security.KeyPair;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Key-pair logins through the real driver: the fake verifies each RS256 token against the registered public key. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnowflakeKeyPairTest {
    private static final KeyPair REGISTERED = TestKeys.encryptedPair();

    @RegisterExtension
    static final FakeSnowflake FAKE = new FakeSnowflake().keyUser("KEYUSER", REGISTERED.getPublic());

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ProviderContext context = new ProviderContext(scheduler, Clock.systemUTC());
    private final SnowflakeProvider provider = TestProviders.against(FAKE);

    @AfterAll
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    @Test
    void logsInWithAnUnencryptedPkcs8Key() {
        try (WarehouseClient client = open(properties(TestKeys.pem(REGISTERED), null));
                QueryResult result = client.query(Query.sql("select 1 as \"one\""))) {
            assertThat(result.next()).isTrue();
            assertThat(result.value("one")).isEqualTo(1L);
        }
    }

    @Test
    void logsInWithAnEncryptedPkcs8KeyAndItsPassphrase() {
        String pem = TestKeys.encryptedPem();
        try (WarehouseClient client = open(properties(pem, TestKeys.PASSPHRASE))) {
            CheckReport report = client.check(CheckOptions.defaults());
            assertThat(report.ok()).as(report.summary()).isTrue();
        }
    }

    @Test
    void failsAuthenticationWithAKeyTheUserDoesNotHave() {
        try (WarehouseClient client = open(properties(TestKeys.pem(TestKeys.rsa()), null))) {
            CheckReport report = client.check(CheckOptions.defaults());
            StageResult failure = report.failure().orElseThrow(() -> new AssertionError(report.summary()));
            assertThat(failure.stage()).isEqualTo(CheckStage.AUTHENTICATE);
            assertThat(failure.category()).contains(ErrorCategory.AUTHENTICATION);
            assertThat(failure.message().orElseThrow()).contains("JWT");
            assertThat(failure.suspectProperties()).contains("privateKey");
        }
    }

    @Test
    void refusesAWrongPassphraseNamingItWithoutQuotingTheKey() {
        String pem = TestKeys.encryptedPem();
        Throwable failure = catchThrowable(() -> open(properties(pem, "wrong horse")));
        assertThat(failure).isInstanceOf(InvalidConfigurationException.class);
        assertThat(((InvalidConfigurationException) failure).problems())
                .extracting(InvalidConfigurationException.Problem::property)
                .containsExactly("privateKeyPassphrase");
        assertThat(failure.toString()).doesNotContain("wrong horse").doesNotContain(pem.substring(40, 80));
    }

    @Test
    void asksForThePassphraseOfAnEncryptedKey() {
        String pem = TestKeys.encryptedPem();
        assertThatThrownBy(() -> open(properties(pem, null)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("privateKeyPassphrase");
    }

    @Test
    void refusesAPkcs1KeySayingHowToConvertIt() {
        String pkcs1 = "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n";
        assertThatThrownBy(() -> open(properties(pkcs1, null)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("privateKey")
                .hasMessageContaining("pkcs8 -topk8");
    }

    @Test
    void refusesAKeyCutShort() {
        String pem = TestKeys.pem(REGISTERED);
        String cut = pem.substring(0, pem.indexOf("-----END"));
        assertThatThrownBy(() -> open(properties(cut, null)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("privateKey")
                .hasMessageContaining("cut short");
    }

    private WarehouseClient open(Map<String, Object> properties) {
        ConnectionSettings settings =
                Providers.of(provider).settings("key-pair-test", "snowflake", "key_pair", properties, Map.of());
        return provider.open(settings, context);
    }

    private static Map<String, Object> properties(String pem, String passphrase) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("account", FakeSnowflake.ACCOUNT);
        properties.put("database", FAKE.database());
        properties.put("username", "keyuser");
        properties.put("privateKey", pem);
        if (passphrase != null) {
            properties.put("privateKeyPassphrase", passphrase);
        }
        return properties;
    }
}
