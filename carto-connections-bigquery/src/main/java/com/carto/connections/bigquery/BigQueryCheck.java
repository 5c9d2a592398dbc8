package com.carto.connections.bigquery;

import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.check.CheckStage;
import com.carto.connections.check.StageResult;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.spi.NetworkStages;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Dataset;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The staged check, fitted to BigQuery: the API endpoint resolves → accepts a TCP connection → the credentials parse
 * and yield an access token → the billing project accepts a query job (a dry run, free) → the data project's
 * datasets list → a table can be written to and dropped from the temp dataset (optional) → spatial support, which
 * BigQuery always has (GEOGRAPHY is built in), so that stage passes without a call.
 */
final class BigQueryCheck {
    private final BigQueryWarehouseClient client;
    private final Clock clock;
    private final List<StageResult> results = new ArrayList<>();

    BigQueryCheck(BigQueryWarehouseClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    CheckReport run(CheckOptions options) {
        Duration deadline = options.stageDeadline();
        URI endpoint = client.endpoints().api();
        boolean passed = resolve(endpoint.getHost(), deadline)
                && connect(endpoint, deadline)
                && authenticate(deadline)
                && stage(
                        CheckStage.REACH_DATABASE,
                        deadline,
                        Set.of(BigQueryProperties.BILLING_PROJECT.name()),
                        "check the billing project id and that the account may run jobs in it (roles/bigquery.jobUser)",
                        service -> service.create(JobInfo.of(QueryJobConfiguration.newBuilder("select 1")
                                .setDryRun(true)
                                .setUseLegacySql(false)
                                .build())))
                && stage(
                        CheckStage.READ_METADATA,
                        deadline,
                        Set.of(dataProjectProperty()),
                        "check the project id and that the account may list its datasets (roles/bigquery.metadataViewer)",
                        service -> service.listDatasets(client.dataProject(), BigQuery.DatasetListOption.pageSize(1)));
        if (passed && options.writeTest()) {
            passed = writeTest(deadline);
        } else if (passed) {
            results.add(StageResult.skipped(CheckStage.WRITE_TEMP_TABLE, "not asked for"));
        }
        if (passed) {
            results.add(StageResult.passed(CheckStage.SPATIAL_SUPPORT, Duration.ZERO));
        }
        for (CheckStage stage : CheckStage.values()) {
            if (results.stream().noneMatch(result -> result.stage() == stage)) {
                results.add(StageResult.skipped(stage, "an earlier stage failed"));
            }
        }
        return new CheckReport(results);
    }

    private String dataProjectProperty() {
        return client.settings()
                        .properties()
                        .find(BigQueryProperties.DATA_PROJECT)
                        .isPresent()
                ? BigQueryProperties.DATA_PROJECT.name()
                : BigQueryProperties.BILLING_PROJECT.name();
    }

    private boolean resolve(String host, Duration deadline) {
        return record(network().resolve(host, deadline));
    }

    private boolean connect(URI endpoint, Duration deadline) {
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : "http".equals(endpoint.getScheme()) ? 80 : 443;
        return record(network().connect(endpoint.getHost(), port, deadline));
    }

    private NetworkStages network() {
        // The endpoint is the host application's, not a property: no property to suspect.
        return new NetworkStages(clock, Set.of());
    }

    private boolean record(StageResult result) {
        results.add(result);
        return result.status() == StageResult.Status.PASSED;
    }

    /** The credentials parse, and the token endpoint exchanges them for an access token. */
    private boolean authenticate(Duration deadline) {
        Instant start = clock.instant();
        Set<String> suspects = BigQueryCredentials.suspects(client.settings());
        String hint = "check the credentials, or create new ones";
        try {
            GoogleCredentials credentials = client.credentials();
            // An access token alone cannot be refreshed: BigQuery judges it at the next stage.
            if (!client.settings().authMethod().id().equals(BigQueryProvider.OAUTH_METHOD.id())
                    || client.settings()
                            .properties()
                            .find(BigQueryProperties.REFRESH_TOKEN)
                            .isPresent()) {
                CompletableFuture<Void> refresh = CompletableFuture.runAsync(
                        () -> {
                            try {
                                credentials.refresh();
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        },
                        runnable -> daemon(runnable).start());
                refresh.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            }
            results.add(StageResult.passed(CheckStage.AUTHENTICATE, since(start)));
            return true;
        } catch (ConnectionException e) {
            return fail(CheckStage.AUTHENTICATE, start, e.category(), suspects, e.getMessage(), hint);
        } catch (TimeoutException e) {
            return fail(
                    CheckStage.AUTHENTICATE,
                    start,
                    ErrorCategory.TIMEOUT,
                    suspects,
                    "no access token within " + deadline.toMillis() + " ms",
                    "try again; check the token endpoint");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException io ? io.getCause() : e.getCause();
            ErrorCategory category = BigQueryErrors.tokenFailure(cause);
            if (category == ErrorCategory.AUTHENTICATION) {
                return fail(
                        CheckStage.AUTHENTICATE,
                        start,
                        category,
                        suspects,
                        "the token endpoint refused the credentials",
                        hint);
            }
            return fail(
                    CheckStage.AUTHENTICATE,
                    start,
                    ErrorCategory.UNAVAILABLE,
                    suspects,
                    "could not get an access token ("
                            + (cause != null ? cause : e).getClass().getSimpleName() + ")",
                    "try again; check that this machine may reach the token endpoint");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(
                    CheckStage.AUTHENTICATE, start, ErrorCategory.UNAVAILABLE, suspects, "interrupted", "try again");
        }
    }

    /**
     * Writes a one-row table into the temp dataset (creating it where the data is when missing) and drops it. The
     * job runs in the data's location when it is known, and a temp dataset elsewhere fails the stage: write-back of
     * that data would fail the same way, since BigQuery writes query results only within one location.
     */
    private boolean writeTest(Duration deadline) {
        Instant start = clock.instant();
        List<String> table = client.tempTable("carto_check_" + Long.toHexString(System.nanoTime()));
        Set<String> suspects = client.location().isPresent()
                ? Set.of("tempLocation", BigQueryProperties.LOCATION.name())
                : Set.of("tempLocation");
        try {
            client.writeTest(table, deadline, dataLocation(deadline));
            client.dropTable(table);
            results.add(StageResult.passed(CheckStage.WRITE_TEMP_TABLE, since(start)));
            return true;
        } catch (ConnectionException e) {
            return fail(
                    CheckStage.WRITE_TEMP_TABLE,
                    start,
                    e.category(),
                    suspects,
                    e.getMessage(),
                    e.category() == ErrorCategory.INVALID_CONFIGURATION
                            ? "use a temp dataset in the data's location (tempLocation), or set the connection's location"
                            : "check that the account may create datasets and tables in the billing project"
                                    + " (roles/bigquery.dataEditor)");
        }
    }

    /**
     * Where the data is: the connection's location, or else the one location the data project's datasets (the first
     * page of them, the temp dataset left out) share; null when they are in several or there are none.
     */
    private @Nullable String dataLocation(Duration deadline) {
        if (client.location().isPresent()) {
            return client.location().get();
        }
        TreeSet<String> locations = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        TableId temp = client.tableId(client.tempTable("t"));
        try {
            for (Dataset dataset : client.service(deadline)
                    .listDatasets(client.dataProject(), BigQuery.DatasetListOption.pageSize(50))
                    .getValues()) {
                boolean isTemp = dataset.getDatasetId().getProject().equals(temp.getProject())
                        && dataset.getDatasetId().getDataset().equals(temp.getDataset());
                if (!isTemp && dataset.getLocation() != null) {
                    locations.add(dataset.getLocation());
                }
            }
        } catch (BigQueryException e) {
            return null;
        }
        return locations.size() == 1 ? locations.first() : null;
    }

    private interface Call {
        Object run(BigQuery service);
    }

    private boolean stage(CheckStage stage, Duration deadline, Set<String> suspects, String hint, Call call) {
        Instant start = clock.instant();
        try {
            call.run(client.service(deadline));
            results.add(StageResult.passed(stage, since(start)));
            return true;
        } catch (BigQueryException e) {
            ConnectionException failure = BigQueryErrors.translate(
                    stage.name().toLowerCase(Locale.ROOT).replace('_', ' '), e);
            Set<String> blamed = failure.category() == ErrorCategory.AUTHENTICATION
                    ? BigQueryCredentials.suspects(client.settings())
                    : suspects;
            return fail(stage, start, failure.category(), blamed, failure.getMessage(), hint);
        } catch (ConnectionException e) {
            return fail(stage, start, e.category(), suspects, e.getMessage(), hint);
        }
    }

    private static Thread daemon(Runnable runnable) {
        Thread thread = new Thread(runnable, "carto-bigquery-check-token");
        thread.setDaemon(true);
        return thread;
    }

    private boolean fail(
            CheckStage stage,
            Instant start,
            ErrorCategory category,
            Set<String> suspects,
            String message,
            String hint) {
        results.add(StageResult.failed(stage, since(start), category, suspects, message, hint));
        return false;
    }

    private Duration since(Instant start) {
        return Duration.between(start, clock.instant());
    }
}
