package com.carto.connections.snowflake;

import com.carto.connections.testing.ConnectionProviderContract;
import com.carto.connections.testing.ProviderUnderTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The provider contract with the real snowflake-jdbc driver against the in-repo FAKE service. */
final class SnowflakeProviderTest extends ConnectionProviderContract {
    @RegisterExtension
    static final FakeSnowflake FAKE = new FakeSnowflake().user("TESTER", "secret");

    @Override
    protected ProviderUnderTest providerUnderTest() {
        return ProviderUnderTest.of(TestProviders.against(FAKE), "snowflake_account")
                .properties(() -> TestProviders.passwordProperties(FAKE))
                .parameterTypesPending(SnowflakeQueries.PARAMETER_TYPES_PENDING)
                .secretProperty("password")
                .database("database", "NO_SUCH_DATABASE")
                .queries(SnowflakeQueries.CONTRACT)
                .writableSchema("PUBLIC")
                .viewerCredentialsAuthMethod("oauth");
    }
}
