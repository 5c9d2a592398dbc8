package com.carto.connections.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.carto.connections.Providers;
import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.check.CheckStage;
import com.carto.connections.databricks.fake.StatementExecutionFake;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.testing.LogCapture;
import com.carto.connections.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * OAuth for a service principal with the real driver against the fake workspace's token endpoint: the SDK gets access
 * tokens with the client credentials grant, renews them on pooled connections when they expire (a clock the SDK and
 * the fake share is moved instead of waiting), and a refused secret is an authentication failure naming the setting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabricksOAuthMachineToMachineTest {
    private static final String CLIENT_ID = "5e1f4a2b-0c3d-4e5f-8a9b-0123456789ab";
    private static final String SECRET = "dose-" + UUID.randomUUID();

    private final StatementExecutionFake fake = StatementExecutionFake.start(
            DatabricksProviderTest.TOKEN, DatabricksProviderTest.WAREHOUSE, Set.of("main"));
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T12:00:00Z"));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "test-scheduler");
        thread.setDaemon(true);
        return thread;
    });
    private final List<WarehouseClient> opened = new ArrayList<>();

    DatabricksOAuthMachineToMachineTest() {
        fake.oauth().servicePrincipal(CLIENT_ID, SECRET).clock(clock);
    }

    static Map<String, Object> properties(String secret) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("host", DatabricksProviderTest.WORKSPACE);
        properties.put("httpPath", "/sql/1.0/warehouses/" + DatabricksProviderTest.WAREHOUSE);
        properties.put("catalog", "main");
        properties.put("clientId", CLIENT_ID);
        properties.put("clientSecret", secret);
        return properties;
    }

    private WarehouseClient open(String secret) {
        DatabricksProvider provider = DatabricksProviderTest.provider(fake);
        ConnectionSettings settings = Providers.of(provider)
                .settings("m2m-connection", "databricks", "oauth_m2m", properties(secret), Map.of());
        WarehouseClient client = provider.open(settings, new ProviderContext(scheduler, clock));
        opened.add(client);
        return client;
    }

    @AfterEach
    void closeClients() {
        opened.forEach(WarehouseClient::close);
        opened.clear();
    }

    @AfterAll
    void stop() {
        fake.close();
        scheduler.shutdownNow();
    }

    @Test
    void queriesAsTheServicePrincipalWithATokenFromTheClientCredentialsGrant() {
        int grants = fake.oauth().clientCredentialGrants();
        WarehouseClient client = open(SECRET);
        assertThat(answer(client)).isEqualTo(42);
        assertThat(fake.oauth().clientCredentialGrants()).isEqualTo(grants + 1);
        assertThat(fake.statementPrincipals()).last().isEqualTo(CLIENT_ID);
        assertThat(fake.requests()).contains("POST /oidc/v1/token");
    }

    @Test
    void reusesTheAccessTokenWhileItIsValid() {
        WarehouseClient client = open(SECRET);
        answer(client);
        int grants = fake.oauth().clientCredentialGrants();
        clock.advance(Duration.ofMinutes(30));
        assertThat(answer(client)).isEqualTo(42);
        assertThat(fake.oauth().clientCredentialGrants()).isEqualTo(grants);
    }

    @Test
    void renewsTheTokenOfAPooledConnectionAfterItExpires() {
        WarehouseClient client = open(SECRET);
        answer(client);
        long sessions = sessionsOpened();
        int grants = fake.oauth().clientCredentialGrants();
        // The fake now refuses the first token; the pooled connection still holds it.
        clock.advance(Duration.ofMinutes(61));

        assertThat(answer(client)).isEqualTo(42);
        assertThat(fake.oauth().clientCredentialGrants()).isEqualTo(grants + 1);
        assertThat(sessionsOpened()).as("the same pooled connection ran it").isEqualTo(sessions);
        assertThat(fake.statementPrincipals()).last().isEqualTo(CLIENT_ID);
    }

    @Test
    void reportsAWrongSecretAsAuthenticationNamingTheSetting() {
        String wrong = "canary-" + UUID.randomUUID();
        List<String> printed = new ArrayList<>();
        Throwable failure;
        try (LogCapture logs = LogCapture.start()) {
            WarehouseClient client = open(wrong);
            failure = catchThrowable(() -> answer(client));
            printed.add(client.toString());
            // Closed before the log is read: the pool's threads log while it runs.
            client.close();
            opened.remove(client);
            printed.addAll(logs.lines());
        }
        assertThat(failure).isInstanceOf(ConnectionException.class);
        assertThat(((ConnectionException) failure).category()).isEqualTo(ErrorCategory.AUTHENTICATION);
        assertThat(failure.getMessage()).contains("clientSecret").contains("invalid_client");
        printed.add(failure.toString());
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            printed.add(cause.toString());
        }
        assertThat(printed).allSatisfy(text -> assertThat(text).doesNotContain(wrong));
    }

    @Test
    void failsTheCheckAtAuthenticationSuspectingTheSecret() {
        String wrong = "canary-" + UUID.randomUUID();
        CheckReport report = open(wrong).check(CheckOptions.defaults());
        assertThat(report.failure()).isPresent();
        assertThat(report.failure().orElseThrow().stage()).as(report.summary()).isEqualTo(CheckStage.AUTHENTICATE);
        assertThat(report.failure().orElseThrow().category()).contains(ErrorCategory.AUTHENTICATION);
        assertThat(report.failure().orElseThrow().suspectProperties()).contains("clientSecret");
        assertThat(report.failure().orElseThrow().hint())
                .hasValueSatisfying(hint -> assertThat(hint)
                        .contains("check clientId and clientSecret")
                        .doesNotContain("user name"));
        assertThat(report.toString()).doesNotContain(wrong);
    }

    private long sessionsOpened() {
        return fake.requests().stream()
                .filter(request -> request.startsWith("POST /api/2.0/sql/sessions"))
                .count();
    }

    private static int answer(WarehouseClient client) {
        try (QueryResult result = client.query(Query.sql("select 42 as answer"))) {
            assertThat(result.next()).isTrue();
            return ((Number) result.value("answer")).intValue();
        }
    }
}
