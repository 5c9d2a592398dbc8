package com.carto.connections.testing;

import com.carto.connections.spi.AuthMethod;
import com.carto.connections.spi.ConnectionProvider;
import com.carto.connections.spi.Property;
import java.util.stream.Collectors;

/**
 * Renders a provider's properties as the Markdown tables its README carries, so a test can fail when the README
 * and the descriptors drift apart.
 */
public final class PropertyTables {
    private PropertyTables() {}

    public static String markdown(ConnectionProvider provider) {
        return provider.authMethods().stream().map(PropertyTables::markdown).collect(Collectors.joining("\n"));
    }

    private static String markdown(AuthMethod method) {
        StringBuilder table = new StringBuilder()
                .append("#### Auth method `")
                .append(method.id())
                .append("` (")
                .append(method.displayName())
                .append(")\n\n")
                .append("| property | type | required | default | description |\n")
                .append("|---|---|---|---|---|\n");
        for (Property<?> property : method.properties()) {
            table.append("| `")
                    .append(property.name())
                    .append("` | ")
                    .append(property.type().name().toLowerCase(java.util.Locale.ROOT))
                    .append(property.choices().isEmpty() ? "" : ": " + String.join(", ", property.choices()))
                    .append(" | ")
                    .append(property.isRequired() ? "yes" : "no")
                    .append(" | ")
                    .append(property.defaultValue().map(Object::toString).orElse(""))
                    .append(" | ")
                    .append(property.description().replace("|", "\\|"))
                    .append(" |\n");
        }
        return table.toString();
    }
}
