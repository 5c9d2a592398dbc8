package com.carto.connections.databricks;

import com.databricks.jdbc.api.ExecutionState;
import com.databricks.jdbc.api.IDatabricksResultSet;
import com.databricks.jdbc.api.IExecutionStatus;
import com.databricks.jdbc.api.impl.DatabricksConnection;
import com.databricks.jdbc.api.impl.DatabricksParameterMetaData;
import com.databricks.jdbc.api.impl.DatabricksPreparedStatement;
import com.databricks.jdbc.api.impl.DatabricksResultSet;
import com.databricks.jdbc.api.internal.IDatabricksSession;
import com.databricks.jdbc.api.internal.IDatabricksStatementInternal;
import com.databricks.jdbc.common.IDatabricksComputeResource;
import com.databricks.jdbc.dbclient.IDatabricksClient;
import com.databricks.jdbc.dbclient.impl.common.StatementId;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Runs queries through the statement execution API's asynchronous form, so that their statement id is known at once.
 *
 * <p>databricks-jdbc 3.0.1's {@code executeQuery()} posts the statement with {@code wait_timeout=10s} on a thread of
 * its own and learns the statement id only from that first answer, which the service holds until the statement ends
 * or the ten seconds pass: a {@code Statement.cancel()} before then sends nothing (notes part E), and an abort leaves
 * the driver polling. Here the statement is posted with {@code wait_timeout=0s} through the driver's own client (the
 * one its {@code IDatabricksStatement.executeAsync} uses, with the bound parameters that {@code executeAsync} would
 * drop), which the service answers at once with the id and {@code PENDING} (docs.databricks.com/api/workspace/
 * statementexecution/executestatement, "wait_timeout"); the id is then the driver statement's, so its {@code cancel()}
 * posts {@code /api/2.0/sql/statements/{id}/cancel}, and this thread polls until the statement ends. An interrupt of
 * the polling thread cancels the statement on the warehouse too. Stateless.
 */
final class AsyncStatements {
    /** The first polls come quickly, for the short queries that most are; then every driver poll interval. */
    private static final long FIRST_POLL_MILLIS = 10;

    /** The SQLSTATE of a statement cancelled on the warehouse: "query canceled", as PostgreSQL says it. */
    static final String CANCELLED = "57014";

    private static final Method EXECUTE_ASYNC = method(
            IDatabricksClient.class,
            "executeStatementAsync",
            String.class,
            IDatabricksComputeResource.class,
            Map.class,
            IDatabricksSession.class,
            IDatabricksStatementInternal.class);
    private static final Method BINDINGS = method(DatabricksParameterMetaData.class, "getParameterBindings");

    private AsyncStatements() {}

    /**
     * Runs the statement, reporting the driver client's unchecked failures (the SDK's exception for an HTTP status, e.g.
     * a 404 for a statement an abort closed) as the {@link SQLException} the driver's own execute wraps them in, the
     * SDK's exception as the cause that {@link DatabricksErrors} classifies.
     */
    static ResultSet executeQuery(PreparedStatement statement, String sql) throws SQLException {
        try {
            return run(statement, sql);
        } catch (RuntimeException e) {
            throw new SQLException(
                    "Error occurred during statement execution: " + e.getClass().getSimpleName(), e);
        }
    }

    private static ResultSet run(PreparedStatement statement, String sql) throws SQLException {
        DatabricksPreparedStatement prepared = statement.unwrap(DatabricksPreparedStatement.class);
        IDatabricksSession session = ((DatabricksConnection) prepared.getConnection()).getSession();
        IDatabricksClient client = session.getDatabricksClient();
        DatabricksResultSet result =
                post(client, sql, session, (DatabricksParameterMetaData) prepared.getParameterMetaData(), prepared);
        StatementId id = prepared.getStatementId();
        long pollMillis = Math.max(session.getConnectionContext().getAsyncExecPollInterval(), FIRST_POLL_MILLIS);
        long waitMillis = 0;
        while (running(result)) {
            try {
                TimeUnit.MILLISECONDS.sleep(waitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                client.cancelStatement(id);
                throw new SQLException("The query was interrupted and cancelled on the warehouse", CANCELLED, e);
            }
            waitMillis = waitMillis == 0 ? FIRST_POLL_MILLIS : Math.min(waitMillis * 2, pollMillis);
            result = client.getStatementResult(id, session, prepared);
        }
        ExecutionState state = result.getExecutionStatus().getExecutionState();
        if (state == ExecutionState.SUCCEEDED) {
            return result;
        }
        // A failed or cancelled statement's result holds nothing to close (closing it fails on its missing rows).
        throw failure(result.getExecutionStatus());
    }

    /**
     * {@code IDatabricksClient.executeStatementAsync} with the statement's bound parameters, both called by reflection:
     * the parameters' type is generated by the Immutables library, whose annotations the driver does not ship, so
     * naming it in code (even through the methods' signatures) fails the build's lint. Both methods are public.
     */
    private static DatabricksResultSet post(
            IDatabricksClient client,
            String sql,
            IDatabricksSession session,
            DatabricksParameterMetaData parameters,
            DatabricksPreparedStatement prepared)
            throws SQLException {
        try {
            Object bindings = BINDINGS.invoke(parameters);
            return (DatabricksResultSet)
                    EXECUTE_ASYNC.invoke(client, sql, session.getComputeResource(), bindings, session, prepared);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SQLException failure) {
                throw failure;
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new SQLException("the driver failed to post the statement", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("databricks-jdbc's executeStatementAsync or parameters are not public", e);
        }
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters) {
        try {
            return type.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("databricks-jdbc has no " + name + " of 3.0.1's shape", e);
        }
    }

    private static boolean running(IDatabricksResultSet result) {
        ExecutionState state = result.getExecutionStatus().getExecutionState();
        return state == ExecutionState.PENDING || state == ExecutionState.RUNNING;
    }

    /**
     * A statement that ended without rows, as the driver reports one: the service's message ({@code [ERROR_CLASS] …
     * SQLSTATE: xxxxx}), which {@link DatabricksErrors} classifies, and its SQLSTATE; a cancelled one as
     * {@value #CANCELLED}.
     */
    private static SQLException failure(IExecutionStatus status) {
        if (status.getExecutionState() == ExecutionState.ABORTED) {
            return new SQLException("The statement was cancelled on the warehouse", CANCELLED);
        }
        String message = status.getErrorMessage() == null ? "" : " " + status.getErrorMessage();
        return new SQLException(
                "Statement execution " + status.getExecutionState().name().toLowerCase(Locale.ROOT) + "." + message,
                status.getSqlState());
    }

    /**
     * Cancels the statement on the warehouse. A cancel that comes while the statement is still being posted (its id
     * not yet known) waits for the id on the calling thread, the core's canceller, for at most {@code patienceMillis}.
     */
    static void cancel(Statement statement, long patienceMillis) throws SQLException {
        IDatabricksStatementInternal running = statement.unwrap(IDatabricksStatementInternal.class);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(patienceMillis);
        @Nullable StatementId id = running.getStatementId();
        while (id == null && !statement.isClosed() && System.nanoTime() - deadline < 0) {
            try {
                TimeUnit.MILLISECONDS.sleep(FIRST_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            id = running.getStatementId();
        }
        if (id != null && !statement.isClosed()) {
            statement.cancel();
        }
    }
}
