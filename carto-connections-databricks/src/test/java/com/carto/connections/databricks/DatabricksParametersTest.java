package com.carto.connections.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.databricks.fake.StatementExecutionFake;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Column;
import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.WarehouseClient;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Parameters of the Java types databricks-jdbc 3.0.1 refuses or mistypes through {@code setObject} (notes part E),
 * bound by the dialect through the setters and casts that work, read back from the fake, which types each bind by the
 * {@code type} the driver sends ([EXECUTE] parameters).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabricksParametersTest {
    private final TestClients clients = new TestClients();
    private final StatementExecutionFake fake = StatementExecutionFake.start(
            DatabricksProviderTest.TOKEN, DatabricksProviderTest.WAREHOUSE, Set.of("main"));
    private final WarehouseClient client = clients.open(fake.port());

    @AfterAll
    void stop() {
        client.close();
        fake.close();
        clients.close();
    }

    private @Nullable Object roundTrip(Object value, ColumnType type) {
        try (QueryResult result = client.query(Query.sql("select ? as `v`").param(value))) {
            assertThat(result.columns()).extracting(Column::type).containsExactly(type);
            assertThat(result.next()).isTrue();
            return result.value(0);
        }
    }

    @Test
    void bindsABigDecimalAsADecimal() {
        assertThat((BigDecimal) roundTrip(new BigDecimal("12.345"), ColumnType.DECIMAL))
                .isEqualByComparingTo("12.345");
    }

    @Test
    void bindsABooleanAsABoolean() {
        assertThat(roundTrip(Boolean.TRUE, ColumnType.BOOLEAN)).isEqualTo(true);
    }

    @Test
    void bindsBytesAsHexTextThatUnhexTurnsBackIntoBinary() {
        assertThat((byte[]) roundTrip(new byte[] {0, 1, 127, -128, -1}, ColumnType.BYTES))
                .containsExactly(0, 1, 127, -128, -1);
    }

    @Test
    void bindsALocalDateAsADateNotAsATimestamp() {
        assertThat(roundTrip(LocalDate.of(2024, 2, 29), ColumnType.DATE)).isEqualTo(LocalDate.of(2024, 2, 29));
    }

    @Test
    void bindsAStringWithQuotesAsOneValue() {
        assertThat(roundTrip("it's a \\ \"quote\"", ColumnType.STRING)).isEqualTo("it's a \\ \"quote\"");
    }

    @Test
    void refusesALocalTimeNamingTheParameterForDatabricksHasNoTimeType() {
        assertThatThrownBy(() -> client.query(Query.sql("select ? as `v`").param(LocalTime.NOON))
                        .close())
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION))
                .hasMessageContaining("parameter 1")
                .hasMessageContaining("TIME");
    }

    @Test
    void sendsEveryParameterTypedNeverInlinedIntoTheSql() {
        assertThat(roundTrip(42L, ColumnType.INTEGER)).isEqualTo(42L);

        // supportManyParameters=1 would have sent "select 42 as `v`", and a date unquoted (notes part E).
        assertThat(fake.lastStatement()).isEqualTo("select ? as `v`");
    }
}
