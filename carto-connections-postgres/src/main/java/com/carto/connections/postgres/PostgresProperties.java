package com.carto.connections.postgres;

import com.carto.connections.spi.AuthMethod;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.jdbc.JdbcProperties;
import java.util.List;

/** The property catalogue: one auth method, {@code password}, its settings in form order. */
final class PostgresProperties {
    static final Property<String> HOST = JdbcProperties.host("Host name or IP address of the PostgreSQL server");
    static final Property<Integer> PORT = JdbcProperties.port(5432, "TCP port of the server");
    static final Property<String> SSL_MODE = JdbcProperties.sslMode(
            "require",
            "TLS: disable; require (encrypt, trust any"
                    + " certificate); verify-ca (check the certificate against the CA); verify-full (also check the host name)");
    static final Property<String> CA_CERTIFICATE =
            JdbcProperties.caCertificate("PEM certificate of the CA that signed the"
                    + " server's certificate; without it, verify-ca and verify-full use the JVM's trusted CAs");

    static final AuthMethod PASSWORD_METHOD = new AuthMethod(
            "password",
            "User and password",
            List.of(
                    HOST,
                    PORT,
                    JdbcProperties.DATABASE,
                    JdbcProperties.USERNAME,
                    JdbcProperties.PASSWORD,
                    SSL_MODE,
                    CA_CERTIFICATE));

    private PostgresProperties() {}
}
