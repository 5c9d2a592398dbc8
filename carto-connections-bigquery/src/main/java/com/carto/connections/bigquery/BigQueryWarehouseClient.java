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
import com.google.cloud.bigquery.Dataset;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobException;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.JobStatus;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableInfo;
import com.google.cloud.bigquery.TableResult;
import com.google.cloud.http.HttpTransportOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One BigQuery connection and identity on the google-cloud-bigquery client (REST). Every query is a job created
 * with an id of ours ({@code jobs.insert}), so a retried insert cannot run it twice and a timeout or {@link #close()}
 * can cancel it on BigQuery; every later call about the job (polls, results, cancel) names the job as BigQuery
 * returned it, location included. Its rows are read page by page from its destination table. The API calls of a
 * query are retried here, within the query's deadline ({@link DeadlineCalls#retrying}), not by the client library.
 * Thread-safe; the client holds no socket of its own between calls (the HTTP transport keeps its idle connections).
 */
final class BigQueryWarehouseClient implements WarehouseClient {
    /** Rows per {@code tabledata.list} page: BigQuery caps a page at 10 MB whatever the count. */
    static final long PAGE_SIZE = 10_000;

    private static final Duration FIRST_POLL = Duration.ofMillis(20);
    private static final Duration LONGEST_POLL = Duration.ofSeconds(1);
    // How long a cancel is retried, whatever is left of the query's own deadline.
    private static final Duration CANCEL_DEADLINE = Duration.ofSeconds(10);

    private final ConnectionSettings settings;
    private final ProviderContext context;
    private final BigQueryEndpoints endpoints;
    private final HttpTransportFactory transports;
    private final String billingProject;
    private final Optional<String> dataProject;
    private final Optional<String> location;
    private final Optional<Long> maximumBytesBilled;
    private final Duration tempTableExpiration;
    private final Map<String, String> labels;
    private final Semaphore running;
    // Our job id → the job to cancel when the client closes: as BigQuery returned it once it did.
    private final Map<String, JobId> runningJobs = new ConcurrentHashMap<>();
    private final Set<BigQueryQueryResult> openResults = ConcurrentHashMap.newKeySet();
    // Counted down by close(), waking the threads that wait between polls.
    private final CountDownLatch closing = new CountDownLatch(1);
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
        this.maximumBytesBilled = settings.properties()
                .find(BigQueryProperties.MAXIMUM_BYTES_BILLED)
                .map(Long::parseLong);
        this.tempTableExpiration = settings.get(BigQueryProperties.TEMP_TABLE_EXPIRATION);
        this.labels = BigQueryJobLabels.of(settings);
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

    /**
     * The service for jobs, built on first use: one attempt per call, since {@link DeadlineCalls#retrying} retries
     * within the query's deadline (the library's own retries know nothing of it, and retry 5xx answers not at all).
     * It stays usable while the client closes, to cancel the jobs still running.
     */
    synchronized BigQuery jobs() {
        if (service == null) {
            service = service(Duration.ofSeconds(60), 1);
        }
        return service;
    }

    /**
     * A service whose every HTTP call, retries included, ends within {@code deadline}: for check stages and catalog
     * pages. Building one is cheap; the HTTP transport underneath is shared.
     */
    BigQuery service(Duration deadline) {
        requireOpen();
        return service(deadline, 3);
    }

    /**
     * A service for catalog pages, whose calls end within {@code deadline}: one attempt per call, since
     * {@link DeadlineCalls#retrying} retries them.
     */
    BigQuery catalogService(Duration deadline) {
        requireOpen();
        return service(deadline, 1);
    }

    private BigQuery service(Duration deadline, int attempts) {
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
                        .setMaxAttempts(attempts)
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
        requireOpen();
        return new BigQueryCheck(this, context.clock()).run(options);
    }

    @Override
    public QueryResult query(Query query) {
        long started = System.nanoTime();
        acquire();
        try {
            Duration timeout = timeout(query);
            long deadline = started + timeout.toNanos();
            Job job = runToCompletion(query, null, deadline, timeout, location.orElse(null));
            String what = "BigQuery query " + job.getJobId().getJob();
            // The job as BigQuery returned it: getQueryResults names its location.
            TableResult rows = DeadlineCalls.retrying(
                    deadline,
                    timeout,
                    "the first page of " + what,
                    () -> job.getQueryResults(BigQuery.QueryResultsOption.pageSize(pageSize(query))));
            BigQueryQueryResult result = new BigQueryQueryResult(
                    what, rows, ResultLimits.of(what, query), this::resultClosed, timeout, started);
            openResults.add(result);
            if (closed) {
                // Closed while the first page came: the caller's first read fails as any read after the close does.
                result.closeBecause(closedMessage() + "; its result can no longer be read");
            }
            return result;
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

    private void resultClosed(BigQueryQueryResult result) {
        openResults.remove(result);
        running.release();
    }

    /** No more rows per page than the query may read, plus one to notice it read too many. */
    private static long pageSize(Query query) {
        return Math.min(PAGE_SIZE, query.maxRows().orElse(PAGE_SIZE) + 1);
    }

    @Override
    public long execute(Query statement) {
        long started = System.nanoTime();
        acquire();
        try {
            Duration timeout = timeout(statement);
            JobStatistics.QueryStatistics statistics = runToCompletion(
                            statement, null, started + timeout.toNanos(), timeout, location.orElse(null))
                    .getStatistics();
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

    /**
     * Writes the query's rows into a new table. A missing dataset is created where the data is: the connection's
     * location, or else where BigQuery would run the query (a free dry run tells), since a query cannot write to
     * another location than the one it reads. A table in the temp location expires after
     * {@code tempTableExpiration}.
     */
    @Override
    public void createTable(List<String> table, Query query) {
        TableId target = tableId(table);
        long started = System.nanoTime();
        acquire();
        try {
            Duration timeout = timeout(query);
            long deadline = started + timeout.toNanos();
            DatasetId dataset = DatasetId.of(target.getProject(), target.getDataset());
            boolean temp = isTempDataset(dataset);
            ensureDataset(
                    dataset,
                    temp,
                    deadline,
                    timeout,
                    () -> dryRunLocation(configuration(query, null, timeout), deadline, timeout));
            runToCompletion(query, target, deadline, timeout, location.orElse(null));
            if (temp) {
                expire(target, deadline, timeout);
            }
        } finally {
            running.release();
        }
    }

    /**
     * The check's write test: a one-row table in the temp dataset, written by a job in the data's location when it is
     * known, so that the test fails where a write-back of that data would (a temp dataset in another location).
     *
     * @param dataLocation the connection's location, or the one location of the data project's datasets; null when
     *     unknown
     */
    void writeTest(List<String> table, Duration stageDeadline, @Nullable String dataLocation) {
        TableId target = tableId(table);
        long started = System.nanoTime();
        acquire();
        try {
            long deadline = started + stageDeadline.toNanos();
            DatasetId dataset = DatasetId.of(target.getProject(), target.getDataset());
            String tempLocation =
                    ensureDataset(dataset, isTempDataset(dataset), deadline, stageDeadline, () -> dataLocation);
            if (dataLocation != null && tempLocation != null && !dataLocation.equalsIgnoreCase(tempLocation)) {
                throw new ConnectionException(
                        ErrorCategory.INVALID_CONFIGURATION,
                        "the temp dataset " + dataset.getDataset() + " is in " + tempLocation + " but the data is in "
                                + dataLocation + ": BigQuery cannot write query results to another location, so"
                                + " write-back would fail");
            }
            runToCompletion(Query.sql("select 1 as n"), target, deadline, stageDeadline, dataLocation);
        } finally {
            running.release();
        }
    }

    @Override
    public void dropTable(List<String> table) {
        requireOpen();
        TableId target = tableId(table);
        try {
            jobs().delete(target);
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

    private boolean isTempDataset(DatasetId dataset) {
        TableId temp = tableId(tempTable("t"));
        return temp.getProject().equals(dataset.getProject())
                && temp.getDataset().equals(dataset.getDataset());
    }

    /**
     * The dataset's location, creating it when missing: in the connection's location, or else in {@code dataLocation}
     * (where the data to be written is); the temp dataset with {@code tempTableExpiration} as its default table
     * lifetime, so that even tables written there by other means expire.
     */
    private @Nullable String ensureDataset(
            DatasetId dataset, boolean temp, long deadline, Duration timeout, Supplier<@Nullable String> dataLocation) {
        String what = "BigQuery dataset " + dataset.getDataset();
        try {
            Dataset existing =
                    DeadlineCalls.retrying(deadline, timeout, "reading " + what, () -> jobs().getDataset(dataset));
            if (existing != null) {
                return existing.getLocation();
            }
            DatasetInfo.Builder info = DatasetInfo.newBuilder(dataset);
            String where = location.orElseGet(dataLocation);
            if (where != null) {
                info.setLocation(where);
            }
            if (temp) {
                info.setDefaultTableLifetime(tempTableExpiration.toMillis());
            }
            try {
                return DeadlineCalls.retrying(deadline, timeout, "creating " + what, () -> jobs().create(info.build()))
                        .getLocation();
            } catch (ConnectionException e) {
                if (e.category() != ErrorCategory.CONFLICT) {
                    throw e;
                }
                // Created meanwhile, perhaps by an attempt of ours whose answer was lost.
                Dataset created =
                        DeadlineCalls.retrying(deadline, timeout, "reading " + what, () -> jobs().getDataset(dataset));
                return created == null ? where : created.getLocation();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException(ErrorCategory.UNAVAILABLE, "interrupted while creating " + what, e);
        }
    }

    /** Where BigQuery would run a job of this configuration: a dry run, which is free, tells. */
    private @Nullable String dryRunLocation(QueryJobConfiguration configuration, long deadline, Duration timeout) {
        QueryJobConfiguration dryRun = configuration.toBuilder().setDryRun(true).build();
        try {
            Job job = DeadlineCalls.retrying(
                    deadline, timeout, "a dry run of the query", () -> jobs().create(JobInfo.of(dryRun)));
            return job.getJobId() == null ? null : job.getJobId().getLocation();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException(ErrorCategory.UNAVAILABLE, "interrupted during a dry run", e);
        }
    }

    /**
     * Sets the table's expiration ({@code tables.patch} of {@code expirationTime} alone). A table left without one
     * would stay forever, so if that fails the table is dropped and the write-back fails.
     */
    private void expire(TableId target, long deadline, Duration timeout) {
        long expiration = context.clock().millis() + tempTableExpiration.toMillis();
        TableInfo patch = TableInfo.newBuilder(
                        target, StandardTableDefinition.newBuilder().build())
                .setExpirationTime(expiration)
                .build();
        try {
            DeadlineCalls.retrying(
                    deadline,
                    timeout,
                    "setting the expiration of BigQuery table " + target.getDataset() + "." + target.getTable(),
                    () -> jobs().update(patch));
        } catch (ConnectionException e) {
            dropQuietly(target);
            throw e;
        } catch (InterruptedException e) {
            dropQuietly(target);
            Thread.currentThread().interrupt();
            throw new ConnectionException(ErrorCategory.UNAVAILABLE, "interrupted while writing a BigQuery table", e);
        }
    }

    private void dropQuietly(TableId target) {
        try {
            jobs().delete(target);
        } catch (BigQueryException e) {
            // The write-back fails with the first error either way.
        }
    }

    /** The job's configuration: GoogleSQL, the connection's labels and byte limit, and BigQuery's own timeout. */
    private QueryJobConfiguration configuration(Query query, @Nullable TableId destination, Duration timeout) {
        // Named :references become BigQuery's own @name parameters, which bind by name like them.
        Query runnable = query.resolve(BigQueryDialect.INSTANCE.lexicalRules());
        QueryJobConfiguration.Builder configuration = QueryJobConfiguration.newBuilder(runnable.sql())
                .setUseLegacySql(false)
                .setJobTimeoutMs(Math.max(1, timeout.toMillis()))
                .setLabels(labels);
        maximumBytesBilled.ifPresent(configuration::setMaximumBytesBilled);
        BigQueryParameters.bind(configuration, runnable);
        if (destination != null) {
            configuration
                    .setDestinationTable(destination)
                    .setCreateDisposition(JobInfo.CreateDisposition.CREATE_IF_NEEDED)
                    .setWriteDisposition(JobInfo.WriteDisposition.WRITE_EMPTY);
        }
        return configuration.build();
    }

    /**
     * Creates the query job and waits for it, polling {@code jobs.get}; past the deadline the job is cancelled on
     * BigQuery, which also enforces the same limit itself ({@code jobTimeoutMs}) should this process die. Closing the
     * client cancels it too.
     *
     * @param jobLocation where the job must run, or null for where BigQuery puts it (the data's location)
     */
    Job runToCompletion(
            Query query, @Nullable TableId destination, long deadline, Duration timeout, @Nullable String jobLocation) {
        QueryJobConfiguration configuration = configuration(query, destination, timeout);
        JobId.Builder requested = JobId.newBuilder().setProject(billingProject).setJob("carto_" + UUID.randomUUID());
        if (jobLocation != null) {
            requested.setLocation(jobLocation);
        }
        JobId ours = requested.build();
        String name = ours.getJob();
        runningJobs.put(name, ours);
        JobId jobId = ours;
        try {
            Job job = insert(ours, configuration, deadline, timeout);
            jobId = returnedId(job, ours);
            runningJobs.put(name, jobId);
            Duration pause = FIRST_POLL;
            while (!isDone(job)) {
                if (closed) {
                    cancel(jobId);
                    throw new ConnectionException(
                            ErrorCategory.UNAVAILABLE, closedMessage() + "; BigQuery job " + name + " was cancelled");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    cancel(jobId);
                    throw new ConnectionException(
                            ErrorCategory.TIMEOUT,
                            "BigQuery job " + name + " ran longer than " + timeout.toMillis()
                                    + " ms and was cancelled");
                }
                if (closing.await(Math.min(pause.toNanos(), left), TimeUnit.NANOSECONDS)) {
                    continue;
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : pause.multipliedBy(2);
                JobId polled = jobId;
                Job current;
                try {
                    current = DeadlineCalls.retrying(
                            deadline, timeout, "a poll of BigQuery job " + name, () -> jobs().getJob(polled));
                } catch (ConnectionException e) {
                    // A poll that hung to the deadline or kept failing: the job may still run, and BigQuery bills it.
                    cancel(jobId);
                    throw new ConnectionException(
                            e.category(),
                            "BigQuery job " + name + " ran longer than " + timeout.toMillis()
                                    + " ms or could not be polled, and was cancelled; " + e.getMessage(),
                            e);
                }
                if (current == null) {
                    throw new ConnectionException(ErrorCategory.NOT_FOUND, "BigQuery job " + name + " vanished");
                }
                job = current;
            }
            if (job.getStatus() != null && job.getStatus().getError() != null) {
                throw BigQueryErrors.jobFailed(
                        "BigQuery job " + name, job.getStatus().getError());
            }
            return job;
        } catch (BigQueryException e) {
            throw BigQueryErrors.translate("BigQuery job " + name, e);
        } catch (InterruptedException e) {
            cancel(jobId);
            Thread.currentThread().interrupt();
            throw new ConnectionException(
                    ErrorCategory.UNAVAILABLE,
                    "interrupted while waiting for BigQuery job " + name + ", which was cancelled",
                    e);
        } finally {
            runningJobs.remove(name);
        }
    }

    /**
     * {@code jobs.insert} of our job id, retried within the deadline. A retry may meet the job that a lost attempt
     * created: BigQuery answers 409 and the client library reads that job back by our id, which needs the job's
     * location; when the connection names none, a dry run (free) tells where the job runs first.
     */
    private Job insert(JobId ours, QueryJobConfiguration configuration, long deadline, Duration timeout)
            throws InterruptedException {
        JobId[] id = {ours};
        int[] attempts = {0};
        return DeadlineCalls.retrying(deadline, timeout, "creating BigQuery job " + ours.getJob(), () -> {
            if (attempts[0]++ > 0 && id[0].getLocation() == null) {
                String where = dryRunLocation(configuration, deadline, timeout);
                if (where != null) {
                    id[0] = id[0].toBuilder().setLocation(where).build();
                }
            }
            try {
                return jobs().create(JobInfo.of(id[0], configuration));
            } catch (NullPointerException e) {
                // google-cloud-bigquery 2.59 reads an existing job back (after 409 duplicate) and dereferences what
                // it read without a check: null when the job is not found where the id says.
                throw new ConnectionException(
                        ErrorCategory.UNAVAILABLE,
                        "BigQuery accepted job " + ours.getJob() + " on an earlier attempt, but it could not be read"
                                + " back without its location; set the connection's location",
                        e);
            }
        });
    }

    /** The job's id as BigQuery returned it, which carries the location it resolved; ours where a part is missing. */
    private static JobId returnedId(Job job, JobId ours) {
        JobId returned = job.getJobId();
        if (returned == null) {
            return ours;
        }
        JobId.Builder id = JobId.newBuilder()
                .setProject(returned.getProject() != null ? returned.getProject() : ours.getProject())
                .setJob(returned.getJob() != null ? returned.getJob() : ours.getJob());
        String where = returned.getLocation() != null ? returned.getLocation() : ours.getLocation();
        if (where != null) {
            id.setLocation(where);
        }
        return id.build();
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

    /** Cancels the job where it runs; retried for a while, since the query's own deadline may have passed. */
    private void cancel(JobId jobId) {
        try {
            DeadlineCalls.retrying(
                    System.nanoTime() + CANCEL_DEADLINE.toNanos(),
                    CANCEL_DEADLINE,
                    "cancelling BigQuery job " + jobId.getJob(),
                    () -> jobs().cancel(jobId));
        } catch (ConnectionException e) {
            // The job may have just finished; BigQuery's own job timeout still applies.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
            throw closedFailure();
        }
    }

    private String closedMessage() {
        return "the client of connection " + settings.connectionId() + " is closed";
    }

    /** UNAVAILABLE, as the JDBC clients report it: a retry through the facade opens a new client. */
    private ConnectionException closedFailure() {
        return new ConnectionException(ErrorCategory.UNAVAILABLE, closedMessage());
    }

    /**
     * Cancels the jobs still running, whose callers then fail with {@code UNAVAILABLE}, and closes the results being
     * read, whose next read fails the same way.
     */
    @Override
    public void close() {
        synchronized (closing) {
            if (closed) {
                return;
            }
            closed = true;
        }
        closing.countDown();
        List.copyOf(runningJobs.values()).forEach(this::cancel);
        for (BigQueryQueryResult result : List.copyOf(openResults)) {
            result.closeBecause(closedMessage() + "; its result can no longer be read");
        }
    }

    @Override
    public String toString() {
        return "BigQueryWarehouseClient[" + settings.connectionId() + ", billingProject=" + billingProject
                + ", identity=" + settings.identity() + (closed ? ", closed" : "") + "]";
    }
}
