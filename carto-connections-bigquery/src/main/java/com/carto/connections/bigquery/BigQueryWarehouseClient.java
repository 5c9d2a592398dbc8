package com.carto.connections.bigquery;

import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Catalog;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.ResultLimits;
import com.carto.connections.spi.WarehouseClient;
import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.http.HttpTransportFactory;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobException;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.JobStatus;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableResult;
import com.google.cloud.http.HttpTransportOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;

/**
 * One BigQuery connection and identity on the google-cloud-bigquery client (REST). Every query is a job created
 * with an id of ours ({@code jobs.insert}), so a timeout or {@link #close()} can cancel it on BigQuery, and its rows
 * are read page by page from its destination table. Thread-safe; the client holds no socket of its own between
 * calls (the HTTP transport keeps its idle connections).
 */
final class BigQueryWarehouseClient implements WarehouseClient {
    /** Rows per {@code tabledata.list} page: BigQuery caps a page at 10 MB whatever the count. */
    static final long PAGE_SIZE = 10_000;

    private static final Duration FIRST_POLL = Duration.ofMillis(20);
    private static final Duration LONGEST_POLL = Duration.ofSeconds(1);

    private final ConnectionSettings settings;
    private final ProviderContext context;
    private final BigQueryEndpoints endpoints;
    private final HttpTransportFactory transports;
    private final String billingProject;
    private final Optional<String> dataProject;
    private final Optional<String> location;
    private final Semaphore running;
    private final Set<JobId> runningJobs = ConcurrentHashMap.newKeySet();
    private @Nullable GoogleCredentials credentials;
    private @Nullable BigQuery service;
    private volatile boolean closed;

    BigQueryWarehouseClient(
            ConnectionSettings settings,
            ProviderContext context,
            BigQueryEndpoints endpoints,
            HttpTransportFactory transports) {
        this.settings = settings;
        this.endpoints = endpoints;
        this.transports = transports;
        this.context = context;
        this.billingProject = settings.get(BigQueryProperties.BILLING_PROJECT);
        this.dataProject = settings.properties().find(BigQueryProperties.DATA_PROJECT);
        this.location = settings.properties().find(BigQueryProperties.LOCATION);
        this.running = new Semaphore(settings.options().maxConcurrentQueries());
    }

    ConnectionSettings settings() {
        return settings;
    }

    String billingProject() {
        return billingProject;
    }

    /** The project the catalog and the check browse first: the data project, or the billing project. */
    String dataProject() {
        return dataProject.orElse(billingProject);
    }

    Optional<String> location() {
        return location;
    }

    BigQueryEndpoints endpoints() {
        return endpoints;
    }

    /** The credentials, parsed on first use; a key that does not parse fails every call the same way. */
    synchronized GoogleCredentials credentials() {
        if (credentials == null) {
            credentials = BigQueryCredentials.parse(settings, endpoints, transports, context.rotation());
        }
        return credentials;
    }

    /** The service with the connection's timeouts, built on first use. */
    synchronized BigQuery service() {
        requireOpen();
        if (service == null) {
            service = service(Duration.ofSeconds(60));
        }
        return service;
    }

