package com.carto.connections.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Opens {@link RecordingClient}s and remembers each, in order. */
final class Clients {
    private final List<RecordingClient> opened = new ArrayList<>();

    synchronized Supplier<RecordingClient> opener(String name) {
        return () -> {
            RecordingClient client = new RecordingClient(name);
            synchronized (this) {
                opened.add(client);
            }
            return client;
        };
    }

    synchronized List<RecordingClient> opened() {
        return List.copyOf(opened);
    }

    synchronized RecordingClient only(String name) {
        List<RecordingClient> named =
                opened.stream().filter(client -> client.name.equals(name)).toList();
        if (named.size() != 1) {
            throw new AssertionError("expected one client named " + name + " but " + named.size() + " were opened");
        }
        return named.get(0);
    }

    synchronized long openCount() {
        return opened.stream().filter(client -> !client.isClosed()).count();
    }
}
