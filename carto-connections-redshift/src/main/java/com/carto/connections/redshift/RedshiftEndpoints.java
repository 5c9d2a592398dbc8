package com.carto.connections.redshift;

import static com.carto.connections.redshift.RedshiftProperties.ACCESS_KEY_ID;
import static com.carto.connections.redshift.RedshiftProperties.CA_CERTIFICATE;
import static com.carto.connections.redshift.RedshiftProperties.CLUSTER_IDENTIFIER;
import static com.carto.connections.redshift.RedshiftProperties.DB_USER;
import static com.carto.connections.redshift.RedshiftProperties.HOST;
import static com.carto.connections.redshift.RedshiftProperties.IAM_HOST;
import static com.carto.connections.redshift.RedshiftProperties.PORT;
import static com.carto.connections.redshift.RedshiftProperties.REGION;
import static com.carto.connections.redshift.RedshiftProperties.SECRET_ACCESS_KEY;
import static com.carto.connections.redshift.RedshiftProperties.SESSION_TOKEN;
import static com.carto.connections.redshift.RedshiftProperties.SSL_MODE;
import static com.carto.connections.spi.jdbc.JdbcProperties.DATABASE;
import static com.carto.connections.spi.jdbc.JdbcProperties.PASSWORD;
import static com.carto.connections.spi.jdbc.JdbcProperties.USERNAME;

import com.carto.connections.check.CheckStage;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.jdbc.CheckSuspects;
import com.carto.connections.spi.jdbc.CredentialSource;
import com.carto.connections.spi.jdbc.JdbcConnectionFactory;
import com.carto.connections.spi.jdbc.JdbcProperties;
import com.carto.connections.spi.jdbc.ServerAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Driver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The connection factory of each auth method: URL, driver properties, credentials; no secret ever goes into the URL. */
final class RedshiftEndpoints {
    /** Classes the driver loads for IAM; they come from its optional AWS SDK dependencies. */
    private static final List<String> AWS_SDK_CLASSES =
            List.of("com.amazonaws.auth.AWSCredentials", "com.amazonaws.services.redshift.AmazonRedshift");

    private static final CheckSuspects PASSWORD_SUSPECTS =
            CheckSuspects.serverLogin(HOST, PORT, USERNAME, PASSWORD, DATABASE, SSL_MODE, CA_CERTIFICATE);

    private static final CheckSuspects IAM_SUSPECTS = CheckSuspects.none()
            .with(CheckStage.RESOLVE_HOST, IAM_HOST)
            .with(CheckStage.CONNECT, IAM_HOST, CLUSTER_IDENTIFIER, REGION, PORT, SSL_MODE, CA_CERTIFICATE)
            .with(
                    CheckStage.AUTHENTICATE,
                    ACCESS_KEY_ID,
                    SECRET_ACCESS_KEY,
                    SESSION_TOKEN,
                    DB_USER,
                    CLUSTER_IDENTIFIER,
                    REGION)
            .with(CheckStage.REACH_DATABASE, DATABASE)
            .with(CheckStage.READ_METADATA, DB_USER);

    private RedshiftEndpoints() {}

    static JdbcConnectionFactory password(ConnectionSettings settings, Driver driver) {
        ServerAddress address = new ServerAddress(settings.get(HOST), settings.get(PORT));
        return common(settings, driver, address.url("jdbc:redshift:", settings.get(DATABASE)))
                .property("user", settings.get(USERNAME))
                .credentials(CredentialSource.secret("password", settings.get(PASSWORD)))
                .address(address)
                .suspects(PASSWORD_SUSPECTS)
                .build();
    }

    static JdbcConnectionFactory iam(ConnectionSettings settings, Driver driver) {
        Optional<String> host = settings.properties().find(IAM_HOST);
        Optional<String> cluster = settings.properties().find(CLUSTER_IDENTIFIER);
        List<InvalidConfigurationException.Problem> problems = new ArrayList<>();
        if (host.isEmpty() && cluster.isEmpty()) {
            problems.add(new InvalidConfigurationException.Problem(CLUSTER_IDENTIFIER.name(), "or host is required"));
        }
        if (settings.get(SSL_MODE).equals("disable")) {
            // The driver refuses IAM without TLS; saying so here names the property instead of failing at login.
            problems.add(new InvalidConfigurationException.Problem(
                    SSL_MODE.name(), "must not be disable with IAM authentication"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        String region = settings.get(REGION);
        Optional<ServerAddress> address = host.map(name -> new ServerAddress(name, settings.get(PORT)));
        // Without a host the driver reads cluster:region from the URL and asks the Redshift API for the endpoint.
        String authority = address.map(ServerAddress::authority).orElseGet(() -> cluster.get() + ":" + region);
        Map<String, Secret> secrets = new HashMap<>();
        secrets.put("SecretAccessKey", settings.get(SECRET_ACCESS_KEY));
        settings.properties().find(SESSION_TOKEN).ifPresent(token -> secrets.put("SessionToken", token));
        JdbcConnectionFactory.Builder factory = common(
                        settings,
                        driver,
                        "jdbc:redshift:iam://" + authority + "/"
                                + URLEncoder.encode(settings.get(DATABASE), StandardCharsets.UTF_8))
                .property("AccessKeyID", settings.get(ACCESS_KEY_ID))
                .property("DbUser", settings.get(DB_USER))
                .property("Region", region)
                .credentials(CredentialSource.secrets(secrets))
                .address(address)
                .suspects(IAM_SUSPECTS);
        cluster.ifPresent(identifier -> factory.property("ClusterID", identifier));
        return factory.build();
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
                throw new ConnectionException(
                        ErrorCategory.UNSUPPORTED,
                        "The iam auth method needs the AWS SDK for Java 1.x next to the Redshift driver: add"
                                + " com.amazonaws:aws-java-sdk-redshift and com.amazonaws:aws-java-sdk-sts (1.12.x) to the"
                                + " application's classpath (" + name + " is missing)");
            }
        }
    }

    private static JdbcConnectionFactory.Builder common(ConnectionSettings settings, Driver driver, String url) {
        JdbcConnectionFactory.Builder factory = JdbcConnectionFactory.builder(driver, url)
                .property("ApplicationName", "carto-connections")
                .property("tcpKeepAlive", "true")
                // The driver's default reads results on a background thread into a buffer of up to 1 GB per result set;
                // without it, autocommit off plus a fetch size reads one fetch at a time, so memory is bounded per
                // query.
                .property("enableFetchRingBuffer", "false");
        tls(settings, factory);
        return factory;
    }

    /** The driver's TLS settings, which differ from pgjdbc's: it rejects sslmode=disable and sslmode=require. */
    private static void tls(ConnectionSettings settings, JdbcConnectionFactory.Builder factory) {
        String mode = settings.get(SSL_MODE);
        if (mode.equals("disable")) {
            factory.property("ssl", "false");
            return;
        }
        factory.property("ssl", "true");
        if (mode.equals("require")) {
            // The driver also rejects sslmode=verify-ca together with this factory.
            factory.property("sslfactory", "com.amazon.redshift.ssl.NonValidatingFactory");
            return;
        }
        factory.property("sslmode", mode);
        Optional<String> certificate = JdbcProperties.pemCertificate(settings, CA_CERTIFICATE);
        if (certificate.isPresent()) {
            factory.property("sslfactory", "com.amazon.redshift.ssl.SingleCertValidatingFactory");
            factory.property("sslfactoryarg", certificate.get());
        } else {
            factory.property("sslfactory", "com.amazon.redshift.ssl.DefaultJavaSSLFactory");
        }
    }
}