    /**
     * A service whose every HTTP call, retries included, ends within {@code deadline}: for check stages and catalog
     * pages. Building one is cheap; the HTTP transport underneath is shared.
     */
    BigQuery service(Duration deadline) {
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, deadline.toMillis()));
        BigQueryOptions.Builder options = BigQueryOptions.newBuilder()
                // Always explicit, so the client never looks for a default project or credentials on the host.
                .setProjectId(billingProject)
                .setCredentials(credentials())
                .setTransportOptions(HttpTransportOptions.newBuilder()
                        .setHttpTransportFactory(transports)
                        .setConnectTimeout(Math.min(millis, 20_000))
                        .setReadTimeout(millis)
                        .build())
                .setRetrySettings(RetrySettings.newBuilder()
                        .setMaxAttempts(3)
                        .setInitialRetryDelayDuration(Duration.ofMillis(200))
                        .setRetryDelayMultiplier(2)
                        .setMaxRetryDelayDuration(Duration.ofSeconds(2))
                        .setTotalTimeoutDuration(deadline)
                        .build());
        location.ifPresent(options::setLocation);
        options.setHost(endpoints.api().toString());
        return options.build().getService();
    }

    @Override
    public CheckReport check(CheckOptions options) {
        return new BigQueryCheck(this, context.clock()).run(options);
    }

    @Override
    public QueryResult query(Query query) {
        long started = System.nanoTime();
        acquire();
        try {
            Job job = runToCompletion(query, null);
            String what = "BigQuery query " + job.getJobId().getJob();
            TableResult rows = DeadlineCalls.within(
                    started + timeout(query).toNanos(),
                    timeout(query),
                    "the first page of " + what,
                    () -> job.getQueryResults(BigQuery.QueryResultsOption.pageSize(pageSize(query))));
            return new BigQueryQueryResult(
                    what, rows, ResultLimits.of(what, query), running::release, timeout(query), started);
        } catch (BigQueryException e) {
            running.release();
            throw BigQueryErrors.translate("BigQuery query", e);
        } catch (JobException e) {
            running.release();
            throw e.getErrors() == null || e.getErrors().isEmpty()
                    ? new ConnectionException(ErrorCategory.INTERNAL, "BigQuery query failed without an error", e)
                    : BigQueryErrors.jobFailed("BigQuery query", e.getErrors().get(0));
        } catch (InterruptedException e) {
            running.release();
            Thread.currentThread().interrupt();
            throw new ConnectionException(ErrorCategory.UNAVAILABLE, "interrupted while reading a BigQuery result", e);
        } catch (RuntimeException e) {
            running.release();
            throw e;
        }
    }

    /** No more rows per page than the query may read, plus one to notice it read too many. */
    private static long pageSize(Query query) {
        return Math.min(PAGE_SIZE, query.maxRows().orElse(PAGE_SIZE) + 1);
    }

    @Override
    public long execute(Query statement) {
        acquire();
        try {
            JobStatistics.QueryStatistics statistics =
                    runToCompletion(statement, null).getStatistics();
            Long affected = statistics == null ? null : statistics.getNumDmlAffectedRows();
            return affected == null ? 0 : affected;
        } finally {
            running.release();
        }
    }

    @Override
    public Catalog catalog() {
        requireOpen();
        return new BigQueryCatalog(this);
    }

    @Override
    public void createTable(List<String> table, Query query) {
        TableId target = tableId(table);
        acquire();
        try {
            ensureDataset(DatasetId.of(target.getProject(), target.getDataset()));
            runToCompletion(query, target);
        } finally {
            running.release();
        }
    }

    @Override
    public void dropTable(List<String> table) {
        TableId target = tableId(table);
        try {
            service().delete(target);
        } catch (BigQueryException e) {
            throw BigQueryErrors.translate(
                    "dropping BigQuery table " + target.getDataset() + "." + target.getTable(), e);
        }
    }

    /** {@code [dataset, table]} in the billing project, or {@code [project, dataset, table]}. */
    TableId tableId(List<String> parts) {
        if (parts.size() == 2) {
            return TableId.of(billingProject, parts.get(0), parts.get(1));
        }
        if (parts.size() == 3) {
            return TableId.of(parts.get(0), parts.get(1), parts.get(2));
        }
        throw new IllegalArgumentException(
                "a BigQuery table is [dataset, table] or [project, dataset, table] but was " + parts);
    }

    /**
     * A table in the temp location, which names a dataset of the billing project ({@code carto_temp}) or of another
     * project ({@code project.dataset}).
     */
    List<String> tempTable(String name) {
        String location = settings.options().tempLocation();
        int dot = location.indexOf('.');
        return dot < 0
                ? List.of(location, name)
                : List.of(location.substring(0, dot), location.substring(dot + 1), name);
    }

    /** Creates a missing dataset in the connection's location, e.g. the temp location on first write-back. */
    void ensureDataset(DatasetId dataset) {
        try {
            if (service().getDataset(dataset) == null) {
                DatasetInfo.Builder info = DatasetInfo.newBuilder(dataset);
                location.ifPresent(info::setLocation);
                service().create(info.build());
            }
        } catch (BigQueryException e) {
            if (!"duplicate".equals(e.getReason())) {
                throw BigQueryErrors.translate("creating BigQuery dataset " + dataset.getDataset(), e);
            }
        }
    }

    /**
     * Creates the query job and waits for it, polling {@code jobs.get}; past the timeout the job is cancelled on
     * BigQuery, which also enforces the same limit itself ({@code jobTimeoutMs}) should this process die.
     */
    Job runToCompletion(Query query, @Nullable TableId destination) {
        Duration timeout = timeout(query);
        // Named :references become BigQuery's own @name parameters, which bind by name like them.
        Query runnable = query.resolve(BigQueryDialect.INSTANCE.lexicalRules());
        QueryJobConfiguration.Builder configuration = QueryJobConfiguration.newBuilder(runnable.sql())
                .setUseLegacySql(false)
                .setJobTimeoutMs(Math.max(1, timeout.toMillis()));
        BigQueryParameters.bind(configuration, runnable);
        if (destination != null) {
            configuration
                    .setDestinationTable(destination)
                    .setCreateDisposition(JobInfo.CreateDisposition.CREATE_IF_NEEDED)
                    .setWriteDisposition(JobInfo.WriteDisposition.WRITE_EMPTY);
        }
        JobId.Builder id = JobId.newBuilder().setProject(billingProject).setRandomJob();
        location.ifPresent(id::setLocation);
        JobId jobId = id.build();
        long deadline = System.nanoTime() + timeout.toNanos();
        runningJobs.add(jobId);
        try {
            Job job = service().create(JobInfo.of(jobId, configuration.build()));
            Duration pause = FIRST_POLL;
            while (!isDone(job)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    cancel(jobId);
                    throw new ConnectionException(
                            ErrorCategory.TIMEOUT,
                            "BigQuery job " + jobId.getJob() + " ran longer than " + timeout.toMillis()
                                    + " ms and was cancelled");
                }
                Thread.sleep(Math.min(pause.toMillis(), Duration.ofNanos(left).toMillis() + 1));
                pause = pause.multipliedBy(2).compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : pause.multipliedBy(2);
                try {
                    job = DeadlineCalls.within(
                            deadline,
                            timeout,
                            "a poll of BigQuery job " + jobId.getJob(),
                            () -> service().getJob(jobId));
                } catch (ConnectionException e) {
                    // A poll that hung to the deadline: the job may still run, and BigQuery bills it.
                    cancel(jobId);
                    throw new ConnectionException(
                            e.category(),
                            "BigQuery job " + jobId.getJob() + " ran longer than " + timeout.toMillis()
                                    + " ms and was cancelled; " + e.getMessage(),
                            e);
                }
                if (job == null) {
                    throw new ConnectionException(
                            ErrorCategory.NOT_FOUND, "BigQuery job " + jobId.getJob() + " vanished");
                }
            }
            if (job.getStatus() != null && job.getStatus().getError() != null) {
                throw BigQueryErrors.jobFailed(
                        "BigQuery job " + jobId.getJob(), job.getStatus().getError());
            }
            return job;
        } catch (BigQueryException e) {
            throw BigQueryErrors.translate("BigQuery job " + jobId.getJob(), e);
        } catch (InterruptedException e) {
            cancel(jobId);
            Thread.currentThread().interrupt();
            throw new ConnectionException(
                    ErrorCategory.UNAVAILABLE,
                    "interrupted while waiting for BigQuery job " + jobId.getJob() + ", which was cancelled",
                    e);
        } finally {
            runningJobs.remove(jobId);
        }
    }

    /** A query's own timeout, capped by the connection's. */
    private Duration timeout(Query query) {
        return query.timeout()
                .filter(own -> own.compareTo(settings.options().queryTimeout()) < 0)
                .orElse(settings.options().queryTimeout());
    }

    /** From the job as last read: {@code Job.isDone()} would ask BigQuery again. */
    private static boolean isDone(Job job) {
        return job.getStatus() != null
                && JobStatus.State.DONE.equals(job.getStatus().getState());
    }

    private void cancel(JobId jobId) {
        try {
            service().cancel(jobId);
        } catch (BigQueryException | ConnectionException e) {
            // The job may have just finished or the client be closing; BigQuery's own job timeout still applies.
        }
    }

    private void acquire() {
        requireOpen();
        if (!running.tryAcquire()) {
            throw new ConnectionException(
                    ErrorCategory.LIMIT_EXCEEDED,
                    "this connection already runs " + settings.options().maxConcurrentQueries()
                            + " queries (maxConcurrentQueries)");
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        List<JobId> toCancel = List.copyOf(runningJobs);
        toCancel.forEach(this::cancel);
        closed = true;
    }

    @Override
    public String toString() {
        return "BigQueryWarehouseClient[" + settings.connectionId() + ", billingProject=" + billingProject
                + ", identity=" + settings.identity() + (closed ? ", closed" : "") + "]";
    }
}
