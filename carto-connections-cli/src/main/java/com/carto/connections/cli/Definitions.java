package com.carto.connections.cli;

import com.carto.connections.Connection;
import com.carto.connections.access.Sharing;
import com.carto.connections.error.InvalidConfigurationException.Problem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The export file: connection definitions without a single secret value. Each secret is a placeholder the operator
 * replaces, or a reference ({@code env:VARIABLE}, {@code file:PATH}) that import resolves.
 *
 * <pre>
 * {"format":"carto-connections/definitions","version":1,"connections":[
 *   {"name":"gis-prod","provider":"postgres","authMethod":"password",
 *    "properties":{"host":"db.example.com","database":"gis","username":"carto"},
 *    "advanced":{"queryTimeout":"30s"},"sharing":{"mode":"GROUPS","groups":["analysts"]},
 *    "secrets":{"password":"env:CARTO_SECRET_GIS_PROD_PASSWORD"}}]}
 * </pre>
 */
final class Definitions {
    static final String FORMAT = "carto-connections/definitions";
    static final int VERSION = 1;
    static final String PLACEHOLDER = "<secret: replace with env:VARIABLE or file:PATH>";
    static final String ENV_PREFIX = "env:";
    static final String FILE_PREFIX = "file:";

    private Definitions() {}

    /** How export writes secrets. */
    enum SecretForm {
        PLACEHOLDER,
        ENV
    }

    /** One definition read from a file, secrets still as references. */
    record Definition(
            String name,
            String provider,
            String authMethod,
            Map<String, Object> properties,
            Map<String, Object> advanced,
            Sharing sharing,
            Map<String, String> secretReferences) {}

