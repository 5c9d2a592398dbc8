package com.carto.connections.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.query.PageRequest;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.WarehouseClient;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every request the provider makes, for a credential or for the API, goes to one of the endpoints the host
 * configured in {@link BigQueryEndpoints}, whichever auth method the connection uses. The HTTP transport records every
 * URL asked for before it is routed, so what a request was addressed to is what is checked.
 */
class BigQueryCredentialRoutingTest {
    @RegisterExtension
    static final TestConnections FAKE = new TestConnections();

    private static final String CLIENT_ID = "carto-app.apps.googleusercontent.com";
    private static final String CLIENT_SECRET = "client-secret-" + UUID.randomUUID();
    private static final String REFRESH_TOKEN = "refresh-" + UUID.randomUUID();

    static {
        FAKE.fake.auth().registerRefreshToken(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN);
    }

    @Test
    void aServiceAccountGetsItsTokenFromTheHostsTokenEndpointAndCallsOnlyTheHostsApi() {
        assertThat(endpointsUsedBy("service_account", FAKE.serviceAccount())).containsExactly("api", "oauthToken");
    }

    @Test
    void aRefreshTokenIsExchangedAtTheHostsTokenEndpointOnly() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("billingProject", FakeBigQuery.PROJECT);
        properties.put("clientId", CLIENT_ID);
        properties.put("clientSecret", CLIENT_SECRET);
        properties.put("refreshToken", REFRESH_TOKEN);
        assertThat(endpointsUsedBy("oauth", properties)).containsExactly("api", "oauthToken");
    }

    @Test
    void workloadIdentityReadsTheListedSubjectTokenUrlAndExchangesAtTheHostsSecurityTokenService() {
        FAKE.fake.auth().subjectToken("subject-" + UUID.randomUUID());
        Map<String, Object> properties = new HashMap<>();
        properties.put("billingProject", FakeBigQuery.PROJECT);
        properties.put("credentialConfiguration", TestCredentials.externalAccount(FAKE.fake.auth()));
        assertThat(endpointsUsedBy("workload_identity_federation", properties))
                .containsExactly("api", "securityTokenService", "subjectTokenUrls");
    }

    /** Which of the host's endpoints the requests of a check, a query and a catalog page went to, by name. */
    private static Set<String> endpointsUsedBy(String authMethod, Map<String, Object> properties) {
        FAKE.transports.clearRequested();
        WarehouseClient client = FAKE.open(authMethod, properties);
        CheckReport report = client.check(CheckOptions.defaults());
        assertThat(report.ok()).as(report.summary()).isTrue();
        try (QueryResult result = client.query(Query.sql("select cast(1 as bigint) as one"))) {
            assertThat(result.next()).isTrue();
        }
        assertThat(client.catalog().databases(PageRequest.first(10)).items()).isNotEmpty();
        Set<String> used = new TreeSet<>();
        for (URL url : FAKE.transports.requested()) {
            used.add(endpointOf(url.toString()));
        }
        return used;
    }

    /** The name of the host's endpoint a URL is addressed to, or the URL itself when it is none of them. */
    private static String endpointOf(String url) {
        BigQueryEndpoints endpoints = FAKE.endpoints;
        // The exact endpoints first: the fake serves them under its API root.
        if (url.equals(endpoints.oauthToken().toString())) {
            return "oauthToken";
        }
        if (url.equals(endpoints.securityTokenService().toString())) {
            return "securityTokenService";
        }
        if (endpoints.subjectTokenUrls().stream()
                .anyMatch(allowed -> allowed.toString().equals(url))) {
            return "subjectTokenUrls";
        }
        if (url.startsWith(endpoints.api() + "/bigquery/v2/")) {
            return "api";
        }
        return url;
    }
}
