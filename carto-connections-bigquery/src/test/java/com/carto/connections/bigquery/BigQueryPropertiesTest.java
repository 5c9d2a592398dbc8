package com.carto.connections.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.Providers;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.spi.ConnectionSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BigQueryPropertiesTest {
    private static final String KEY = "{\"type\":\"service_account\"}";

    @Test
    void pinsEveryDefault() {
        ConnectionSettings settings = settings(Map.of("billingProject", "bill", "serviceAccountKey", KEY), Map.of());
        assertThat(settings.get(BigQueryProperties.BILLING_PROJECT)).isEqualTo("bill");
        assertThat(settings.properties().find(BigQueryProperties.DATA_PROJECT)).isEmpty();
        assertThat(settings.properties().find(BigQueryProperties.LOCATION)).isEmpty();
        assertThat(settings.options().tempLocation()).isEqualTo("carto_temp");
        assertThat(settings.options().analyticsToolboxLocation()).isEqualTo("carto-un.carto");
        assertThat(settings.options().dataObservatoryLocation()).isEqualTo("carto-un.carto");
        assertThat(settings.options().queryTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.options().maxConcurrentQueries()).isEqualTo(10);
    }

    @Test
    void readsAnExplicitValueForEveryProperty() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("billingProject", "bill");
        properties.put("serviceAccountKey", KEY);
        properties.put("dataProject", "data");
        properties.put("location", "EU");
        ConnectionSettings settings = settings(
                properties,
                Map.of(
                        "tempLocation",
                        "scratch",
                        "analyticsToolboxLocation",
                        "carto-un-eu.carto",
                        "queryTimeout",
                        "30s",
                        "maxConcurrentQueries",
                        3));
        assertThat(settings.get(BigQueryProperties.DATA_PROJECT)).isEqualTo("data");
        assertThat(settings.get(BigQueryProperties.LOCATION)).isEqualTo("EU");
        assertThat(settings.get(BigQueryProperties.SERVICE_ACCOUNT_KEY).reveal())
                .isEqualTo(KEY);
        assertThat(settings.options().tempLocation()).isEqualTo("scratch");
        assertThat(settings.options().analyticsToolboxLocation()).isEqualTo("carto-un-eu.carto");
        assertThat(settings.options().queryTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.options().maxConcurrentQueries()).isEqualTo(3);
    }

    @Test
    void requiresTheBillingProjectForEveryAuthMethod() {
        assertThat(new BigQueryProvider().authMethods())
                .allSatisfy(method -> assertThat(method.property("billingProject"))
                        .hasValueSatisfying(
                                property -> assertThat(property.isRequired()).isTrue()));
    }

    @Test
    void refusesEndpointPropertiesAsUnknownForEveryAuthMethodNamingEachOne() {
        for (String method : new String[] {"service_account", "oauth", "workload_identity_federation"}) {
            Map<String, Object> properties = new HashMap<>();
            properties.put("billingProject", "bill");
            properties.put("apiEndpoint", "https://bigquery.example.com");
            properties.put("oauthEndpoint", "https://oauth.example.com/token");
            assertThatThrownBy(() -> Providers.of(new BigQueryProvider())
                            .settings("properties", "bigquery", method, properties, Map.of()))
                    .as(method)
                    .isInstanceOfSatisfying(
                            InvalidConfigurationException.class,
                            failure -> assertThat(failure.problems())
                                    .extracting(InvalidConfigurationException.Problem::property)
                                    .contains("apiEndpoint", "oauthEndpoint"));
        }
    }

    private static ConnectionSettings settings(Map<String, Object> properties, Map<String, Object> advanced) {
        return Providers.of(new BigQueryProvider())
                .settings("properties", "bigquery", "service_account", properties, advanced);
    }
}
