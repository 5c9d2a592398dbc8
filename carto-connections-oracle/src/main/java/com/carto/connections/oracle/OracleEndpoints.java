package com.carto.connections.oracle;

import static com.carto.connections.oracle.OracleProperties.CONNECT_DESCRIPTOR;
import static com.carto.connections.oracle.OracleProperties.HOST;
import static com.carto.connections.oracle.OracleProperties.PORT;
import static com.carto.connections.oracle.OracleProperties.SERVICE_NAME;
import static com.carto.connections.oracle.OracleProperties.SID;
import static com.carto.connections.oracle.OracleProperties.TNS_ALIAS;
import static com.carto.connections.oracle.OracleProperties.WALLET;
import static com.carto.connections.oracle.OracleProperties.WALLET_PASSWORD;
import static com.carto.connections.spi.jdbc.JdbcProperties.PASSWORD;
import static com.carto.connections.spi.jdbc.JdbcProperties.USERNAME;

import com.carto.connections.check.CheckStage;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.error.InvalidConfigurationException.Problem;
import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.jdbc.CheckSuspects;
import com.carto.connections.spi.jdbc.CredentialSource;
import com.carto.connections.spi.jdbc.JdbcConnectionFactory;
import com.carto.connections.spi.jdbc.ServerAddress;
import java.sql.Driver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The connection factory of each auth method: the thin driver's URL ({@code @//host:port/service},
 * {@code @host:port:SID}, {@code @(DESCRIPTION=…)} or {@code @alias} from a wallet's {@code tnsnames.ora}), the
 * driver properties that bound every network wait, and the credentials. No secret ever goes into the URL.
 */
final class OracleEndpoints {
    private static final CheckSuspects PASSWORD_SUSPECTS = CheckSuspects.none()
            .with(CheckStage.RESOLVE_HOST, HOST, CONNECT_DESCRIPTOR)
            .with(CheckStage.CONNECT, HOST, PORT, CONNECT_DESCRIPTOR)
            .with(CheckStage.AUTHENTICATE, USERNAME, PASSWORD)
            .with(CheckStage.REACH_DATABASE, SERVICE_NAME, SID, CONNECT_DESCRIPTOR)
            .with(CheckStage.READ_METADATA, USERNAME);
    private static final CheckSuspects WALLET_SUSPECTS = CheckSuspects.none()
            .with(CheckStage.CONNECT, WALLET, WALLET_PASSWORD, TNS_ALIAS, CONNECT_DESCRIPTOR)
            .with(CheckStage.AUTHENTICATE, USERNAME, PASSWORD, WALLET, WALLET_PASSWORD)
            .with(CheckStage.REACH_DATABASE, TNS_ALIAS, CONNECT_DESCRIPTOR)
            .with(CheckStage.READ_METADATA, USERNAME);

    private OracleEndpoints() {}

    static JdbcConnectionFactory password(ConnectionSettings settings, Driver driver) {
        Optional<String> host = settings.properties().find(HOST);
        Optional<String> descriptor = settings.properties().find(CONNECT_DESCRIPTOR);
        Optional<String> service = settings.properties().find(SERVICE_NAME);
        Optional<String> sid = settings.properties().find(SID);
        List<Problem> problems = new ArrayList<>();
        if (descriptor.isPresent()) {
            // The descriptor names its own addresses and service: anything beside it would be silently ignored.
            host.ifPresent(ignored -> problems.add(new Problem(HOST.name(), "must be empty with connectDescriptor")));
            service.ifPresent(
                    ignored -> problems.add(new Problem(SERVICE_NAME.name(), "must be empty with connectDescriptor")));
            sid.ifPresent(ignored -> problems.add(new Problem(SID.name(), "must be empty with connectDescriptor")));
        } else {
            if (host.isEmpty()) {
                problems.add(new Problem(HOST.name(), "is required (or a connectDescriptor)"));
            }
            if (service.isPresent() == sid.isPresent()) {
                problems.add(new Problem(
                        service.isPresent() ? SID.name() : SERVICE_NAME.name(),
                        service.isPresent()
                                ? "must be empty with serviceName: give one of them"
                                : "or sid is required (or a connectDescriptor)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        Optional<ServerAddress> address = host.map(name -> new ServerAddress(name, settings.get(PORT)));
        String url;
        if (descriptor.isPresent()) {
            url = "jdbc:oracle:thin:@" + descriptor.get().strip();
        } else if (service.isPresent()) {
            url = "jdbc:oracle:thin:@//" + address.orElseThrow().authority() + "/" + service.get();
        } else {
            url = "jdbc:oracle:thin:@" + address.orElseThrow().authority() + ":" + sid.orElseThrow();
        }
        return common(driver, url)
                .property("user", settings.get(USERNAME))
                .credentials(CredentialSource.secret("password", settings.get(PASSWORD)))
                .address(address)
                .suspects(PASSWORD_SUSPECTS)
                .build();
    }

    static JdbcConnectionFactory wallet(ConnectionSettings settings, Driver driver, WalletDirectories wallets) {
        Optional<String> alias = settings.properties().find(TNS_ALIAS);
        Optional<String> descriptor = settings.properties().find(CONNECT_DESCRIPTOR);
        if (alias.isPresent() == descriptor.isPresent()) {
            throw new InvalidConfigurationException(List.of(new Problem(
                    TNS_ALIAS.name(),
                    alias.isPresent()
                            ? "must be empty with connectDescriptor: give one of them"
                            : "or connectDescriptor is required")));
        }
        OracleWallet wallet = wallets.unpack(settings.get(WALLET), alias);
        Map<String, Secret> secrets = new HashMap<>();
        secrets.put("password", settings.get(PASSWORD));
        settings.properties()
                .find(WALLET_PASSWORD)
                .ifPresent(secret -> secrets.put("oracle.net.wallet_password", secret));
        String target = alias.orElseGet(() -> descriptor.orElseThrow().strip());
        return common(driver, "jdbc:oracle:thin:@" + target)
                .property("user", settings.get(USERNAME))
                .property("oracle.net.tns_admin", wallet.directory().toString())
                .property(
                        "oracle.net.wallet_location",
                        "(SOURCE=(METHOD=FILE)(METHOD_DATA=(DIRECTORY=" + wallet.directory() + ")))")
                .credentials(CredentialSource.secrets(secrets))
                .suspects(WALLET_SUSPECTS)
                .resource(wallet)
                .build();
    }

    private static JdbcConnectionFactory.Builder common(Driver driver, String url) {
        return JdbcConnectionFactory.builder(driver, url)
                .property("v$session.program", "carto-connections")
                // Without it the driver's first failure prints a page of diagnostics through java.util.logging.
                .property("oracle.jdbc.diagnostic.enableDiagnoseFirstFailure", "false");
    }
}
