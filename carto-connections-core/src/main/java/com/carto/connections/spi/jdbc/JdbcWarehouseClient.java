package com.carto.connections.spi.jdbc;

import static java.util.Objects.requireNonNull;

import com.carto.connections.query.Catalog;
import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.query.Column;
import com.carto.connections.query.ColumnType;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link WarehouseClient} of every JDBC provider: a lazily created HikariCP pool that holds no socket while
 * idle, streaming reads (autocommit off and a fetch size), server-side cancellation on timeout, normalized types,
 * geometry fetched as binary, and an {@code information_schema} catalog. A provider supplies its
 * {@link JdbcEndpoint} and {@link JdbcDialect}; see the PostgreSQL provider for an example. Thread-safe.
 */
public final class JdbcWarehouseClient implements WarehouseClient {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcWarehouseClient.class);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration BORROW_TIMEOUT = Duration.ofSeconds(30);

    private final ConnectionSettings settings;
    private final ProviderContext context;
    private final JdbcEndpoint endpoint;
    private final JdbcDialect dialect;
    private final boolean spatial;
    private final Object poolLock = new Object();
    private volatile @Nullable HikariDataSource pool;
    private volatile boolean closed;

    private JdbcWarehouseClient(
            ConnectionSettings settings, ProviderContext context, JdbcEndpoint endpoint, JdbcDialect dialect, boolean spatial) {
        this.settings = settings;
        this.context = context;
        this.endpoint = endpoint;
        this.dialect = dialect;
        this.spatial = spatial;
    }

    /**
     * Creates a client; touches no network.
     *
     * @param spatial whether the provider declares spatial support, so geometry columns are fetched as binary
     */
    public static JdbcWarehouseClient create(
            ConnectionSettings settings, ProviderContext context, JdbcEndpoint endpoint, JdbcDialect dialect, boolean spatial) {
        requireNonNull(settings, "settings is null");
        requireNonNull(context, "context is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(dialect, "dialect is null");
        return new JdbcWarehouseClient(settings, context, endpoint, dialect, spatial);
    }

    @Override
    public CheckReport check(CheckOptions options) {
        requireNonNull(options, "options is null");
        return new JdbcCheck(settings, endpoint, dialect, spatial, context.clock()).run(options);
    }

    @Override
    public QueryResult query(Query named) {
        Query query = requireNonNull(named, "query is null").positional();
        String what = "Query on connection " + settings.connectionId();
        long started = System.nanoTime();
        Connection connection = borrow(what);
        PreparedStatement statement = null;
        try {
            connection.setAutoCommit(false);
            statement = prepare(connection, query);
            ResultSetMetaData described = spatial ? statement.getMetaData() : null;
            List<Column> columns = described == null ? null : columns(described);
            if (columns != null && columns.stream().anyMatch(column -> column.type() == ColumnType.GEOMETRY)) {
                statement.close();
                statement = prepare(connection, query.withSql(geometryAsBinary(query.sql(), columns)));
            }
            bind(statement, query.parameters());
            ResultSet resultSet = statement.executeQuery();
            if (columns == null) {
                columns = columns(resultSet.getMetaData());
            }
            JdbcQueryResult result = new JdbcQueryResult(
                    dialect, what, connection, statement, resultSet, columns,
                    query.maxRows().orElse(0), query.maxBytes().orElse(0));
            result.cancelAfter(context.scheduler(), timeout(query.timeout()), Duration.ofNanos(System.nanoTime() - started));
            return result;
        } catch (SQLException e) {
            ConnectionException failure = JdbcErrors.translate(dialect, what, e);
            release(connection, statement);
            throw failure;
        } catch (RuntimeException e) {
            release(connection, statement);
            throw e;
        }
    }

    @Override
    public long execute(Query statement) {
        Query statementQuery = requireNonNull(statement, "statement is null").positional();
        String what = "Statement on connection " + settings.connectionId();
        try (Connection connection = borrow(what); PreparedStatement prepared = prepare(connection, statementQuery)) {
            bind(prepared, statementQuery.parameters());
            prepared.execute();
            long count = prepared.getLargeUpdateCount();
            return Math.max(count, 0);
        } catch (SQLException e) {
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
        List<String> target = target(table);
        Query positional = requireNonNull(query, "query is null").positional();
        String qualified = dialect.qualifiedName(target);
        if (target.size() > 1) {
            execute(Query.sql(dialect.createSchemaIfNotExists(dialect.quoteIdentifier(target.get(target.size() - 2)))));
        }
        execute(positional.withSql(dialect.createTableAs(qualified, positional.sql())));
    }

    /** {@inheritDoc} A one-part name is dropped from the connection's {@code tempLocation}, as it was created. */
    @Override
    public void dropTable(List<String> table) {
        execute(Query.sql(dialect.dropTableIfExists(dialect.qualifiedName(target(table)))));
    }

    private List<String> target(List<String> table) {
        requireNonNull(table, "table is null");
        if (table.isEmpty()) {
            throw new IllegalArgumentException("a table name needs at least one part");
        }
        return table.size() == 1 ? List.of(settings.options().tempLocation(), table.get(0)) : List.copyOf(table);
    }

    /** Borrows a pooled connection; the caller closes it. Package-private for the catalog. */
    Connection borrow(String what) {
        try {
            return pool().getConnection();
        } catch (SQLException e) {
            throw JdbcErrors.translate(dialect, what, e);
        }
    }

    /** The effective timeout of a statement: its own, capped by the connection's. */
    Duration timeout(Optional<Duration> requested) {
        Duration cap = settings.options().queryTimeout();
        return requested.filter(timeout -> timeout.compareTo(cap) < 0).orElse(cap);
    }

    private PreparedStatement prepare(Connection connection, Query query) throws SQLException {
        PreparedStatement statement =
                connection.prepareStatement(query.sql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(dialect.fetchSize());
        statement.setQueryTimeout(seconds(timeout(query.timeout())));
        if (query.maxRows().isPresent() && query.maxRows().getAsLong() < Integer.MAX_VALUE - 1) {
            // One row past the limit tells "exactly at the limit" from "over it" without reading further.
            statement.setMaxRows((int) query.maxRows().getAsLong() + 1);
        }
        return statement;
    }

    static int seconds(Duration duration) {
        return JdbcDialect.wholeSeconds(duration);
    }

    private static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int index = 0; index < parameters.size(); index++) {
            statement.setObject(index + 1, parameters.get(index));
        }
    }

    private List<Column> columns(ResultSetMetaData metadata) throws SQLException {
        int count = metadata.getColumnCount();
        List<Column> columns = new ArrayList<>(count);
        for (int index = 1; index <= count; index++) {
            String nativeType = metadata.getColumnTypeName(index);
            columns.add(new Column(
                    metadata.getColumnLabel(index),
                    JdbcTypes.fromJdbc(dialect, metadata.getColumnType(index), nativeType),
                    nativeType));
        }
        return columns;
    }

    private String geometryAsBinary(String sql, List<Column> columns) {
        List<String> expressions = new ArrayList<>(columns.size());
        for (int index = 0; index < columns.size(); index++) {
            Column column = columns.get(index);
            String quoted = dialect.quoteIdentifier("c" + (index + 1));
            expressions.add(column.type() == ColumnType.GEOMETRY
                    ? dialect.geometryAsEwkb(quoted, column.nativeType()).orElse(quoted)
                    : quoted);
        }
        return dialect.selectFrom(stripTrailingSemicolons(sql), expressions);
    }

    private static String stripTrailingSemicolons(String sql) {
        String trimmed = sql.strip();
        while (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).stripTrailing();
        }
        return trimmed;
    }

    private HikariDataSource pool() {
        HikariDataSource current = pool;
        if (current != null && !closed) {
            return current;
        }
        synchronized (poolLock) {
            if (closed) {
                // UNAVAILABLE, not the pool's own "has been closed" failure: a retry through the facade opens a new client.
                throw new ConnectionException(ErrorCategory.UNAVAILABLE, "the client of connection " + settings.connectionId() + " is closed");
            }
            if (pool == null) {
                try {
                    pool = new HikariDataSource(poolConfig());
                } catch (HikariPool.PoolInitializationException e) {
                    if (e.getCause() instanceof SQLException cause) {
                        throw JdbcErrors.translate(dialect, "Connecting " + settings.connectionId(), cause);
                    }
                    throw new ConnectionException(ErrorCategory.UNAVAILABLE, "Connecting " + settings.connectionId() + " failed", e);
                }
                LOG.debug("Opened pool for connection {} as {}", settings.connectionId(), settings.identity());
            }
            return pool;
        }
    }

    private HikariConfig poolConfig() {
        HikariConfig config = new HikariConfig();
        config.setPoolName("carto-" + settings.connectionId() + "-" + settings.identity());
        config.setDataSource(new DriverDataSource(endpoint.withProperties(dialect.connectTimeoutProperties(CheckOptions.DEFAULT_STAGE_DEADLINE))));
        config.setMaximumPoolSize(settings.options().maxConcurrentQueries());
        // No socket is held while the connection is idle: thousands of registered connections cost nothing.
        config.setMinimumIdle(0);
        config.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        config.setConnectionTimeout(BORROW_TIMEOUT.toMillis());
        // The pool is built on first use and tries one connection then, so a wrong password or a server that is
        // down fails that call at once instead of after the borrow timeout; the next call builds the pool again.
        config.setInitializationFailTimeout(1);
        config.setScheduledExecutor(context.scheduler());
        return config;
    }

    private static void release(Connection connection, @Nullable PreparedStatement statement) {
        try (connection; PreparedStatement ignored = statement) {
            connection.rollback();
        } catch (SQLException e) {
            // The pool discards a broken connection; the caller already has the original failure.
        }
    }

    @Override
    public void close() {
        synchronized (poolLock) {
            closed = true;
            if (pool != null) {
                pool.close();
                LOG.debug("Closed pool for connection {} as {}", settings.connectionId(), settings.identity());
            }
        }
    }

    @Override
    public String toString() {
        return "JdbcWarehouseClient[" + settings.connectionId() + " as " + settings.identity() + ", " + endpoint.url() + "]";
    }
}
