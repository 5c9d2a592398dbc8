package com.carto.connections.snowflake;

import com.carto.connections.testing.ConnectionProviderContract;
import com.carto.connections.testing.ProviderUnderTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The provider contract once more with the {@code oauth} method: the refresh token is the secret the suite replaces
 * with a canary, so a refused refresh must fail the AUTHENTICATE stage naming it, and no token may reach a log.
 */
final class SnowflakeOAuthContractTest extends ConnectionProviderContract {
    @RegisterExtension
    static final FakeSnowflake FAKE = new FakeSnowflake().oauthClient("contract-client", "contract-secret");

    private static final String REFRESH_TOKEN = FAKE.issueRefreshToken("tester", "contract-client");

    @Override
    protected ProviderUnderTest providerUnderTest() {
        return ProviderUnderTest.of(TestProviders.against(FAKE), "oauth")
                .properties(SnowflakeOAuthContractTest::properties)
                .parameterTypesPending(SnowflakeQueries.PARAMETER_TYPES_PENDING)
                .secretProperty("refreshToken")
                .database("database", "NO_SUCH_DATABASE")
                .queries(SnowflakeQueries.CONTRACT)
                .writableSchema("PUBLIC");
    }

    private static Map<String, Object> properties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("account", FakeSnowflake.ACCOUNT);
        properties.put("database", FAKE.database());
        properties.put("warehouse", FakeSnowflake.WAREHOUSE);
        properties.put("clientId", "contract-client");
        properties.put("clientSecret", "contract-secret");
        properties.put("refreshToken", REFRESH_TOKEN);
        return properties;
    }
}
