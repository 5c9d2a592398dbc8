package com.carto.connections;

import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.check.CheckStage;
import com.carto.connections.check.StageResult;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Catalog;
import com.carto.connections.query.Column;
import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Page;
import com.carto.connections.query.PageRequest;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.AuthMethod;
import com.carto.connections.spi.Capability;
import com.carto.connections.spi.ConnectionProvider;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.Dialect;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A warehouse that lives in the test's memory, for the access-model tests: it knows which user/password pairs and
 * refresh tokens it accepts, answers a check by them, and tells which warehouse user each client acts as. The
 * facade's behaviour on a real warehouse is tested on PostgreSQL in the postgres module.
 */
final class MemoryWarehouse {
    static final Property<String> HOST = Property.string("host").required().describedAs("Host");
    static final Property<String> USER = Property.string("user").required().describedAs("Warehouse user");
    static final Property<Secret> PASSWORD =
            Property.secret("password").required().describedAs("Password");
    static final Property<Secret> REFRESH_TOKEN =
            Property.secret("refreshToken").required().describedAs("OAuth refresh token");
    static final Property<Secret> CLIENT_SECRET =
            Property.secret("clientSecret").required().describedAs("OAuth app secret");
    static final Property<Secret> KEY = Property.secret("key").required().describedAs("Service key");

    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
    private final List<String> openedIdentities = new CopyOnWriteArrayList<>();
    private final List<String> checkedAs = new CopyOnWriteArrayList<>();
    private final Set<String> tables = ConcurrentHashMap.newKeySet();

    MemoryWarehouse acceptPassword(String user, String password) {
        passwords.put(user, password);
        return this;
    }

    MemoryWarehouse acceptRefreshToken(String token) {
        refreshTokens.add(token);
        return this;
    }

    /** The identities ({@code owner}, {@code viewer:<user id>}) clients were opened for, in order. */
    List<String> openedIdentities() {
        return List.copyOf(openedIdentities);
    }

    /** The warehouse users the checks ran as, in order. */
    List<String> checkedAs() {
        return List.copyOf(checkedAs);
    }

    /** The tables written back and not dropped, by last name part. */
    Set<String> tables() {
        return Set.copyOf(tables);
    }

    ConnectionProvider provider() {
        return new Provider();
    }

    private final class Provider implements ConnectionProvider {
        @Override
        public String id() {
            return "memory";
        }

        @Override
        public String displayName() {
            return "Memory warehouse";
        }

        @Override
        public List<AuthMethod> authMethods() {
            return List.of(
                    new AuthMethod("password", "Password", List.of(HOST, USER, PASSWORD)),
                    AuthMethod.personal("oauth", "OAuth", List.of(HOST, CLIENT_SECRET, REFRESH_TOKEN)),
                    new AuthMethod("service", "Service key", List.of(HOST, KEY)));
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of(Capability.VIEWER_CREDENTIALS);
        }

        @Override
        public List<Property<?>> viewerCredentialProperties(String authMethodId) {
            return switch (authMethodId) {
                case "password" -> List.of(USER, PASSWORD);
                case "oauth" -> List.of(REFRESH_TOKEN);
                default -> throw new ConnectionException(ErrorCategory.UNSUPPORTED, "service keys are not per user");
            };
        }

        @Override
        public Dialect dialect() {
            return new Dialect() {};
        }

        @Override
        public WarehouseClient open(ConnectionSettings settings, ProviderContext context) {
            openedIdentities.add(settings.identity());
            return new Client(settings);
        }
    }

    private final class Client implements WarehouseClient {
        private final ConnectionSettings settings;

        Client(ConnectionSettings settings) {
            this.settings = settings;
        }

        private String warehouseUser() {
            return switch (settings.authMethod().id()) {
                case "password" -> {
                    String user = settings.get(USER);
                    yield settings.get(PASSWORD).reveal().equals(passwords.get(user)) ? user : null;
                }
                case "oauth" ->
                    refreshTokens.contains(settings.get(REFRESH_TOKEN).reveal())
                            ? "token-"
                                    + Integer.toHexString(
                                            settings.get(REFRESH_TOKEN).reveal().hashCode())
                            : null;
                default -> "service";
            };
        }

        @Override
        public CheckReport check(CheckOptions options) {
            String user = warehouseUser();
            if (user == null) {
                return new CheckReport(List.of(
                        StageResult.passed(CheckStage.RESOLVE_HOST, Duration.ZERO),
                        StageResult.passed(CheckStage.CONNECT, Duration.ZERO),
                        StageResult.failed(
                                CheckStage.AUTHENTICATE,
                                Duration.ZERO,
                                ErrorCategory.AUTHENTICATION,
                                Set.of("user", "password"),
                                "the memory warehouse rejected the credentials",
                                "check them")));
            }
            checkedAs.add(user);
            return new CheckReport(Arrays.stream(CheckStage.values())
                    .filter(stage -> stage != CheckStage.WRITE_TEMP_TABLE)
                    .map(stage -> StageResult.passed(stage, Duration.ZERO))
                    .toList());
        }

        @Override
        public QueryResult query(Query query) {
            String user = warehouseUser();
            if (user == null) {
                throw new ConnectionException(
                        ErrorCategory.AUTHENTICATION, "the memory warehouse rejected the credentials");
            }
            return new OneRow(user);
        }

        @Override
        public long execute(Query statement) {
            return 0;
        }

        @Override
        public Catalog catalog() {
            return new Catalog() {
                @Override
                public Page<Database> databases(PageRequest request) {
                    return new Page<>(List.of(new Database("memory")), java.util.Optional.empty());
                }

                @Override
                public Page<Schema> schemas(String database, PageRequest request) {
                    return new Page<>(List.of(), java.util.Optional.empty());
                }

                @Override
                public Page<Table> tables(String database, String schema, PageRequest request) {
                    return new Page<>(List.of(), java.util.Optional.empty());
                }

                @Override
                public Page<TableColumn> columns(String database, String schema, String table, PageRequest request) {
                    return new Page<>(List.of(), java.util.Optional.empty());
                }
            };
        }

        @Override
        public void createTable(List<String> table, Query query) {
            tables.add(table.get(table.size() - 1));
        }

        @Override
        public void dropTable(List<String> table) {
            tables.remove(table.get(table.size() - 1));
        }

        @Override
        public void close() {}
    }

    /** {@code select current_user}, as the warehouse user the client acts as. */
    private static final class OneRow implements QueryResult {
        private final String user;
        private int position;

        OneRow(String user) {
            this.user = user;
        }

        @Override
        public List<Column> columns() {
            return List.of(new Column("current_user", ColumnType.STRING, "text"));
        }

        @Override
        public boolean next() {
            return ++position == 1;
        }

        @Override
        public Object value(int columnIndex) {
            if (position != 1 || columnIndex != 0) {
                throw new IllegalStateException("no such value");
            }
            return user;
        }

        @Override
        public long rowCount() {
            return Math.min(position, 1);
        }

        @Override
        public void close() {}
    }
}
