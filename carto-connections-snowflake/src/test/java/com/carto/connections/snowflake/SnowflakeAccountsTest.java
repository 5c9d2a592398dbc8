package com.carto.connections.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.spi.AuthMethod;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.WarehouseClient;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where credentials go: the account builds the host under the provider's domain; no property names a host. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnowflakeAccountsTest {
    private final TestClients clients = new TestClients();

    @AfterAll
    void closeClients() {
        clients.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"myorg-myaccount", "xy12345", "xy12345.us-east-2.aws", "my_org-my_account", "A1"})
    void acceptsSnowflakeAccountIdentifiers(String account) {
        assertThat(SnowflakeAccounts.problem(account)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "evil.example.com#",
                "a@attacker.example",
                "acct/../x",
                "acct:8443",
                "acct.snowflakecomputing.com.attacker.example",
                "acct..aws",
                "-acct",
                "acct-",
                "acct?x=1",
                "acct x",
                ""
            })
    void refusesAnythingThatCouldMoveTheHost(String account) {
        assertThat(SnowflakeAccounts.problem(account)).isPresent();
    }

    @Test
    void sendsEachAccountToItsOwnHostUnderSnowflakesDomainOverTls() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("account", "My_Org-Account");
        properties.put("database", "DB");
        properties.put("username", "u");
        properties.put("password", "p");
        try (WarehouseClient client = clients.open(new SnowflakeProvider(), "snowflake_account", properties)) {
            assertThat(client.toString()).contains("jdbc:snowflake://my-org-account.snowflakecomputing.com:443]");
        }
    }

    @Test
    void sendsAccountsUnderTheDomainTheHostApplicationChose() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("account", "myorg-myaccount");
        properties.put("database", "DB");
        properties.put("username", "u");
        properties.put("password", "p");
        try (WarehouseClient client = clients.open(
                SnowflakeProvider.atDomain("privatelink.snowflakecomputing.com"), "snowflake_account", properties)) {
            assertThat(client.toString())
                    .contains("jdbc:snowflake://myorg-myaccount.privatelink.snowflakecomputing.com:443]");
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"localhost", "evil.example#", "a@b.example", "b.example/x", "b.example:8443", ".example", ""})
    void refusesADomainThatIsNotOne(String domain) {
        assertThatThrownBy(() -> SnowflakeProvider.atDomain(domain))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("domain");
    }

    @Test
    void givesTheDriverTheAccountWithoutItsRegionAndCloud() {
        assertThat(SnowflakeAccounts.driverAccount("xy12345.us-east-2.aws")).isEqualTo("xy12345");
        assertThat(SnowflakeAccounts.driverAccount("myorg-myaccount")).isEqualTo("myorg-myaccount");
    }

    @Test
    void refusesAHostileAccountWhenTheSettingsAreParsed() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("account", "x.attacker.example#");
        properties.put("database", "DB");
        properties.put("username", "u");
        properties.put("password", "p");
        assertThatThrownBy(() -> clients.open(new SnowflakeProvider(), "snowflake_account", properties))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("account");
    }

    @Test
    void hasNoPropertyThatNamesAHostPortOrUrl() {
        for (AuthMethod method : new SnowflakeProvider().authMethods()) {
            assertThat(method.properties())
                    .extracting(Property::name)
                    .allSatisfy(name -> assertThat(name.toLowerCase(Locale.ROOT))
                            .doesNotContain("host")
                            .doesNotContain("port")
                            .doesNotContain("url")
                            .doesNotContain("endpoint")
                            .doesNotContain("proxy"));
        }
    }
}
