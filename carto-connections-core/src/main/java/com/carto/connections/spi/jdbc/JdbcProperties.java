package com.carto.connections.spi.jdbc;

import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.PropertyGroup;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
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

    /**
     * A required {@code host}: a host name or an IP address, refused when entered if it is anything else (a value
     * with {@code /}, {@code ?}, {@code #} or {@code @} would reshape the driver's URL).
     */
    public static Property<String> host(String description) {
        return optionalHost(description).required();
    }

    /** An optional {@code host}, under the rule of {@link #host}. */
    public static Property<String> optionalHost(String description) {
        return Property.string("host").describedAs(description).validatedBy(HostNames::problem);
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

    /**
     * {@code caCertificate}: the PEM certificate of the CA that signed the server's, or a PEM bundle of several; text
     * that does not parse as X.509 certificates is refused when it is entered. Read it with {@link #pemCertificate}.
     */
    public static Property<String> caCertificate(String description) {
        return Property.text("caCertificate")
                .inGroup(PropertyGroup.SECURITY)
                .describedAs(description)
                .validatedBy(JdbcProperties::pemProblem);
    }

    /** The PEM certificate a property holds, stripped of surrounding white space, when it is set. */
    public static Optional<String> pemCertificate(ConnectionSettings settings, Property<String> property) {
        return settings.properties().find(property).map(String::strip);
    }

    /**
     * Parsed as the drivers will parse it, so a truncated or mangled paste fails in the form, naming the property,
     * instead of at the first TLS handshake as a driver's stack trace.
     */
    private static Optional<String> pemProblem(String text) {
        String pem = text.strip();
        if (!pem.startsWith(PEM_START)) {
            return Optional.of("must be a PEM certificate starting with " + PEM_START);
        }
        try {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            return certificates.isEmpty() ? Optional.of("must hold at least one PEM certificate") : Optional.empty();
        } catch (CertificateException unreadable) {
            return Optional.of("must be a PEM certificate, but its content is not a readable X.509 certificate");
        }
    }
}
