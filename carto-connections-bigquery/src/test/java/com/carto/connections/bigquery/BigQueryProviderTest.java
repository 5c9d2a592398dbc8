package com.carto.connections.bigquery;

import com.carto.connections.spi.ConnectionProvider;
import com.carto.connections.testing.ConnectionProviderContract;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * The provider contract against the fake BigQuery: the real client library over HTTP on 127.0.0.1, a service
 * account key whose JWT the fake's token endpoint verifies, and the contract's queries running on H2.
 */
final class BigQueryProviderTest extends ConnectionProviderContract {
    private static final FakeBigQuery FAKE = FakeBigQuery.start();
    private static final KeyPair KEYS = TestCredentials.rsaKeyPair();

    static {
        FAKE.auth().registerServiceAccount(TestCredentials.EMAIL, KEYS.getPublic());
    }

    @AfterAll
    void stopFake() {
        FAKE.close();
    }

    @Override
    protected ConnectionProvider provider() {
        return new BigQueryProvider();
    }

    @Override
    protected String authMethod() {
        return "service_account";
    }

    @Override
    protected String viewerCredentialsAuthMethod() {
        return "oauth";
    }

    @Override
    protected String hostProperty() {
        return "apiEndpoint";
    }

    @Override
    protected Map<String, Object> validProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("billingProject", FakeBigQuery.PROJECT);
        properties.put("serviceAccountKey", TestCredentials.serviceAccountKey(KEYS, TestCredentials.EMAIL, FAKE.auth().tokenUri()));
        properties.put("apiEndpoint", FAKE.endpoint());
        return properties;
    }

    @Override
    protected String secretProperty() {
        return "serviceAccountKey";
    }

    @Override
    protected Map<String, Object> unknownDatabaseProperties() {
        Map<String, Object> properties = validProperties();
        properties.put("billingProject", "no-such-project");
        return properties;
    }

    @Override
    protected Map<String, Object> unresolvableHostProperties() {
        // RFC 6761 reserves .invalid: it never resolves, and the lookup never leaves the machine's resolver.
        return withEndpoint("https://bigquery.carto-test.invalid");
    }

    @Override
    protected Map<String, Object> closedPortProperties() {
        return withEndpoint("http://127.0.0.1:" + closedLoopbackPort());
    }

    private Map<String, Object> withEndpoint(String endpoint) {
        Map<String, Object> properties = validProperties();
        properties.put("apiEndpoint", endpoint);
        return properties;
    }

    @Override
    protected String typesQuery() {
        return "select cast(42 as bigint) as i, cast(12.345 as numeric(10, 3)) as d, cast(1.5 as double precision) as f,"
                + " true as b, date '2024-02-29' as dt, timestamp '2024-02-29 12:34:56' as ts,"
                + " timestamp with time zone '2024-02-29 14:34:56+02' as tstz, 'héllo wörld' as s, cast(null as bigint) as n";
    }

    @Override
    protected String pointQuery() {
        return "select st_geogpoint(1.5, 2.5) as geom";
    }

    @Override
    protected String seriesQuery(long rows) {
        return "select \"X\" as n from system_range(1, " + rows + ")";
    }

    @Override
    protected String parameterQuery() {
        return "select cast(? as bigint) + 1 as answer";
    }

    @Override
    protected String sleepQuery(int seconds) {
        return "select fake_sleep(" + seconds + ") as slept";
    }

    @Override
    protected String writableSchema() {
        return "carto_temp";
    }
}
