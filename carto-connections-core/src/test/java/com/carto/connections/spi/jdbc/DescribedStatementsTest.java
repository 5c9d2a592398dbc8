package com.carto.connections.spi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.testing.ForwardingDriver;
import com.carto.connections.testing.PostgresFixture;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A spatial provider describes a statement before running it to find geometry columns; a statement described without
 * any runs at once the next time, unless its execution reports other columns than then.
 */
class DescribedStatementsTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    /** The real pgjdbc driver, counting the describes ({@code PreparedStatement.getMetaData} before executing). */
    private static final class CountingDriver extends ForwardingDriver {
        final AtomicInteger describes = new AtomicInteger();

        CountingDriver() {
            super(new org.postgresql.Driver());
        }

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            Connection connection = super.connect(url, info);
            return connection == null
                    ? null
                    : (Connection) Proxy.newProxyInstance(
                            Connection.class.getClassLoader(),
                            new Class<?>[] {Connection.class},
                            (proxy, method, arguments) -> {
                                Object result = invoke(connection, method, arguments);
                                return result instanceof PreparedStatement statement ? counted(statement) : result;
                            });
        }

        private PreparedStatement counted(PreparedStatement statement) {
            return (PreparedStatement) Proxy.newProxyInstance(
                    PreparedStatement.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class},
                    (proxy, method, arguments) -> {
                        if (method.getName().equals("getMetaData")) {
                            describes.incrementAndGet();
                        }
                        return invoke(statement, method, arguments);
                    });
        }

        private static Object invoke(Object target, java.lang.reflect.Method method, Object[] arguments)
                throws Throwable {
            try {
                return method.invoke(target, arguments);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    private final CountingDriver driver = new CountingDriver();
    private String database;
    private WarehouseClient client;

    @BeforeEach
    void open() {
        database = POSTGRES.createDatabase("described", true);
        POSTGRES.psql(
                database,
                "create table places (id int primary key, name text);"
                        + " insert into places values (1, 'first'), (2, 'second');");
        FixtureProvider provider = new FixtureProvider(
                new FixtureProvider.FixtureDialect(),
                FixtureProvider.ALL,
                settings -> FixtureProvider.factory(settings, driver)
                        .credentials(CredentialSource.secret("password", settings.get(JdbcProperties.PASSWORD)))
                        .build());
        client = provider.open(POSTGRES, database);
    }

    @AfterEach
    void close() {
        client.close();
    }

    private List<Object> firstRow(String sql) {
        try (QueryResult result = client.query(Query.sql(sql))) {
            assertThat(result.next()).isTrue();
            List<Object> row = new ArrayList<>();
            for (int column = 0; column < result.columns().size(); column++) {
                row.add(result.value(column));
            }
            return row;
        }
    }

    @Test
    void aStatementWithoutGeometryIsDescribedOnceAndThenRunsAtOnce() {
        for (int run = 0; run < 3; run++) {
            assertThat(firstRow("select id, name as label from places order by id"))
                    .containsExactly(1L, "first");
        }

        assertThat(driver.describes).hasValue(1);
    }

    @Test
    void theColumnsKeepTheirNamesAndTypesWhenTheDescribeIsSkipped() {
        String sql = "select id, name as label from places order by id";
        firstRow(sql);
        try (QueryResult result = client.query(Query.sql(sql))) {
            assertThat(result.columns())
                    .extracting(column -> column.name() + " " + column.type())
                    .containsExactly("id " + ColumnType.INTEGER, "label " + ColumnType.STRING);
        }
        assertThat(driver.describes).hasValue(1);
    }

    @Test
    void aStatementWithAGeometryIsDescribedEveryTime() {
        POSTGRES.psql(
                database, "create table shapes (id int, g geometry); insert into shapes values (1, 'POINT(1 2)');");

        firstRow("select id, g from shapes");
        firstRow("select id, g from shapes");

        assertThat(driver.describes).hasValue(2);
    }
}
