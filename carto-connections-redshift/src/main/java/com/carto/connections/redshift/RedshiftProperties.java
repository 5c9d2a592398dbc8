package com.carto.connections.redshift;

import static com.carto.connections.spi.jdbc.JdbcProperties.DATABASE;
import static com.carto.connections.spi.jdbc.JdbcProperties.PASSWORD;
import static com.carto.connections.spi.jdbc.JdbcProperties.USERNAME;

import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.AuthMethod;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.PropertyGroup;
import com.carto.connections.spi.jdbc.JdbcProperties;
import java.util.List;

/** The property catalogue: the {@code password} and {@code iam} auth methods, their settings in form order. */
final class RedshiftProperties {
    static final Property<String> HOST = JdbcProperties.host(
            "Endpoint host of the cluster, e.g. examplecluster.abc123xyz789.us-west-2.redshift.amazonaws.com");
    static final Property<String> IAM_HOST = JdbcProperties.optionalHost(
            "Endpoint host of the cluster; without it, the driver looks the endpoint up from"
                    + " clusterIdentifier and region");
    static final Property<Integer> PORT = JdbcProperties.port(5439, "TCP port of the cluster");
    static final Property<String> CLUSTER_IDENTIFIER = Property.string("clusterIdentifier")
            .describedAs("Identifier of the provisioned cluster; required when host is not given")
            .validatedBy(AwsNames::clusterIdentifierProblem);
    static final Property<String> REGION = Property.string("region")
            .required()
            .describedAs("AWS region of the cluster, e.g. us-west-2")
            .validatedBy(AwsNames::regionProblem);
    static final Property<String> DB_USER = Property.string("dbUser")
            .required()
            .inGroup(PropertyGroup.AUTHENTICATION)
            .describedAs("Database user to get temporary credentials for (GetClusterCredentials)");
    static final Property<String> ACCESS_KEY_ID = Property.string("accessKeyId")
            .required()
            .inGroup(PropertyGroup.AUTHENTICATION)
            .describedAs("AWS access key id of the IAM user or role allowed to call redshift:GetClusterCredentials");
    static final Property<Secret> SECRET_ACCESS_KEY = Property.secret("secretAccessKey")
            .required()
            .describedAs("AWS secret access key paired with the access key id");
    static final Property<Secret> SESSION_TOKEN =
            Property.secret("sessionToken").describedAs("AWS session token, for temporary credentials");
    static final Property<String> SSL_MODE = JdbcProperties.sslMode(
            "verify-ca",
            "TLS: disable (password only); require"
                    + " (encrypt, trust any certificate); verify-ca (check the certificate against the CA); verify-full (also check"
                    + " the host name)");
    static final Property<String> CA_CERTIFICATE = JdbcProperties.caCertificate("PEM certificate of the CA that signed"
            + " the cluster's certificate; without it, verify-ca and verify-full use the JVM's trusted CAs");

    static final AuthMethod PASSWORD_METHOD = new AuthMethod(
            "password",
            "User and password",
            List.of(HOST, PORT, DATABASE, USERNAME, PASSWORD, SSL_MODE, CA_CERTIFICATE));
    static final AuthMethod IAM_METHOD = new AuthMethod(
            "iam",
            "AWS IAM credentials",
            List.of(
                    CLUSTER_IDENTIFIER,
                    IAM_HOST,
                    PORT,
                    REGION,
                    DATABASE,
                    DB_USER,
                    ACCESS_KEY_ID,
                    SECRET_ACCESS_KEY,
                    SESSION_TOKEN,
                    SSL_MODE,
                    CA_CERTIFICATE));

    private RedshiftProperties() {}
}
