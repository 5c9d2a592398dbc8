package com.carto.connections.databricks;

import com.databricks.jdbc.api.impl.DatabricksResultSetMetaData;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * Fails a result that ends before the rows its manifest counted, instead of letting it end short.
 *
 * <p>databricks-jdbc 3.0.1 reads only the first chunk of a {@code JSON_ARRAY} result ({@code InlineJsonResult} never
 * follows {@code next_chunk_index}, notes part E), and its Arrow results need {@code java.nio} opened to it
 * ({@link DriverArrow}), so without that the provider takes the JSON path and a result larger than one chunk would
 * silently lose rows. The service's manifest counts every row ({@code total_row_count},
 * docs.databricks.com/api/workspace/statementexecution/getstatement), which the driver exposes as
 * {@link DatabricksResultSetMetaData#getTotalRows()}: when the driver's rows end, their count must be that total. A
 * caller that stops reading before the end is not checked.
 */
final class CompleteRows implements InvocationHandler {
    /** PostgreSQL's "data corrupted" (class XX, internal error): the SDK's categories call it {@code INTERNAL}. */
    static final String TRUNCATED = "XX001";

    private final ResultSet rows;
    private final long total;
    private long read;

    private CompleteRows(ResultSet rows, long total) {
        this.rows = rows;
        this.total = total;
    }

    /** The rows, checked against the manifest's count when they end; as they are when the driver gives no count. */
    static ResultSet guard(ResultSet rows) throws SQLException {
        ResultSetMetaData metadata = rows.getMetaData();
        if (!(metadata instanceof DatabricksResultSetMetaData described) || described.getTotalRows() < 0) {
            return rows;
        }
        return (ResultSet) Proxy.newProxyInstance(
                CompleteRows.class.getClassLoader(),
                new Class<?>[] {ResultSet.class},
                new CompleteRows(rows, described.getTotalRows()));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
        if (method.getName().equals("next") && method.getParameterCount() == 0) {
            return next();
        }
        try {
            return method.invoke(rows, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private boolean next() throws SQLException {
        if (rows.next()) {
            read++;
            return true;
        }
        if (read != total) {
            throw new SQLException(
                    "databricks-jdbc returned " + read + " of the " + total + " rows the warehouse counted in the"
                            + " result: it reads only the first chunk of a JSON_ARRAY result; start the JVM with "
                            + DriverArrow.openingOption() + " so that it reads Arrow results",
                    TRUNCATED);
        }
        return false;
    }
}
