package com.carto.connections.spi.jdbc;

import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.PropertyGroup;
import java.util.Optional;

/**
 * The property descriptors JDBC providers share (a server's host and port, a database, a user and password, a TLS mode
 * and CA certificate), so that a provider's catalogue names only what is its own, and the same check of a PEM
 * certificate for all of them.
 */
public final class JdbcProperties {
    /** The database to connect to; required. */
    public static final Property<String> DATABASE =
            Property.string("database").required().describedAs("Database to connect to");
    /** The database user; required. */
    public static final Property<String> USERNAME = Property.string("username")
            .required()
            .inGroup(PropertyGroup.AUTHENTICATION)
            .describedAs("Database user the connection logs in as");
    /** The database user's password; required. */
    public static final Property<Secret> PASSWORD =
            Property.secret("password").required().describedAs("Password of the database user");

    private static final String PEM_START = "-----BEGIN CERTIFICATE-----";

    private JdbcProperties() {}

    /** A required {@code host}: a host name or an IP address. */
    public static Property<String> host(String description) {
        return Property.string("host").required().describedAs(description);
    }

    /** {@code port}, 1–65535, defaulting to the warehouse's usual port. */
    public static Property<Integer> port(int defaultPort, String description) {
        return Property.integer("port")
                .range(1, 65_535)
                .defaultValue(defaultPort)
                .describedAs(description);
    }

    /** {@code sslMode}: {@code disable}, {@code require}, {@code verify-ca} or {@code verify-full}. */
    public static Property<String> sslMode(String defaultMode, String description) {
        return Property.choice("sslMode", "disable", "require", "verify-ca", "verify-full")
                .defaultValue(defaultMode)
                .inGroup(PropertyGroup.SECURITY)
                .describedAs(description);
    }

    /** {@code caCertificate}: the PEM certificate of the CA that signed the server's; read it with {@link #pemCertificate}. */
    public static Property<String> caCertificate(String description) {
        return Property.text("caCertificate").inGroup(PropertyGroup.SECURITY).describedAs(description);
    }

    /**
     * The PEM certificate a property holds, stripped of surrounding white space, when it is set; fails with
     * {@link InvalidConfigurationException} naming the property when the text is not a PEM certificate.
     */
    public static Optional<String> pemCertificate(ConnectionSettings settings, Property<String> property) {
        Optional<String> pem = settings.properties().find(property).map(String::strip);
        if (pem.isPresent() && !pem.get().startsWith(PEM_START)) {
            throw InvalidConfigurationException.of(
                    property.name(), "must be a PEM certificate starting with " + PEM_START);
        }
        return pem;
    }
}
