package com.carto.connections.bigquery;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.http.HttpTransportFactory;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * HTTP transports that send what google-auth insists on addressing to Google (its security token service validates
 * that the token URL is Google's) to the fake instead, and refuse any other host but loopback. Every URL asked for
 * is recorded, so a test can show that nothing was meant for the network.
 */
final class LoopbackTransports implements HttpTransportFactory {
    private final String fakeRoot;
    private final Map<String, String> routes = new ConcurrentHashMap<>();
    private final List<URL> requested = new CopyOnWriteArrayList<>();

    LoopbackTransports(String fakeRoot) {
        this.fakeRoot = fakeRoot;
    }

    /** From now on sends requests for {@code host} to the loopback {@code root}, keeping their path and query. */
    LoopbackTransports route(String host, String root) {
        routes.put(host, root);
        return this;
    }

    List<URL> requested() {
        return List.copyOf(requested);
    }

    void clearRequested() {
        requested.clear();
    }

    @Override
    public HttpTransport create() {
        return new NetHttpTransport.Builder().setConnectionFactory(this::open).build();
    }

    private HttpURLConnection open(URL url) throws IOException {
        requested.add(url);
        URL target = url;
        String routed = routes.get(url.getHost());
        if (url.getHost().equals("sts.googleapis.com")) {
            target = new URL(fakeRoot + "/sts");
        } else if (routed != null) {
            target = new URL(routed + url.getFile());
        } else if (!url.getHost().equals("127.0.0.1")) {
            throw new IOException("a test asked to reach " + url.getHost() + "; only loopback is allowed");
        }
        return (HttpURLConnection) target.openConnection(Proxy.NO_PROXY);
    }
}