    static ObjectNode export(List<Connection> connections, SecretForm form) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        var items = root.putArray("connections");
        for (Connection connection : connections) {
            ObjectNode item = items.addObject();
            item.put("name", connection.name());
            item.put("provider", connection.providerId());
            item.put("authMethod", connection.authMethod());
            item.set("properties", ConnectionViews.values(connection.properties()));
            item.set("advanced", ConnectionViews.values(connection.advanced()));
            item.set("sharing", ConnectionViews.sharingJson(connection.sharing()));
            ObjectNode secrets = item.putObject("secrets");
            for (String secret : new TreeSet<>(connection.secretKeys())) {
                secrets.put(
                        secret,
                        form == SecretForm.ENV ? ENV_PREFIX + variableName(connection.name(), secret) : PLACEHOLDER);
            }
        }
        return root;
    }

    /** {@code CARTO_SECRET_<NAME>_<SECRET>}, upper case, anything but letters and digits as {@code _}. */
    static String variableName(String connection, String secret) {
        return ("CARTO_SECRET_" + connection + "_" + secret)
                .toUpperCase(Locale.ROOT)
                .replaceAll("[^A-Z0-9]", "_");
    }

    /** Reads every definition, or adds a problem naming each field that is wrong; never echoes a secret's value. */
    static List<Definition> read(JsonNode root, List<Problem> problems) {
        if (!root.isObject()) {
            problems.add(new Problem("(file)", "must be a JSON object as export writes it"));
            return List.of();
        }
        if (!FORMAT.equals(root.path("format").asText(null))) {
            problems.add(new Problem("format", "must be \"" + FORMAT + "\""));
        }
        if (!root.path("version").isInt() || root.path("version").asInt() != VERSION) {
            problems.add(new Problem("version", "must be " + VERSION));
        }
        JsonNode items = root.path("connections");
        if (!items.isArray()) {
            problems.add(new Problem("connections", "must be an array"));
            return List.of();
        }
        List<Definition> definitions = new ArrayList<>();
        for (int index = 0; index < items.size(); index++) {
            String at = "connections[" + index + "]";
            JsonNode item = items.get(index);
            if (!item.isObject()) {
                problems.add(new Problem(at, "must be an object"));
                continue;
            }
            String name = text(item, at, "name", problems);
            String provider = text(item, at, "provider", problems);
            String authMethod = text(item, at, "authMethod", problems);
            Map<String, Object> properties = scalars(item.path("properties"), at + ".properties", problems);
            Map<String, Object> advanced = scalars(item.path("advanced"), at + ".advanced", problems);
            Sharing sharing = sharing(item.path("sharing"), at + ".sharing", problems);
            Map<String, String> secrets = new LinkedHashMap<>();
            JsonNode secretNodes = item.path("secrets");
            if (!secretNodes.isMissingNode() && !secretNodes.isObject()) {
                problems.add(new Problem(at + ".secrets", "must be an object of references"));
            }
            for (Map.Entry<String, JsonNode> secret : secretNodes.properties()) {
                String field = at + ".secrets." + secret.getKey();
                String value = secret.getValue().isTextual() ? secret.getValue().asText() : "";
                if (value.startsWith(ENV_PREFIX) || value.startsWith(FILE_PREFIX)) {
                    secrets.put(secret.getKey(), value);
                } else {
                    // The value is never shown: it may be a secret pasted in by hand.
                    problems.add(new Problem(
                            field,
                            value.equals(PLACEHOLDER)
                                    ? "is still the export's placeholder; replace it with env:VARIABLE or file:PATH"
                                    : "must be a reference, env:VARIABLE or file:PATH; a secret's value is never"
                                            + " read from the file (the value is not shown)"));
                }
            }
            definitions.add(new Definition(name, provider, authMethod, properties, advanced, sharing, secrets));
        }
        return definitions;
    }

    private static String text(JsonNode item, String at, String field, List<Problem> problems) {
        JsonNode node = item.path(field);
        if (!node.isTextual() || node.asText().isBlank()) {
            problems.add(new Problem(at + "." + field, "is required, a non-blank text"));
            return "";
        }
        return node.asText();
    }

    private static Map<String, Object> scalars(JsonNode node, String at, List<Problem> problems) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (node.isMissingNode()) {
            return values;
        }
        if (!node.isObject()) {
            problems.add(new Problem(at, "must be an object"));
            return values;
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            JsonNode value = entry.getValue();
            if (value.isTextual()) {
                values.put(entry.getKey(), value.asText());
            } else if (value.isInt()) {
                values.put(entry.getKey(), value.intValue());
            } else if (value.isIntegralNumber() && value.canConvertToLong()) {
                values.put(entry.getKey(), value.longValue());
            } else if (value.isNumber()) {
                values.put(entry.getKey(), value.decimalValue());
            } else if (value.isBoolean()) {
                values.put(entry.getKey(), value.booleanValue());
            } else {
                problems.add(new Problem(at + "." + entry.getKey(), "must be a text, a number or a boolean"));
            }
        }
        return values;
    }

    private static Sharing sharing(JsonNode node, String at, List<Problem> problems) {
        if (node.isMissingNode()) {
            return Sharing.PRIVATE;
        }
        String mode = node.path("mode").asText("");
        Set<String> groups = new LinkedHashSet<>();
        node.path("groups").forEach(group -> groups.add(group.asText()));
        try {
            return switch (Sharing.Mode.valueOf(mode.toUpperCase(Locale.ROOT))) {
                case PRIVATE -> Sharing.PRIVATE;
                case ORGANIZATION -> Sharing.organization();
                case VIEWER_CREDENTIALS -> Sharing.viewerCredentials();
                case GROUPS -> Sharing.groups(groups);
            };
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(at + ".mode", "must be PRIVATE, ORGANIZATION, GROUPS or VIEWER_CREDENTIALS"));
            return Sharing.PRIVATE;
        } catch (com.carto.connections.error.InvalidConfigurationException e) {
            e.problems().forEach(problem -> problems.add(new Problem(at + ".groups", problem.message())));
            return Sharing.PRIVATE;
        }
    }
}
