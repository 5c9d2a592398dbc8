package com.carto.connections.postgres;

import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.PropertyGroup;
import java.util.List;

/** The settings of the {@code password} auth method, in form order. */
final class PostgresProperties {
    static final Property<String> HOST = Property.string("host")
            .required()
            .describedAs("Host name or IP address of the PostgreSQL server");
    static final Property<Integer> PORT = Property.integer("port")
            .range(1, 65_535)
            .defaultValue(5432)
            .describedAs("TCP port of the server");
    static final Property<String> DATABASE = Property.string("database")
            .required()
            .describedAs("Database to connect to");
    static final Property<String> USERNAME = Property.string("username")
            .required()
            .inGroup(PropertyGroup.AUTHENTICATION)
            .describedAs("Database user the connection logs in as");
    static final Property<Secret> PASSWORD = Property.secret("password")
            .required()
            .describedAs("Password of the database user");
    static final Property<String> SSL_MODE = Property.choice("sslMode", "disable", "require", "verify-ca", "verify-full")
            .defaultValue("require")
            .inGroup(PropertyGroup.SECURITY)
            .describedAs("TLS: disable; require (encrypt, trust any certificate); verify-ca (check the certificate"
                    + " against the CA); verify-full (also check the host name)");
    static final Property<String> CA_CERTIFICATE = Property.text("caCertificate")
            .inGroup(PropertyGroup.SECURITY)
            .describedAs("PEM certificate of the CA that signed the server's certificate; without it, verify-ca and"
                    + " verify-full use the JVM's trusted CAs");

    static final List<Property<?>> ALL = List.of(HOST, PORT, DATABASE, USERNAME, PASSWORD, SSL_MODE, CA_CERTIFICATE);

    private PostgresProperties() {}
}
