package com.carto.connections.snowflake;

import java.util.HashMap;
import java.util.Map;

/** A provider pointed at a fake by host configuration, and the settings that log in to it. */
final class TestProviders {
    private TestProviders() {}

    static SnowflakeProvider against(FakeSnowflake fake) {
        return new SnowflakeProvider(SnowflakeHost.fixed("127.0.0.1", fake.port(), false));
    }

    static Map<String, Object> passwordProperties(FakeSnowflake fake) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("account", FakeSnowflake.ACCOUNT.toLowerCase(java.util.Locale.ROOT));
        properties.put("database", fake.database());
        properties.put("warehouse", FakeSnowflake.WAREHOUSE);
        properties.put("username", "tester");
        properties.put("password", "secret");
        return properties;
    }
}
