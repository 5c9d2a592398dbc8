package com.carto.connections.spi.jdbc;

import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.check.CheckStage;
import com.carto.connections.check.StageResult;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.NetworkStages;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The staged live check of a JDBC connection. It opens its own physical connection (never the pool's), so a
 * check reflects the settings as they are now, and every stage is bounded by the stage deadline.
 */
final class JdbcCheck {
    // Past the deadline, so that a driver that honours its connect timeout reports its own, more precise, failure.
    private static final Duration LOGIN_GRACE = Duration.ofSeconds(1);

    private final ConnectionSettings settings;
    private final JdbcConnectionFactory factory;
    private final JdbcDialect dialect;
    private final boolean spatial;
    private final Clock clock;
    private final List<StageResult> results = new ArrayList<>();

    JdbcCheck(
            ConnectionSettings settings,
            JdbcConnectionFactory factory,
            JdbcDialect dialect,
            boolean spatial,
            Clock clock) {
        this.settings = settings;
        this.factory = factory;
        this.dialect = dialect;
        this.spatial = spatial;
        this.clock = clock;
    }

    CheckReport run(CheckOptions options) {
        Duration deadline = options.stageDeadline();
        Optional<ServerAddress> address = factory.address();
        if (address.isPresent() && !(resolve(address.get(), deadline) && connectTcp(address.get(), deadline))) {
            return finish();
        }
        if (address.isEmpty()) {
            results.add(StageResult.skipped(CheckStage.RESOLVE_HOST, "the URL names no single host"));
        }
        Instant start = clock.instant();
        try (Connection connection = login(deadline)) {
            if (address.isEmpty()) {
                results.add(StageResult.passed(CheckStage.CONNECT, since(start)));
            }
            results.add(StageResult.passed(CheckStage.AUTHENTICATE, since(start)));
            afterLogin(connection, options);
        } catch (SQLException e) {
            loginFailed(e, start);
        }
        return finish();
    }

    /**
     * Opens the check's own connection within the stage deadline, whatever the driver does: its connect-timeout
     * properties bound it where the driver has them, and the check stops waiting a little after the deadline where it
     * has none or ignores them (a driver that retries a refused login for 16 s). A connection that opens after the
     * check gave up is closed as it arrives.
     */
    private Connection login(Duration deadline) throws SQLException {
        return BoundedLogin.open(
                factory,
                dialect.connectTimeoutProperties(deadline),
                deadline.plus(LOGIN_GRACE),
                "carto-check-login",
                "no login within the stage deadline of " + deadline.toMillis() + " ms");
    }

    private boolean resolve(ServerAddress address, Duration deadline) {
        return record(new NetworkStages(clock, Set.of()).resolve(address.host(), deadline));
    }

    private boolean connectTcp(ServerAddress address, Duration deadline) {
        return record(new NetworkStages(clock, Set.of()).connect(address.host(), address.port(), deadline));
    }

    /** Keeps a network stage's result, suspecting the endpoint's own properties when it failed. */
    private boolean record(StageResult stage) {
        boolean passed = stage.status() == StageResult.Status.PASSED;
        results.add(
                passed
                        ? stage
                        : new StageResult(
                                stage.stage(),
                                stage.status(),
                                stage.elapsed(),
                                stage.category(),
                                factory.suspects().forStage(stage.stage()),
                                stage.message(),
                                stage.hint()));
        return passed;
    }

    private void loginFailed(SQLException e, Instant start) {
        ErrorCategory category = JdbcErrors.categorize(dialect, e);
        String message = JdbcErrors.describe(e);
        Optional<String> own = dialect.hint(e);
        switch (category) {
            case AUTHENTICATION -> {
                connectPassedIfUnknown(start);
                fail(CheckStage.AUTHENTICATE, start, category, message, own.orElse("check the user name and password"));
            }
            case NOT_FOUND -> {
                connectPassedIfUnknown(start);
                results.add(StageResult.passed(CheckStage.AUTHENTICATE, since(start)));
                fail(CheckStage.REACH_DATABASE, start, category, message, own.orElse("check the database name"));
            }
            case PERMISSION_DENIED -> {
                connectPassedIfUnknown(start);
                results.add(StageResult.passed(CheckStage.AUTHENTICATE, since(start)));
                fail(
                        CheckStage.REACH_DATABASE,
                        start,
                        category,
                        message,
                        own.orElse("grant the user access to the database"));
            }
            default -> {
                if (results.stream().anyMatch(result -> result.stage() == CheckStage.CONNECT)) {
                    // TCP worked, so what failed is the protocol handshake: TLS settings are the usual cause.
                    fail(
                            CheckStage.AUTHENTICATE,
                            start,
                            category,
                            message,
                            own.orElse("check the TLS settings and that this is the warehouse's port"));
                } else {
                    fail(
                            CheckStage.CONNECT,
                            start,
                            category,
                            message,
                            own.orElse("check the host, port and TLS settings"));
                }
            }
        }
    }

    private void connectPassedIfUnknown(Instant start) {
        if (results.stream().noneMatch(result -> result.stage() == CheckStage.CONNECT)) {
            results.add(StageResult.passed(CheckStage.CONNECT, since(start)));
        }
    }

    private void afterLogin(Connection connection, CheckOptions options) {
        int seconds = JdbcWarehouseClient.seconds(options.stageDeadline());
        if (!stage(
                CheckStage.REACH_DATABASE,
                "check the database name",
                () -> runQuery(connection, dialect.selectWithoutTable("1"), seconds))) {
            return;
        }
        if (!stage(
                CheckStage.READ_METADATA,
                "grant the user USAGE on at least one schema",
                () -> readMetadata(connection, seconds))) {
            return;
        }
        if (options.writeTest()) {
            String tempLocation = settings.options().tempLocation();
            if (!stage(
                    CheckStage.WRITE_TEMP_TABLE,
                    "grant the user CREATE on " + tempLocation + ", or choose another temp location",
                    () -> writeTempTable(connection, tempLocation, seconds))) {
                return;
            }
        } else {
            results.add(StageResult.skipped(CheckStage.WRITE_TEMP_TABLE, "not requested"));
        }
        if (spatial && dialect.spatialProbe().isPresent()) {
            Instant start = clock.instant();
            try {
                runQuery(connection, dialect.spatialProbe().get(), seconds);
                results.add(StageResult.passed(CheckStage.SPATIAL_SUPPORT, since(start)));
            } catch (SQLException e) {
                // Tables without geometry still work, so a missing spatial extension warns rather than fails.
                results.add(StageResult.warning(
                        CheckStage.SPATIAL_SUPPORT,
                        since(start),
                        ErrorCategory.UNSUPPORTED,
                        "no spatial support: " + JdbcErrors.describe(e),
                        dialect.spatialHint()));
            }
        } else {
            results.add(StageResult.skipped(CheckStage.SPATIAL_SUPPORT, "the provider has no spatial types"));
        }
    }

    private boolean stage(CheckStage stage, String hint, SqlAction action) {
        Instant start = clock.instant();
        try {
            action.run();
            results.add(StageResult.passed(stage, since(start)));
            return true;
        } catch (SQLException e) {
            fail(
                    stage,
                    start,
                    JdbcErrors.categorize(dialect, e),
                    JdbcErrors.describe(e),
                    dialect.hint(e).orElse(hint));
            return false;
        }
    }

    private static void runQuery(Connection connection, String sql, int seconds) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(seconds);
            try (ResultSet resultSet = statement.executeQuery(sql)) {
                resultSet.next();
            }
        }
    }

    private void readMetadata(Connection connection, int seconds) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(seconds);
            statement.setMaxRows(1);
            try (ResultSet resultSet = statement.executeQuery(
                    "select schema_name from " + dialect.catalogViews().schemas())) {
                if (!resultSet.next()) {
                    throw new SQLException("the user can see no schema", "42501");
                }
            }
        }
    }

    private void writeTempTable(Connection connection, String tempLocation, int seconds) throws SQLException {
        String schema = dialect.quoteIdentifier(tempLocation);
        String table = dialect.qualifiedName(List.of(
                tempLocation,
                "carto_check_"
                        + UUID.randomUUID()
                                .toString()
                                .replace("-", "")
                                .substring(0, 12)
                                .toLowerCase(Locale.ROOT)));
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(seconds);
            statement.execute(dialect.createSchemaIfNotExists(schema));
            statement.execute(dialect.createTableAs(table, dialect.selectWithoutTable("1 as probe")));
            statement.execute(dialect.dropTableIfExists(table));
        }
    }

    private void fail(CheckStage stage, Instant start, ErrorCategory category, String message, String hint) {
        results.add(StageResult.failed(
                stage, since(start), category, factory.suspects().forStage(stage), message, hint));
    }

    private CheckReport finish() {
        boolean failed = false;
        List<StageResult> ordered = new ArrayList<>();
        for (CheckStage stage : CheckStage.values()) {
            StageResult result = results.stream()
                    .filter(candidate -> candidate.stage() == stage)
                    .findFirst()
                    .orElse(null);
            if (result == null || failed) {
                ordered.add(StageResult.skipped(stage, "an earlier stage failed"));
            } else {
                ordered.add(result);
                failed = result.status() == StageResult.Status.FAILED;
            }
        }
        return new CheckReport(ordered);
    }

    private Duration since(Instant start) {
        return Duration.between(start, clock.instant());
    }

    @FunctionalInterface
    private interface SqlAction {
        void run() throws SQLException;
    }
}
