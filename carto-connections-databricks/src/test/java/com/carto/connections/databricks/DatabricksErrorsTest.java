package com.carto.connections.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.check.CheckStage;
import com.carto.connections.check.StageResult;
import com.carto.connections.databricks.fake.StatementExecutionFake;
import com.carto.connections.databricks.fake.StatementExecutionFake.Failure;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.spi.WarehouseClient;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The service's error answers, as the fake gives them in their documented shapes, through the real driver, to the
 * SDK's categories: HTTP failures of the REST API (docs.databricks.com/api/workspace, "Error codes") and failed
 * statements with their error classes (docs.databricks.com/error-messages/error-classes.html).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabricksErrorsTest {
    private final TestClients clients = new TestClients();
    private final StatementExecutionFake fake = StatementExecutionFake.start(
            DatabricksProviderTest.TOKEN, DatabricksProviderTest.WAREHOUSE, Set.of("main"));

    @AfterAll
    void stop() {
        fake.close();
        clients.close();
    }

    Stream<Arguments> httpFailures() {
        return Stream.of(
                Arguments.of("401 UNAUTHENTICATED", Failure.unauthenticated(), ErrorCategory.AUTHENTICATION),
                Arguments.of("403 PERMISSION_DENIED", Failure.permissionDenied(), ErrorCategory.PERMISSION_DENIED),
                Arguments.of("429 REQUEST_LIMIT_EXCEEDED", Failure.rateLimited(), ErrorCategory.UNAVAILABLE),
                Arguments.of(
                        "503 TEMPORARILY_UNAVAILABLE (warehouse starting)",
                        Failure.warehouseStarting(DatabricksProviderTest.WAREHOUSE),
                        ErrorCategory.UNAVAILABLE),
                Arguments.of(
                        "404 RESOURCE_DOES_NOT_EXIST",
                        new Failure(404, "RESOURCE_DOES_NOT_EXIST", "SQL warehouse does not exist.", Optional.empty()),
                        ErrorCategory.NOT_FOUND));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("httpFailures")
    void categorizesTheServicesHttpFailures(String name, Failure failure, ErrorCategory expected) {
        fake.fail(failure);
        try (WarehouseClient client =
                clients.open(fake.port(), DatabricksProviderTest.properties(), Map.of("queryTimeout", 20))) {
            Throwable thrown =
                    catchThrowable(() -> client.query(Query.sql("select 1")).close());

            assertThat(thrown).isInstanceOf(ConnectionException.class);
            assertThat(((ConnectionException) thrown).category())
                    .as(thrown.getMessage())
                    .isEqualTo(expected);
        } finally {
            fake.recover();
        }
    }

    Stream<Arguments> failedStatements() {
        return Stream.of(
                Arguments.of("PARSE_SYNTAX_ERROR", "selec 1", ErrorCategory.INVALID_CONFIGURATION),
                Arguments.of("TABLE_OR_VIEW_NOT_FOUND", "select * from carto_no_such_table", ErrorCategory.NOT_FOUND),
                Arguments.of(
                        "UNRESOLVED_COLUMN",
                        "select carto_no_such_column from range(0, 1)",
                        ErrorCategory.INVALID_CONFIGURATION));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failedStatements")
    void categorizesFailedStatementsByTheirErrorClass(String errorClass, String sql, ErrorCategory expected) {
        try (WarehouseClient client = clients.open(fake.port())) {
            Throwable thrown = catchThrowable(() -> client.query(Query.sql(sql)).close());

            assertThat(thrown).isInstanceOf(ConnectionException.class);
            // The driver puts the service's message on a line the SDK's summary leaves out.
            assertThat(thrown.getCause()).hasMessageContaining("[" + errorClass + "]");
            assertThat(((ConnectionException) thrown).category()).isEqualTo(expected);
        }
    }

    @Test
    void hintsAtThePersonalAccessTokenNotAUserNameWhenTheWorkspaceRefusesTheToken() {
        Map<String, Object> properties = new HashMap<>(DatabricksProviderTest.properties());
        properties.put("token", "dapi-not-the-workspace-token");
        try (WarehouseClient client = clients.open(fake.port(), properties, Map.of())) {
            CheckReport report = client.check(CheckOptions.defaults());

            StageResult failure = report.failure().orElseThrow(() -> new AssertionError(report.summary()));
            assertThat(failure.stage()).isEqualTo(CheckStage.AUTHENTICATE);
            assertThat(failure.hint())
                    .hasValueSatisfying(hint ->
                            assertThat(hint).contains("personal access token").doesNotContain("user name"));
        }
    }
}
