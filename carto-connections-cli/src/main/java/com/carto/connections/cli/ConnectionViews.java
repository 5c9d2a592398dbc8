package com.carto.connections.cli;

import com.carto.connections.Connection;
import com.carto.connections.access.Sharing;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/** How list and show print a connection, as text or JSON. A secret is only ever its name and the mask. */
final class ConnectionViews {
    static final String MASK = "********";

    private ConnectionViews() {}

    static String sharing(Sharing sharing) {
        return sharing.mode() == Sharing.Mode.GROUPS
                ? "GROUPS " + String.join(",", new java.util.TreeSet<>(sharing.groups()))
                : sharing.mode().name();
    }

    static void printText(Connection connection, PrintWriter out) {
        out.printf("%-12s %s%n", "id", connection.id());
        out.printf("%-12s %s%n", "name", connection.name());
        out.printf("%-12s %s (%s)%n", "provider", connection.providerId(), connection.authMethod());
        out.printf("%-12s %s%n", "owner", connection.ownerId());
        out.printf("%-12s %s%n", "organization", connection.organizationId());
        out.printf("%-12s %s%n", "sharing", sharing(connection.sharing()));
        out.printf("%-12s %s%n", "access", connection.access());
        out.printf("%-12s %d%n", "version", connection.version());
        out.printf("%-12s %s%n", "created", connection.createdAt());
        out.printf("%-12s %s%n", "updated", connection.updatedAt());
        out.println("properties");
        new TreeMap<>(connection.properties()).forEach((name, value) -> out.printf("  %-22s %s%n", name, value));
        out.println("secrets");
        new java.util.TreeSet<>(connection.secretKeys()).forEach(name -> out.printf("  %-22s %s%n", name, MASK));
        out.println("advanced");
        new TreeMap<>(connection.advanced()).forEach((name, value) -> out.printf("  %-22s %s%n", name, value));
    }

    static ObjectNode json(Connection connection) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", connection.id());
        node.put("name", connection.name());
        node.put("provider", connection.providerId());
        node.put("authMethod", connection.authMethod());
        node.put("owner", connection.ownerId());
        node.put("organization", connection.organizationId());
        node.set("sharing", sharingJson(connection.sharing()));
        node.put("access", connection.access().name());
        node.put("version", connection.version());
        node.put("createdAt", connection.createdAt().toString());
        node.put("updatedAt", connection.updatedAt().toString());
        node.set("properties", values(connection.properties()));
        ObjectNode secrets = node.putObject("secrets");
        new java.util.TreeSet<>(connection.secretKeys()).forEach(name -> secrets.put(name, MASK));
        node.set("advanced", values(connection.advanced()));
        return node;
    }

    static ObjectNode sharingJson(Sharing sharing) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("mode", sharing.mode().name());
        var groups = node.putArray("groups");
        new java.util.TreeSet<>(sharing.groups()).forEach(groups::add);
        return node;
    }

    /** Settings as JSON: numbers and booleans as themselves, anything else (a duration, say) as its text. */
    static ObjectNode values(Map<String, Object> values) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        new TreeMap<>(values).forEach((name, value) -> {
            if (value instanceof Integer number) {
                node.put(name, number);
            } else if (value instanceof Long number) {
                node.put(name, number);
            } else if (value instanceof BigDecimal number) {
                node.put(name, number);
            } else if (value instanceof Double number) {
                node.put(name, number);
            } else if (value instanceof Boolean flag) {
                node.put(name, flag);
            } else {
                node.put(name, String.valueOf(value));
            }
        });
        return node;
    }
}
