package com.carto.connections.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.carto.connections.check.CheckOptions;
import com.carto.connections.query.PageRequest;
import com.carto.connections.query.Query;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.testing.LogCapture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Canaries in every secret of the OAuth and workload identity methods (the contract suite covers the service account
 * key): no exception, report, {@code toString} or log line, SLF4J or java.util.logging (where the Google libraries
 * log), ever holds one.
 */
class BigQuerySecretsTest {
    @RegisterExtension
    static final TestConnections CONNECTIONS = new TestConnections();

    private static final String CANARY = "canary-" + UUID.randomUUID();

    @Test
    void neverPrintsOauthSecrets() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("billingProject", FakeBigQuery.PROJECT);
        properties.put("clientId", "client-1");
        properties.put("clientSecret", CANARY + "-secret");
        properties.put("refreshToken", CANARY + "-refresh");
        properties.put("accessToken", CANARY + "-access");
        assertThat(printedWhileFailing("oauth", properties))
                .allSatisfy(text -> assertThat(text).doesNotContain(CANARY));
    }

    @Test
    void neverPrintsAnExternalAccountConfiguration() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("billingProject", FakeBigQuery.PROJECT);
        properties.put("credentialConfiguration", "{\"type\":\"external_account\",\"audience\":\"" + CANARY + "\"}");
        assertThat(printedWhileFailing("workload_identity_federation", properties))
                .allSatisfy(text -> assertThat(text).doesNotContain(CANARY));
    }

    @Test
    void neverPrintsAServiceAccountKeyThatIsNotJson() {
        Map<String, Object> properties = CONNECTIONS.serviceAccount();
        properties.put("serviceAccountKey", "{\"type\":\"service_account\",\"private_key\":\"" + CANARY + "\"");
        assertThat(printedWhileFailing("service_account", properties))
                .allSatisfy(text -> assertThat(text).doesNotContain(CANARY));
    }

    private static List<String> printedWhileFailing(String method, Map<String, Object> properties) {
        List<String> printed = new ArrayList<>();
        try (LogCapture logs = LogCapture.start();
                GoogleLogs googleLogs = GoogleLogs.start()) {
            WarehouseClient client = CONNECTIONS.open(method, properties);
            printed.add(client.toString());
            printed.add(CONNECTIONS.settings(method, properties, Map.of()).toString());
            printed.add(client.check(CheckOptions.defaults()).toString());
            printed.add(client.check(CheckOptions.defaults()).summary());
            collect(
                    printed,
                    catchThrowable(
                            () -> client.query(Query.sql("select 1 as one")).close()));
            collect(printed, catchThrowable(() -> client.execute(Query.sql("select 1 as one"))));
            collect(
                    printed,
                    catchThrowable(() -> client.catalog().schemas(FakeBigQuery.PROJECT, PageRequest.first(1))));
            printed.addAll(logs.lines());
            printed.addAll(googleLogs.lines());
        }
        return printed;
    }

    /** The failure printed as a log would print it: every cause's message and every frame. */
    private static void collect(List<String> printed, Throwable failure) {
        assertThat(failure).as("a failure was expected").isNotNull();
        java.io.StringWriter trace = new java.io.StringWriter();
        failure.printStackTrace(new java.io.PrintWriter(trace));
        printed.add(trace.toString());
    }
}
