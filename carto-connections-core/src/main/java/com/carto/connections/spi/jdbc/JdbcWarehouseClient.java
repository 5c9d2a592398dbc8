package com.carto.connections.spi.jdbc;

import static java.util.Objects.requireNonNull;

import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.query.Catalog;
import com.carto.connections.query.Column;
import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.Capability;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.ResultLimits;
import com.carto.connections.spi.WarehouseClient;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link WarehouseClient} of every JDBC provider, built by {@link JdbcConnectionProvider#open}: a lazily created
 * HikariCP pool over the provider's {@link JdbcConnectionFactory} that holds no socket while idle, streaming reads
 * (autocommit off and a fetch size; a result whose row limit fits one fetch runs in autocommit), limits pushed down
 * as SQL and counted by {@link ResultLimits}, server-side cancellation on timeout, normalized types, geometry read
 * through the dialect's {@link GeometryRead}, and an {@code information_schema} catalog. Closing it closes the pool,
 * then the factory's resources. Thread-safe.
 */
final class JdbcWarehouseClient implements WarehouseClient {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcWarehouseClient.class);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration BORROW_TIMEOUT = Duration.ofSeconds(30);
    // How long one borrow attempt waits before the borrower looks at the pool's logins and its own deadline again.
    private static final long BORROW_SLICE_MILLIS = 100;

    private final ConnectionSettings settings;
    private final ProviderContext context;
    private final JdbcConnectionFactory factory;
    private final JdbcDialect dialect;
    private final boolean spatial;
    private final boolean writeBack;
    private final Object poolLock = new Object();
    private final LoginFailures loginFailures = new LoginFailures();
    // A spatial provider describes a statement before running it, to find geometry columns: an extra round trip per
    // query that a statement already described without any skips.
    private final Descriptions descriptions = new Descriptions();
    private volatile @Nullable HikariPool pool;
    private volatile boolean closed;

    JdbcWarehouseClient(
            ConnectionSettings settings,
            ProviderContext context,
            JdbcConnectionFactory factory,
            JdbcDialect dialect,
            Set<Capability> capabilities) {
        this.settings = requireNonNull(settings, "settings is null");
        this.context = requireNonNull(context, "context is null");
        this.factory = requireNonNull(factory, "factory is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.spatial = capabilities.contains(Capability.SPATIAL);
        this.writeBack = capabilities.contains(Capability.WRITE_BACK);
    }

    @Override
    public CheckReport check(CheckOptions options) {
        requireNonNull(options, "options is null");
        return new JdbcCheck(settings, factory, dialect, spatial, context.clock()).run(options);
    }

    /**
     * Runs the query within its deadline, borrowing included. A pooled connection that turns out dead before the
     * query ran (its backend was terminated, or the server restarted since) is retried once on a fresh connection: no
     * row has reached the caller, and a read runs again harmlessly.
     */
    @Override
    public QueryResult query(Query named) {
        Query query = limited(placeheld(requireNonNull(named, "query is null").resolve(dialect.lexicalRules())));
        String what = "Query on connection " + settings.connectionId();
        ReadAhead.Mode readAhead = ReadAhead.Mode.configured();
        long started = System.nanoTime();
        Duration timeout = timeout(query.timeout());
        long deadline = started + timeout.toNanos();
        for (int attempt = 1; ; attempt++) {
            Connection connection = borrow(what, deadline);
            StalledReadAbort watch =
                    StalledReadAbort.watch(context.scheduler(), dialect, connection, timeout, deadline);
            PreparedStatement statement = null;
            boolean cursor = readsThroughCursor(query);
            try {
                if (cursor) {
                    connection.setAutoCommit(false);
                }
                statement = prepareWatched(connection, query, watch);
                List<GeometryColumn> geometries = new ArrayList<>();
                List<Column> columns = null;
                ResultSet resultSet = null;
                Descriptions.Description known = spatial ? descriptions.get(query.sql()) : null;
                if (known != null) {
                    // Described before without a geometry column: run it at once, and trust that description only if
                    // the execution reports the same columns as then.
                    bind(statement, query.parameters());
                    resultSet = dialect.executeQuery(statement, query.sql());
                    List<Column> reported = columns(resultSet.getMetaData());
                    if (reported.equals(known.executed())) {
                        known.described().forEach(column -> geometries.add(null));
                        columns = executedColumns(dialect, reported, known.described(), geometries);
                    } else {
                        descriptions.remove(query.sql());
                        resultSet.close();
                        resultSet = null;
                        statement.close();
                        statement = prepareWatched(connection, query, watch);
                    }
                }
                if (resultSet == null) {
                    // Described unbound, so only to find geometry columns (a geometry parameter is typed by its
                    // placeholder): the warehouse guesses the types of bare ? marks (PostgreSQL and Redshift say text).
                    String prepared = query.sql();
                    List<Column> describedColumns = spatial
                            ? dialect.describe(statement, query.sql(), query.parameters())
                                    .orElse(null)
                            : null;
                    if (describedColumns != null) {
                        GeometrySelect select = geometrySelect(describedColumns);
                        geometries.addAll(select.geometries());
                        if (select.rewritten()) {
                            statement.close();
                            String sql = dialect.selectFrom(
                                    stripTrailingSemicolons(query.sql()),
                                    describedColumns.size(),
                                    select.expressions());
                            statement = prepareWatched(connection, query.withSql(sql), watch);
                            prepared = sql;
                        }
                    }
                    bind(statement, query.parameters());
                    resultSet = dialect.executeQuery(statement, prepared);
                    // The types of what ran with the values bound, not of the description.
                    List<Column> reported = columns(resultSet.getMetaData());
                    columns = executedColumns(dialect, reported, describedColumns, geometries);
                    if (describedColumns != null && geometries.stream().allMatch(Objects::isNull)) {
                        descriptions.put(query.sql(), new Descriptions.Description(describedColumns, reported));
                    }
                }
                JdbcQueryResult result = new JdbcQueryResult(
                        dialect,
                        what,
                        connection,
                        statement,
                        requireNonNull(resultSet, "the statement ran above"),
                        requireNonNull(columns, "the columns were read above"),
                        geometries,
                        ResultLimits.of(what, named),
                        watch,
                        readAhead,
                        dialect.fetchSize(),
                        cursor);
                return result;
            } catch (SQLException e) {
                boolean timedOut = watch.timedOut();
                if (watch.disarm()) {
                    evict(connection);
                }
                release(connection, statement, cursor);
                if (timedOut) {
                    throw new ConnectionException(
                            ErrorCategory.TIMEOUT,
                            what + " got no answer from the warehouse within its timeout of " + timeout,
                            e,
                            e.getSQLState(),
                            e.getErrorCode());
                }
                if (connectionLost(e)) {
                    evictIdleConnections();
                    if (attempt == 1 && System.nanoTime() - deadline < 0) {
                        LOG.debug("Retrying a query of connection {} on a fresh connection", settings.connectionId());
                        continue;
                    }
                }
                throw JdbcErrors.translate(dialect, what, e);
            } catch (RuntimeException e) {
                if (watch.disarm()) {
                    evict(connection);
                }
                release(connection, statement, cursor);
                throw e;
            }
        }
    }

    /**
     * Whether a failure says the connection itself is gone (SQLSTATE class 08, or the server shutting the session
     * down: 57P01 to 57P03) rather than the query being wrong.
     */
    private static boolean connectionLost(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P0"));
    }

    /**
     * After a lost connection the pool's other idle connections are suspect too (a restarted server dropped them
     * all): they are closed rather than handed to the next queries one by one.
     */
    private void evictIdleConnections() {
        HikariPool current = pool;
        if (current != null) {
            current.softEvictConnections();
        }
    }

    /**
     * An aborted connection goes back to the pool closed, and a driver whose connection still looks open afterwards
     * (databricks-jdbc's, whose session is gone) would be handed to the next query: the pool discards it instead.
     */
    private void evict(Connection connection) {
        HikariPool current = pool;
        if (current != null) {
            current.evictConnection(connection);
        }
    }

    /**
     * Whether the result is read through a cursor, a fetch at a time, which the PostgreSQL family's drivers keep only
     * inside a transaction: autocommit off (a {@code BEGIN} sent with the query) and a commit or rollback round trip when
     * the result closes. A result whose pushed-down row limit fits in one fetch (a tile is one row) is read whole by its
     * execute, so it runs in the pool's autocommit, in one round trip, and its close sends nothing.
     */
    private boolean readsThroughCursor(Query limitedQuery) {
        OptionalLong maxRows = limitedQuery.maxRows();
        int fetchSize = dialect.fetchSize();
        // limited() asks for one row past maxRows, so that an exceeded limit is seen.
        return maxRows.isEmpty() || fetchSize <= 0 || maxRows.getAsLong() >= fetchSize;
    }

    /** The query with the dialect's placeholder around each value whose type its SQL must spell. */
    private Query placeheld(Query query) {
        return query.withPlaceholders(dialect.lexicalRules(), dialect::placeholder);
    }

    /**
     * Pushes a row limit down as SQL ({@link com.carto.connections.spi.Dialect#limit}), one row past it so that "exactly at
     * the limit" reads differently from "over it": the warehouse plans for the limit and stops early, and
     * {@link ResultLimits} still reports an exceeded limit. Without a limit the SQL is the caller's own.
     */
    private Query limited(Query query) {
        if (query.maxRows().isEmpty()) {
            return query;
        }
        long rows = query.maxRows().getAsLong();
        return query.withSql(
                dialect.limit(stripTrailingSemicolons(query.sql()), rows == Long.MAX_VALUE ? rows : rows + 1));
    }

    @Override
    public long execute(Query statement) {
        Query statementQuery =
                placeheld(requireNonNull(statement, "statement is null").resolve(dialect.lexicalRules()));
        String what = "Statement on connection " + settings.connectionId();
        try (Connection connection = borrow(what);
                PreparedStatement prepared = prepare(connection, statementQuery)) {
            bind(prepared, statementQuery.parameters());
            prepared.execute();
            long count = prepared.getLargeUpdateCount();
            return Math.max(count, 0);
        } catch (SQLException e) {
            if (connectionLost(e)) {
                // Not retried: the statement may have run before the connection went.
                evictIdleConnections();
            }
            throw JdbcErrors.translate(dialect, what, e);
        }
    }

    @Override
    public Catalog catalog() {
        return new InformationSchemaCatalog(this, dialect);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A one-part name is created in the connection's {@code tempLocation}; the schema of the target (the
     * temp location or the given one) is created when missing. Each part is quoted by the dialect, so any text
     * names exactly one object.
     */
    @Override
    public void createTable(List<String> table, Query query) {
        requireWriteBack();
        List<String> target = target(table);
        Query positional = requireNonNull(query, "query is null").resolve(dialect.lexicalRules());
        String qualified = dialect.qualifiedName(target);
        if (target.size() > 1) {
            execute(Query.sql(dialect.createSchemaIfNotExists(dialect.quoteIdentifier(target.get(target.size() - 2)))));
        }
        execute(positional.withSql(dialect.createTableAs(qualified, positional.sql())));
    }

    /** {@inheritDoc} A one-part name is dropped from the connection's {@code tempLocation}, as it was created. */
    @Override
    public void dropTable(List<String> table) {
        requireWriteBack();
        execute(Query.sql(dialect.dropTableIfExists(dialect.qualifiedName(target(table)))));
    }

    /** A provider that does not declare write-back fails as the SPI says, whatever SQL its dialect could write. */
    private void requireWriteBack() {
        if (!writeBack) {
            throw new ConnectionException(ErrorCategory.UNSUPPORTED, "this provider cannot write query results back");
        }
    }

    private List<String> target(List<String> table) {
        requireNonNull(table, "table is null");
        if (table.isEmpty()) {
            throw new IllegalArgumentException("a table name needs at least one part");
        }
        return table.size() == 1 ? List.of(settings.options().tempLocation(), table.get(0)) : List.copyOf(table);
    }

    /** Borrows a pooled connection within the connection's queryTimeout; the caller closes it. Package-private for the catalog. */
    Connection borrow(String what) {
        return borrow(
                what, System.nanoTime() + settings.options().queryTimeout().toNanos());
    }

    /**
     * Borrows a pooled connection by {@code deadlineNanos} (of {@link System#nanoTime()}), in short slices: between
     * them a login that failed since the borrow began fails the borrow at once (a server that is down refuses every
     * login, and waiting out the borrow timeout only delays that answer), and the deadline holds to within a slice.
     * At the deadline a login that was still waited for makes the failure a timeout.
     */
    private Connection borrow(String what, long deadlineNanos) {
        HikariPool current = pool();
        long started = System.nanoTime();
        while (true) {
            if (closed) {
                throw closedFailure();
            }
            long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            try {
                return current.getConnection(Math.max(1, Math.min(remainingMillis, BORROW_SLICE_MILLIS)));
            } catch (SQLTransientConnectionException e) {
                // HikariCP's "no connection within the timeout"; anything else (a pool shut down) fails at once below.
                Optional<SQLException> loginFailure = loginFailures.since(started);
                if (loginFailure.isPresent()) {
                    throw JdbcErrors.translate(dialect, what, loginFailure.get());
                }
                if (deadlineNanos - System.nanoTime() <= 0) {
                    if (current.getTotalConnections() < maximumPoolSize()) {
                        // The pool had room, so the wait was for a login: the server was reached and may answer given
                        // more time.
                        throw new ConnectionException(
                                ErrorCategory.TIMEOUT,
                                what + ": no login within its timeout (at most the connection's queryTimeout of "
                                        + settings.options().queryTimeout().toMillis() + " ms)",
                                e);
                    }
                    throw JdbcErrors.translate(dialect, what, e);
                }
            } catch (SQLException e) {
                throw closed ? closedFailure() : JdbcErrors.translate(dialect, what, e);
            }
        }
    }

    /** The effective timeout of a statement: its own, capped by the connection's. */
    Duration timeout(Optional<Duration> requested) {
        Duration cap = settings.options().queryTimeout();
        return requested.filter(timeout -> timeout.compareTo(cap) < 0).orElse(cap);
    }

    private PreparedStatement prepare(Connection connection, Query query) throws SQLException {
        PreparedStatement statement = prepareStatement(connection, query);
        statement.setQueryTimeout(seconds(timeout(query.timeout())));
        return statement;
    }

    /** A query's statement, which its {@link StalledReadAbort} cancels at the deadline instead of the driver. */
    private PreparedStatement prepareWatched(Connection connection, Query query, StalledReadAbort watch)
            throws SQLException {
        PreparedStatement statement = prepareStatement(connection, query);
        watch.statement(statement);
        return statement;
    }

    private PreparedStatement prepareStatement(Connection connection, Query query) throws SQLException {
        PreparedStatement statement =
                connection.prepareStatement(query.sql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(dialect.fetchSize());
        return statement;
    }

    static int seconds(Duration duration) {
        return JdbcDialect.wholeSeconds(duration);
    }

    /**
     * A value the driver cannot send (a Java type it has no SQL type for) is the caller's mistake, told by parameter
     * number and Java type rather than as the driver's advice to call {@code setObject} with a type.
     */
    private void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int index = 0; index < parameters.size(); index++) {
            Object value = parameters.get(index);
            try {
                dialect.bind(statement, index + 1, value);
            } catch (SQLException refused) {
                throw new InvalidConfigurationException(List.of(new InvalidConfigurationException.Problem(
                        "parameters",
                        "parameter " + (index + 1)
                                + (value == null
                                        ? ""
                                        : " (a " + value.getClass().getName() + ")") + " cannot be sent: "
                                + JdbcErrors.describe(refused))));
            }
        }
    }

    /**
     * The columns of an executed query: typed as its result set reports them, named as described, except the geometry
     * columns (a projection's result holds its bytes), which keep the type their description gave, and what the
     * dialect takes from the description where its driver reports less ({@link JdbcDialect#resultColumn}). Fills in
     * {@code geometries} when the query was not described. Extra SRID columns of a projection are left out.
     */
    private static List<Column> executedColumns(
            JdbcDialect dialect,
            List<Column> reported,
            @Nullable List<Column> described,
            List<GeometryColumn> geometries) {
        if (described == null) {
            reported.forEach(
                    column -> geometries.add(column.type() == ColumnType.GEOMETRY ? GeometryColumn.EWKB : null));
            return reported;
        }
        List<Column> columns = new ArrayList<>(described.size());
        for (int index = 0; index < described.size(); index++) {
            Column column = described.get(index);
            // A rewritten query's result names its columns c1…cN; the description has the user's names.
            if (geometries.get(index) != null) {
                columns.add(column);
            } else {
                Column executed = dialect.resultColumn(column, reported.get(index));
                columns.add(new Column(column.name(), executed.type(), executed.nativeType()));
            }
        }
        return columns;
    }

    private List<Column> columns(ResultSetMetaData metadata) throws SQLException {
        return JdbcTypes.columns(dialect, metadata);
    }

    /**
     * The dialect's read of each geometry column, and whether the query must be wrapped to apply them: only when some
     * read projects its column or selects an SRID beside it. SRID expressions come after the query's own columns.
     */
    private GeometrySelect geometrySelect(List<Column> columns) {
        List<String> expressions = new ArrayList<>();
        List<String> srids = new ArrayList<>();
        List<GeometryColumn> geometries = new ArrayList<>(columns.size());
        boolean rewritten = false;
        for (int index = 0; index < columns.size(); index++) {
            Column column = columns.get(index);
            String quoted = dialect.quoteIdentifier("c" + (index + 1));
            if (column.type() != ColumnType.GEOMETRY) {
                expressions.add(quoted);
                geometries.add(null);
                continue;
            }
            GeometryRead read = dialect.geometryRead(quoted, column.nativeType());
            expressions.add(read.expression());
            rewritten |=
                    !read.expression().equals(quoted) || read.sridExpression().isPresent();
            read.sridExpression().ifPresent(srids::add);
            geometries.add(
                    GeometryColumn.of(read, read.sridExpression().isPresent() ? columns.size() + srids.size() : 0));
        }
        expressions.addAll(srids);
        return new GeometrySelect(expressions, geometries, rewritten);
    }

    private record GeometrySelect(List<String> expressions, List<GeometryColumn> geometries, boolean rewritten) {}

    private static String stripTrailingSemicolons(String sql) {
        String trimmed = sql.strip();
        while (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).stripTrailing();
        }
        return trimmed;
    }

    /** UNAVAILABLE, not the pool's own "has been closed" failure: a retry through the facade opens a new client. */
    private ConnectionException closedFailure() {
        return new ConnectionException(
                ErrorCategory.UNAVAILABLE, "the client of connection " + settings.connectionId() + " is closed");
    }

    private HikariPool pool() {
        HikariPool current = pool;
        if (current != null && !closed) {
            return current;
        }
        synchronized (poolLock) {
            if (closed) {
                throw closedFailure();
            }
            if (pool == null) {
                try {
                    HikariConfig config = poolConfig();
                    config.validate();
                    pool = new HikariPool(config);
                } catch (HikariPool.PoolInitializationException e) {
                    if (e.getCause() instanceof ConnectionException cause) {
                        throw cause;
                    }
                    if (e.getCause() instanceof SQLException cause) {
                        throw JdbcErrors.translate(dialect, "Connecting " + settings.connectionId(), cause);
                    }
                    throw new ConnectionException(
                            ErrorCategory.UNAVAILABLE, "Connecting " + settings.connectionId() + " failed", e);
                }
                LOG.debug("Opened pool for connection {} as {}", settings.connectionId(), settings.identity());
            }
            return pool;
        }
    }

    private int maximumPoolSize() {
        return settings.options().maxConcurrentQueries();
    }

    private HikariConfig poolConfig() {
        HikariConfig config = new HikariConfig();
        // "viewer:alice" becomes "viewer.alice": HikariCP refuses a colon in a name it registers in JMX.
        config.setPoolName(
                "carto-" + settings.connectionId() + "-" + settings.identity().replace(':', '.'));
        // Opening a connection is part of the query that needed it, so the connection's queryTimeout bounds it.
        Duration login = settings.options().queryTimeout();
        config.setDataSource(
                new DriverDataSource(factory, dialect.connectTimeoutProperties(login), login, loginFailures));
        config.setMaximumPoolSize(maximumPoolSize());
        // No socket is held while the connection is idle: thousands of registered connections cost nothing.
        config.setMinimumIdle(0);
        config.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        // HikariCP refuses a borrow timeout under 250 ms.
        config.setConnectionTimeout(Math.max(250, Math.min(BORROW_TIMEOUT.toMillis(), login.toMillis())));
        // The pool starts empty; a borrow that sees a login fail (a wrong password, a server that is down) fails at
        // once instead of after the borrow timeout.
        config.setInitializationFailTimeout(-1);
        config.setScheduledExecutor(context.scheduler());
        return config;
    }

    private static void release(Connection connection, @Nullable PreparedStatement statement, boolean inTransaction) {
        try (connection;
                PreparedStatement ignored = statement) {
            if (inTransaction) {
                connection.rollback();
            }
        } catch (SQLException | RuntimeException e) {
            // The pool discards a broken connection; the caller already has the original failure. (databricks-jdbc
            // throws the SDK's unchecked exception when closing a statement the warehouse no longer knows.)
        }
    }

    /** Closes the pool, then the factory's resources, which the pool's connections may have needed until then. */
    @Override
    public void close() {
        synchronized (poolLock) {
            if (closed) {
                return;
            }
            closed = true;
            if (pool != null) {
                try {
                    pool.shutdown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                LOG.debug("Closed pool for connection {} as {}", settings.connectionId(), settings.identity());
            }
        }
        factory.close();
    }

    @Override
    public String toString() {
        return "JdbcWarehouseClient[" + settings.connectionId() + " as " + settings.identity() + ", " + factory.url()
                + "]";
    }
}
