package com.carto.connections.oracle;

import static java.util.Objects.requireNonNull;

import com.carto.connections.spi.Capability;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.jdbc.JdbcConnectionFactory;
import com.carto.connections.spi.jdbc.JdbcConnectionProvider;
import java.sql.Driver;
import java.util.EnumSet;
import java.util.List;

/**
 * Oracle Database through the thin driver ({@code com.oracle.database.jdbc:ojdbc11}). Provider id {@code oracle},
 * auth methods {@code password} (host, port and service name or SID, or a connect descriptor) and {@code wallet} (a
 * wallet zip, unpacked into a private directory for as long as the client lives). SDO_GEOMETRY columns are read as
 * WKB with their SRID; every network wait of a login is bounded by the check's or the query's deadline.
 */
public final class OracleProvider extends JdbcConnectionProvider {
    private final Driver driver;
    private final WalletDirectories wallets;

    /** Public and without arguments, for {@link java.util.ServiceLoader}. */
    public OracleProvider() {
        this(new oracle.jdbc.OracleDriver(), WalletDirectories.inTemporaryDirectory());
    }

    /** With another driver instance or wallet directory, e.g. ones that the tests watch. */
    OracleProvider(Driver driver, WalletDirectories wallets) {
        super(
                "oracle",
                "Oracle",
                List.of(OracleProperties.PASSWORD_METHOD, OracleProperties.WALLET_METHOD),
                OracleDialect.INSTANCE,
                EnumSet.of(Capability.WRITE_BACK, Capability.SPATIAL, Capability.QUERY_CANCEL));
        this.driver = requireNonNull(driver, "driver is null");
        this.wallets = requireNonNull(wallets, "wallets is null");
    }

    @Override
    protected JdbcConnectionFactory connectionFactory(ConnectionSettings settings, ProviderContext context) {
        if (settings.authMethod().equals(OracleProperties.WALLET_METHOD)) {
            return OracleEndpoints.wallet(settings, driver, wallets);
        }
        return OracleEndpoints.password(settings, driver);
    }
}
