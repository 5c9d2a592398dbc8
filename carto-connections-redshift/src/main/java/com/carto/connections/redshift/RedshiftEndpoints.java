package com.carto.connections.redshift;

import static com.carto.connections.redshift.RedshiftProperties.ACCESS_KEY_ID;
import static com.carto.connections.redshift.RedshiftProperties.CA_CERTIFICATE;
import static com.carto.connections.redshift.RedshiftProperties.CLUSTER_IDENTIFIER;
import static com.carto.connections.redshift.RedshiftProperties.DATABASE;
import static com.carto.connections.redshift.RedshiftProperties.DB_USER;
import static com.carto.connections.redshift.RedshiftProperties.HOST;
import static com.carto.connections.redshift.RedshiftProperties.IAM_HOST;
import static com.carto.connections.redshift.RedshiftProperties.PASSWORD;
import static com.carto.connections.redshift.RedshiftProperties.PORT;
import static com.carto.connections.redshift.RedshiftProperties.REGION;
import static com.carto.connections.redshift.RedshiftProperties.SECRET_ACCESS_KEY;
import static com.carto.connections.redshift.RedshiftProperties.SESSION_TOKEN;
import static com.carto.connections.redshift.RedshiftProperties.SSL_MODE;
import static com.carto.connections.redshift.RedshiftProperties.USERNAME;

import com.carto.connections.check.CheckStage;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.jdbc.JdbcEndpoint;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Driver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds the driver URL and properties of each auth method; no secret ever goes into the URL. */
final class RedshiftEndpoints {
    /** Classes the driver loads for IAM; they come from its optional AWS SDK dependencies. */
    private static final List<String> AWS_SDK_CLASSES = List.of(
            "com.amazonaws.auth.AWSCredentials", "com.amazonaws.services.redshift.AmazonRedshift");

    private static final Map<CheckStage, Set<String>> PASSWORD_SUSPECTS = Map.of(
            CheckStage.RESOLVE_HOST, Set.of(HOST.name()),
            CheckStage.CONNECT, Set.of(HOST.name(), PORT.name(), SSL_MODE.name(), CA_CERTIFICATE.name()),
            CheckStage.AUTHENTICATE, Set.of(USERNAME.name(), PASSWORD.name(), SSL_MODE.name()),
            CheckStage.REACH_DATABASE, Set.of(DATABASE.name()),
            CheckStage.READ_METADATA, Set.of(USERNAME.name()),
            CheckStage.WRITE_TEMP_TABLE, Set.of("tempLocation"));

    private static final Map<CheckStage, Set<String>> IAM_SUSPECTS = Map.of(
            CheckStage.RESOLVE_HOST, Set.of(IAM_HOST.name()),
            CheckStage.CONNECT, Set.of(IAM_HOST.name(), CLUSTER_IDENTIFIER.name(), REGION.name(), PORT.name(),
                    SSL_MODE.name(), CA_CERTIFICATE.name()),
            CheckStage.AUTHENTICATE, Set.of(ACCESS_KEY_ID.name(), SECRET_ACCESS_KEY.name(), SESSION_TOKEN.name(),
                    DB_USER.name(), CLUSTER_IDENTIFIER.name(), REGION.name()),
            CheckStage.REACH_DATABASE, Set.of(DATABASE.name()),
            CheckStage.READ_METADATA, Set.of(DB_USER.name()),
            CheckStage.WRITE_TEMP_TABLE, Set.of("tempLocation"));

    private RedshiftEndpoints() {}

    static JdbcEndpoint password(ConnectionSettings settings, Driver driver) {
        String host = settings.get(HOST);
        int port = settings.get(PORT);
        Map<String, String> properties = common(settings);
        properties.put("user", settings.get(USERNAME));
        return new JdbcEndpoint(
                driver,
                "jdbc:redshift://" + hostAndPort(host, port) + "/" + database(settings),
                properties,
                Map.of("password", settings.get(PASSWORD)),
                Optional.of(host),
                port,
                PASSWORD_SUSPECTS);
    }

