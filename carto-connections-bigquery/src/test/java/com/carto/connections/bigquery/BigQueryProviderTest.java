package com.carto.connections.bigquery;

import com.carto.connections.testing.ConnectionProviderContract;
import com.carto.connections.testing.ProviderUnderTest;
import com.carto.connections.testing.ProviderUnderTest.ContractQueries;
import com.carto.connections.testing.ProviderUnderTest.Endpoint;
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
    protected ProviderUnderTest providerUnderTest() {
        return ProviderUnderTest.of(new BigQueryProvider(TestConnections.endpointsOf(FAKE)), "service_account")
                .properties(BigQueryProviderTest::loginProperties)
                .secretProperty("serviceAccountKey")
                .database("billingProject", "no-such-project")
                // The API endpoint is the host application's, not a property: BigQueryCheckTest breaks it instead.
                .endpoint(Endpoint.none())
                .viewerCredentialsAuthMethod("oauth")
                .queries(new ContractQueries(
                        "select cast(42 as bigint) as i, cast(12.345 as numeric(10, 3)) as d,"
                                + " cast(1.5 as double precision) as f, true as b, date '2024-02-29' as dt,"
                                + " timestamp '2024-02-29 12:34:56' as ts,"
                                + " timestamp with time zone '2024-02-29 14:34:56+02' as tstz, 'héllo wörld' as s,"
                                + " cast(null as bigint) as n",
                        "select st_geogpoint(1.5, 2.5) as geom",
                        rows -> "select `X` as n from system_range(1, " + rows + ")",
                        "select cast(? as bigint) + 1 as answer",
                        seconds -> "select fake_sleep(" + seconds + ") as slept",
                        "select cast(:value as bigint) + cast(@value as bigint) - 40 as answer,"
                                + " 'it\\'s :x @x' as s, \"say \\\":x\\\" @x\" as t, \"\"\"a \" :x\"\"\" as u,"
                                + " 1 as `q :x @x` # :x @x\n-- :x @x\n/* :x /* @x */"))
                .writableSchema("carto_temp")
                // A GEOGRAPHY is 2D: BigQueryParameters refuses Z and M rather than drop them.
                .refusedParameters("Geometry 3D point");
    }

    private static Map<String, Object> loginProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("billingProject", FakeBigQuery.PROJECT);
        properties.put(
                "serviceAccountKey",
                TestCredentials.serviceAccountKey(
                        KEYS, TestCredentials.EMAIL, FAKE.auth().tokenUri()));
        return properties;
    }
}
