package com.carto.connections.spi.jdbc;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Catalog;
import com.carto.connections.query.Page;
import com.carto.connections.query.PageRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * A catalog read from the ANSI {@code information_schema} or the dialect's views of the same shape
 * ({@link CatalogViews}), paginated by keyset (the page token is the last name
 * seen), filtered by name in the warehouse, bounded by the request's deadline. Every name is a bound parameter:
 * no identifier is ever spliced into this SQL.
 */
final class InformationSchemaCatalog implements Catalog {
    private static final Base64.Encoder TOKEN_ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder TOKEN_DECODER = Base64.getUrlDecoder();

    private final JdbcWarehouseClient client;
    private final JdbcDialect dialect;
    private final CatalogViews views;

    InformationSchemaCatalog(JdbcWarehouseClient client, JdbcDialect dialect) {
        this.client = client;
        this.dialect = dialect;
        this.views = dialect.catalogViews();
    }

    @Override
    public Page<Database> databases(PageRequest request) {
        try (Connection connection = client.borrow("Catalog")) {
            String current = dialect.currentDatabase(connection);
            boolean matches =
                    request.nameContains().map(text -> contains(current, text)).orElse(true)
                            && request.pageToken().isEmpty();
            return new Page<>(matches ? List.of(new Database(current)) : List.of(), Optional.empty());
        } catch (SQLException e) {
            throw JdbcErrors.translate(dialect, "Listing databases", e);
        }
    }

    @Override
    public Page<Schema> schemas(String database, PageRequest request) {
        String sql = "select schema_name from " + views.schemas()
                + " where " + views.schemasDatabase() + " = ? and " + after("schema_name", request) + " and "
                + like("schema_name")
                + " order by " + text("schema_name");
        List<Schema> schemas = new ArrayList<>();
        query(
                sql,
                request,
                "Listing schemas",
                resultSet -> schemas.add(new Schema(database, resultSet.getString(1))),
                database);
        return page(schemas, request, Schema::name);
    }

    @Override
    public Page<Table> tables(String database, String schema, PageRequest request) {
        String sql = "select table_name, table_type from " + views.tables()
                + " where " + views.database() + " = ? and " + views.schema() + " = ? and "
                + after("table_name", request)
                + " and "
                + like("table_name")
                + " order by " + text("table_name");
        List<Table> tables = new ArrayList<>();
        query(
                sql,
                request,
                "Listing tables",
                resultSet -> tables.add(new Table(database, schema, resultSet.getString(1), resultSet.getString(2))),
                database,
                schema);
        return page(tables, request, Table::name);
    }

    @Override
    public Page<TableColumn> columns(String database, String schema, String table, PageRequest request) {
        String sql = "select column_name, data_type, "
                + views.userDefinedTypeName().orElse("data_type")
                + ", is_nullable, ordinal_position from " + views.columns()
                + " where " + views.database() + " = ? and " + views.schema() + " = ? and table_name = ?"
                + " and ordinal_position > ? and " + like("column_name") + " order by ordinal_position";
        int afterPosition = request.pageToken()
                .map(InformationSchemaCatalog::decode)
                .map(Integer::valueOf)
                .orElse(0);
        List<TableColumn> columns = new ArrayList<>();
        queryWith(
                sql,
                request,
                "Listing columns",
                resultSet -> {
                    String dataType = resultSet.getString(2);
                    String udtName = resultSet.getString(3);
                    String nativeType =
                            dataType.equals("USER-DEFINED") || dataType.equals("ARRAY") ? udtName : dataType;
                    columns.add(new TableColumn(
                            resultSet.getString(1),
                            JdbcTypes.fromName(dialect, nativeType),
                            nativeType,
                            "YES".equalsIgnoreCase(resultSet.getString(4)),
                            resultSet.getInt(5)));
                },
                statement -> {
                    statement.setString(1, database);
                    statement.setString(2, schema);
                    statement.setString(3, table);
                    statement.setInt(4, afterPosition);
                    statement.setString(5, pattern(request));
                });
        return page(columns, request, column -> Integer.toString(column.position()));
    }

    private void query(String sql, PageRequest request, String what, RowConsumer consumer, String... scope) {
        queryWith(sql, request, what, consumer, statement -> {
            int index = 1;
            for (String value : scope) {
                statement.setString(index++, value);
            }
            Optional<String> after = request.pageToken().map(InformationSchemaCatalog::decode);
            if (after.isPresent()) {
                statement.setString(index++, after.get());
            }
            statement.setString(index, pattern(request));
        });
    }

    private void queryWith(String sql, PageRequest request, String what, RowConsumer consumer, Binder binder) {
        try (Connection connection = client.borrow(what);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setQueryTimeout(JdbcWarehouseClient.seconds(request.deadline()));
            // One more than the page tells whether another page follows.
            statement.setMaxRows(request.size() + 1);
            binder.bind(statement);
            try (ResultSet resultSet = statement.executeQuery()) {
                while (resultSet.next()) {
                    consumer.accept(resultSet);
                }
            }
        } catch (SQLException e) {
            throw JdbcErrors.translate(dialect, what, e);
        }
    }

    private static <T> Page<T> page(List<T> rows, PageRequest request, Function<T, String> key) {
        if (rows.size() <= request.size()) {
            return new Page<>(rows, Optional.empty());
        }
        List<T> items = rows.subList(0, request.size());
        return new Page<>(items, Optional.of(encode(key.apply(items.get(items.size() - 1)))));
    }

    private static String text(String column) {
        return "cast(" + column + " as varchar(4000))";
    }

    /**
     * The keyset condition, only once a page token names where the previous page ended: binding an empty string for
     * "from the start" would compare with NULL on Oracle, where the empty string is NULL, and list nothing.
     */
    private static String after(String column, PageRequest request) {
        return request.pageToken().isPresent() ? text(column) + " > ?" : "1 = 1";
    }

    private static String like(String column) {
        return "lower(" + text(column) + ") like ? escape '!'";
    }

    private static String pattern(PageRequest request) {
        String text = request.nameContains().orElse("").toLowerCase(Locale.ROOT);
        return "%" + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    private static boolean contains(String name, String text) {
        return name.toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT));
    }

    private static String encode(String name) {
        return TOKEN_ENCODER.encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        try {
            return new String(TOKEN_DECODER.decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ConnectionException(
                    ErrorCategory.INVALID_CONFIGURATION, "pageToken is not a token this catalog issued");
        }
    }

    @FunctionalInterface
    private interface RowConsumer {
        void accept(ResultSet resultSet) throws SQLException;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }
}
