package com.carto.connections;

import com.carto.connections.spi.AdvancedOptions;
import com.carto.connections.spi.AuthMethod;
import com.carto.connections.spi.ConnectionProvider;
import com.carto.connections.spi.Property;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;

/**
 * Renders a provider's creation form as a JSON Schema (draft 2020-12) in the shape of CARTO's connections API:
 * {@code name}, {@code provider_id}, {@code config} with one {@code oneOf} branch per auth method ({@code type}
 * plus its {@code credentials}), and {@code advanced}. Secrets are {@code writeOnly}; a UI renders them as password
 * fields and never expects them back.
 */
final class ConnectionFormSchema {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConnectionFormSchema() {}

    static String of(ConnectionProvider provider) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$id", "urn:carto:connections:" + provider.id());
        root.put("title", provider.displayName() + " connection");
        root.put("type", "object");
        root.set(
                "required",
                JSON.createArrayNode().add("name").add("provider_id").add("config"));
        ObjectNode properties = root.putObject("properties");
        ObjectNode name = properties.putObject("name");
        name.put("type", "string");
        name.put("pattern", ConnectionNames.PATTERN.pattern());
        name.put("minLength", ConnectionNames.MIN_LENGTH);
        name.put("maxLength", ConnectionNames.MAX_LENGTH);
        name.put(
                "description",
                "Unique in the organization: lowercase letters, digits, '-' and '_' (not first or last)");
        properties.putObject("provider_id").put("const", provider.id());
        ArrayNode branches = properties.putObject("config").putArray("oneOf");
        for (AuthMethod method : provider.authMethods()) {
            ObjectNode branch = branches.addObject();
            branch.put("title", method.displayName());
            branch.put("type", "object");
            branch.set("required", JSON.createArrayNode().add("type").add("credentials"));
            branch.put("additionalProperties", false);
            ObjectNode branchProperties = branch.putObject("properties");
            branchProperties.putObject("type").put("const", method.id());
            branchProperties.set("credentials", objectOf(method.properties()));
        }
        properties.set("advanced", objectOf(AdvancedOptions.PROPERTIES));
        root.put("additionalProperties", false);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a schema tree always serializes", e);
        }
    }

    private static ObjectNode objectOf(List<Property<?>> properties) {
        ObjectNode object = JSON.createObjectNode();
        object.put("type", "object");
        object.put("additionalProperties", false);
        ObjectNode fields = object.putObject("properties");
        ArrayNode required = object.putArray("required");
        for (Property<?> property : properties) {
            fields.set(property.name(), schemaOf(property));
            if (property.isRequired()) {
                required.add(property.name());
            }
        }
        return object;
    }

    private static ObjectNode schemaOf(Property<?> property) {
        ObjectNode field = JSON.createObjectNode();
        switch (property.type()) {
            case CHOICE, DURATION -> field.put("type", "string");
            case STRING -> {
                field.put("type", "string");
                field.put("maxLength", property.maxLength());
            }
            case TEXT -> {
                field.put("type", "string");
                field.put("contentMediaType", "text/plain");
                field.put("maxLength", property.maxLength());
            }
            case SECRET -> {
                field.put("type", "string");
                field.put("writeOnly", true);
                field.put("format", "password");
                field.put("maxLength", property.maxLength());
            }
            case INTEGER -> {
                field.put("type", "integer");
                if (property.minimum() != Integer.MIN_VALUE) {
                    field.put("minimum", property.minimum());
                }
                if (property.maximum() != Integer.MAX_VALUE) {
                    field.put("maximum", property.maximum());
                }
            }
            case BOOLEAN -> field.put("type", "boolean");
        }
        if (!property.choices().isEmpty()) {
            ArrayNode choices = field.putArray("enum");
            property.choices().forEach(choices::add);
        }
        property.defaultValue().ifPresent(value -> {
            if (value instanceof Integer number) {
                field.put("default", number);
            } else if (value instanceof Boolean bool) {
                field.put("default", bool);
            } else if (value instanceof Duration duration) {
                field.put("default", duration.toString());
            } else {
                field.put("default", value.toString());
            }
        });
        field.put("description", property.description());
        field.put("x-group", property.group().name().toLowerCase(java.util.Locale.ROOT));
        return field;
    }
}