    static JdbcEndpoint iam(ConnectionSettings settings, Driver driver) {
        Optional<String> host = settings.properties().find(IAM_HOST);
        Optional<String> cluster = settings.properties().find(CLUSTER_IDENTIFIER);
        List<InvalidConfigurationException.Problem> problems = new ArrayList<>();
        if (host.isEmpty() && cluster.isEmpty()) {
            problems.add(new InvalidConfigurationException.Problem(CLUSTER_IDENTIFIER.name(), "or host is required"));
        }
        if (settings.get(SSL_MODE).equals("disable")) {
            // The driver refuses IAM without TLS; saying so here names the property instead of failing at login.
            problems.add(new InvalidConfigurationException.Problem(SSL_MODE.name(), "must not be disable with IAM authentication"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        int port = settings.get(PORT);
        String region = settings.get(REGION);
        Map<String, String> properties = common(settings);
        properties.put("AccessKeyID", settings.get(ACCESS_KEY_ID));
        properties.put("DbUser", settings.get(DB_USER));
        properties.put("Region", region);
        cluster.ifPresent(identifier -> properties.put("ClusterID", identifier));
        Map<String, Secret> secrets = new HashMap<>();
        secrets.put("SecretAccessKey", settings.get(SECRET_ACCESS_KEY));
        settings.properties().find(SESSION_TOKEN).ifPresent(token -> secrets.put("SessionToken", token));
        // Without a host the driver reads cluster:region from the URL and asks the Redshift API for the endpoint.
        String authority = host.map(name -> hostAndPort(name, port)).orElseGet(() -> cluster.get() + ":" + region);
        return new JdbcEndpoint(
                driver,
                "jdbc:redshift:iam://" + authority + "/" + database(settings),
                properties,
                secrets,
                host,
                port,
                IAM_SUSPECTS);
    }

    /**
     * Fails unless the AWS SDK the driver needs for IAM can be loaded; without it the driver throws
     * {@link NoClassDefFoundError} from the first connection, which no caller expects.
     */
    static void requireAwsSdk(Driver driver) {
        ClassLoader loader = driver.getClass().getClassLoader();
        for (String name : AWS_SDK_CLASSES) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new ConnectionException(ErrorCategory.UNSUPPORTED,
                        "The iam auth method needs the AWS SDK for Java 1.x next to the Redshift driver: add"
                                + " com.amazonaws:aws-java-sdk-redshift and com.amazonaws:aws-java-sdk-sts (1.12.x) to the"
                                + " application's classpath (" + name + " is missing)");
            }
        }
    }

    private static Map<String, String> common(ConnectionSettings settings) {
        Map<String, String> properties = new HashMap<>();
        properties.put("ApplicationName", "carto-connections");
        properties.put("tcpKeepAlive", "true");
        // The driver's default reads results on a background thread into a buffer of up to 1 GB per result set;
        // without it, autocommit off plus a fetch size reads one fetch at a time, so memory is bounded per query.
        properties.put("enableFetchRingBuffer", "false");
        properties.putAll(ssl(settings));
        return properties;
    }

    private static Map<String, String> ssl(ConnectionSettings settings) {
        String mode = settings.get(SSL_MODE);
        Optional<String> certificate = settings.properties().find(CA_CERTIFICATE);
        Map<String, String> properties = new HashMap<>();
        if (mode.equals("disable")) {
            // The driver rejects sslmode=disable; ssl=false is its way to turn TLS off.
            properties.put("ssl", "false");
            return properties;
        }
        properties.put("ssl", "true");
        if (mode.equals("require")) {
            // The driver rejects sslmode=require, and sslmode=verify-ca together with this factory.
            properties.put("sslfactory", "com.amazon.redshift.ssl.NonValidatingFactory");
            return properties;
        }
        properties.put("sslmode", mode);
        if (certificate.isPresent()) {
            String pem = certificate.get().strip();
            if (!pem.startsWith("-----BEGIN CERTIFICATE-----")) {
                throw InvalidConfigurationException.of(CA_CERTIFICATE.name(), "must be a PEM certificate starting with -----BEGIN CERTIFICATE-----");
            }
            properties.put("sslfactory", "com.amazon.redshift.ssl.SingleCertValidatingFactory");
            properties.put("sslfactoryarg", pem);
        } else {
            properties.put("sslfactory", "com.amazon.redshift.ssl.DefaultJavaSSLFactory");
        }
        return properties;
    }

    private static String hostAndPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static String database(ConnectionSettings settings) {
        return URLEncoder.encode(settings.get(DATABASE), StandardCharsets.UTF_8);
    }
}
