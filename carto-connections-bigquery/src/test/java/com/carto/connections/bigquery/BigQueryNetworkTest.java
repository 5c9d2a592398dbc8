package com.carto.connections.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.Providers;
import com.carto.connections.check.CheckOptions;
import com.carto.connections.query.PageRequest;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.security.KeyPair;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/**
 * With the provider as a host application builds it (the client library's own HTTP transport), every
 * connection the JVM opens for a check, a query and a catalog browse goes to loopback: no default credentials, no
 * metadata server, no Google host. The JDK asks the default {@link ProxySelector} for every URL it connects to, so a
 * recording one sees them all.
 */
class BigQueryNetworkTest {
    @Test
    void reachesNoAddressButLoopback() {
        List<URI> connected = new CopyOnWriteArrayList<>();
        ProxySelector previous = ProxySelector.getDefault();
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                connected.add(uri);
                return List.of(Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException failure) {
                // Recorded by select already.
            }
        });
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (FakeBigQuery fake = FakeBigQuery.start()) {
            KeyPair keys = TestCredentials.rsaKeyPair();
            fake.auth().registerServiceAccount(TestCredentials.EMAIL, keys.getPublic());
            Map<String, Object> properties = new HashMap<>();
            properties.put("billingProject", FakeBigQuery.PROJECT);
            properties.put(
                    "serviceAccountKey",
                    TestCredentials.serviceAccountKey(
                            keys, TestCredentials.EMAIL, fake.auth().tokenUri()));
            // The public constructor a host application calls, with the client library's own HTTP transport.
            Providers providers = Providers.of(new BigQueryProvider(TestConnections.endpointsOf(fake)));
            try (WarehouseClient client = providers
                    .get("bigquery")
                    .open(
                            providers.settings("network", "bigquery", "service_account", properties, Map.of()),
                            new ProviderContext(scheduler, Clock.systemUTC()))) {
                assertThat(client.check(CheckOptions.defaults().withWriteTest()).ok())
                        .isTrue();
                try (QueryResult result = client.query(Query.sql("select 1 as one"))) {
                    assertThat(result.next()).isTrue();
                }
                assertThat(client.catalog().databases(PageRequest.first(10)).items())
                        .isNotEmpty();
            }
        } finally {
            ProxySelector.setDefault(previous);
            scheduler.shutdownNow();
        }
        assertThat(connected)
                .isNotEmpty()
                .allSatisfy(uri -> assertThat(uri.getHost()).isEqualTo("127.0.0.1"));
    }
}
