package com.carto.connections.bigquery;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Catalog;
import com.carto.connections.query.Page;
import com.carto.connections.query.PageRequest;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.bigquery.Bigquery;
import com.google.api.services.bigquery.model.ProjectList;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.Dataset;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.TableDefinition;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.http.HttpTransportOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Projects → datasets → tables → columns through the API ({@code datasets.list}, {@code tables.list},
 * {@code tables.get}), one API page per call with BigQuery's own page tokens; projects come from
 * {@code projects.list}. The API filters none of these by name, so the name filter applies to each page as it
 * arrives: a page may hold fewer items than asked for and still have a next one. Each call is retried as a query's
 * calls are ({@link DeadlineCalls#retrying}), within the request's deadline.
 */
final class BigQueryCatalog implements Catalog {
    private final BigQueryWarehouseClient client;

    BigQueryCatalog(BigQueryWarehouseClient client) {
        this.client = client;
    }

    /**
     * The projects the credentials can see ({@code projects.list}). google-cloud-bigquery has no call for it, so it
     * goes through the generated API client underneath, with the service's own transport, credentials and host.
     */
    @Override
    public Page<Database> databases(PageRequest request) {
        BigQuery service = client.catalogService(request.deadline());
        BigQueryOptions options = service.getOptions();
        HttpTransportOptions transport = (HttpTransportOptions) options.getTransportOptions();
        Bigquery api = new Bigquery.Builder(
                        transport.getHttpTransportFactory().create(),
                        GsonFactory.getDefaultInstance(),
                        transport.getHttpRequestInitializer(options))
                .setRootUrl(options.getHost().endsWith("/") ? options.getHost() : options.getHost() + "/")
                .setServicePath("bigquery/v2/")
                .setApplicationName("carto-connections")
                .build();
        ProjectList page = call(request, "listing projects", () -> {
            try {
                Bigquery.Projects.List list = api.projects().list().setMaxResults((long) request.size());
                request.pageToken().ifPresent(list::setPageToken);
                return list.execute();
            } catch (IOException e) {
                throw new BigQueryException(e);
            }
        });
        List<Database> projects = new ArrayList<>();
        for (ProjectList.Projects project :
                page.getProjects() == null ? List.<ProjectList.Projects>of() : page.getProjects()) {
            String name = project.getProjectReference().getProjectId();
            if (named(request).test(name)) {
                projects.add(new Database(name));
            }
        }
        return new Page<>(projects, token(page.getNextPageToken()));
    }

    @Override
    public Page<Schema> schemas(String database, PageRequest request) {
        BigQuery service = client.catalogService(request.deadline());
        List<BigQuery.DatasetListOption> options =
                new ArrayList<>(List.of(BigQuery.DatasetListOption.pageSize(request.size())));
        request.pageToken().ifPresent(token -> options.add(BigQuery.DatasetListOption.pageToken(token)));
        com.google.api.gax.paging.Page<Dataset> page = call(
                request,
                "listing the datasets of project " + database,
                () -> service.listDatasets(database, options.toArray(BigQuery.DatasetListOption[]::new)));
        List<Schema> schemas = new ArrayList<>();
        for (Dataset dataset : page.getValues()) {
            String name = dataset.getDatasetId().getDataset();
            if (named(request).test(name)) {
                schemas.add(new Schema(database, name));
            }
        }
        return new Page<>(schemas, token(page.getNextPageToken()));
    }

    @Override
    public Page<Table> tables(String database, String schema, PageRequest request) {
        BigQuery service = client.catalogService(request.deadline());
        List<BigQuery.TableListOption> options =
                new ArrayList<>(List.of(BigQuery.TableListOption.pageSize(request.size())));
        request.pageToken().ifPresent(token -> options.add(BigQuery.TableListOption.pageToken(token)));
        com.google.api.gax.paging.Page<com.google.cloud.bigquery.Table> page = call(
                request,
                "listing the tables of dataset " + database + "." + schema,
                () -> service.listTables(
                        DatasetId.of(database, schema), options.toArray(BigQuery.TableListOption[]::new)));
        List<Table> tables = new ArrayList<>();
        for (com.google.cloud.bigquery.Table table : page.getValues()) {
            String name = table.getTableId().getTable();
            if (named(request).test(name)) {
                tables.add(new Table(database, schema, name, kind(table.getDefinition())));
            }
        }
        return new Page<>(tables, token(page.getNextPageToken()));
    }

    @Override
    public Page<TableColumn> columns(String database, String schema, String table, PageRequest request) {
        BigQuery service = client.catalogService(request.deadline());
        com.google.cloud.bigquery.Table found = call(
                request,
                "reading table " + database + "." + schema + "." + table,
                () -> service.getTable(TableId.of(database, schema, table)));
        if (found == null) {
            throw new ConnectionException(ErrorCategory.NOT_FOUND, "no table " + database + "." + schema + "." + table);
        }
        com.google.cloud.bigquery.Schema tableSchema =
                found.getDefinition() == null ? null : found.getDefinition().getSchema();
        List<TableColumn> columns = new ArrayList<>();
        if (tableSchema != null) {
            int position = 0;
            for (Field field : tableSchema.getFields()) {
                position++;
                if (named(request).test(field.getName())) {
                    columns.add(new TableColumn(
                            field.getName(),
                            BigQueryValues.columnType(field),
                            BigQueryValues.nativeType(field),
                            field.getMode() != Field.Mode.REQUIRED,
                            position));
                }
            }
        }
        return slice(columns, request);
    }

    /** One API call, retried within the request's deadline; a table that is not there is null, not a failure. */
    private static <T> T call(PageRequest request, String what, DeadlineCalls.Call<T> call) {
        try {
            return DeadlineCalls.retrying(
                    System.nanoTime() + request.deadline().toNanos(), request.deadline(), what, call);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException(ErrorCategory.UNAVAILABLE, "interrupted while " + what, e);
        }
    }

    private static String kind(TableDefinition definition) {
        return definition == null || definition.getType() == null
                ? "TABLE"
                : definition.getType().name();
    }

    private static Predicate<String> named(PageRequest request) {
        return request.nameContains()
                .map(text -> text.toLowerCase(Locale.ROOT))
                .<Predicate<String>>map(
                        text -> name -> name.toLowerCase(Locale.ROOT).contains(text))
                .orElse(name -> true);
    }

    private static Optional<String> token(String next) {
        return next == null || next.isEmpty() ? Optional.empty() : Optional.of(next);
    }

    /** A page of a list already in memory; the token is the offset of the next item. */
    private static <T> Page<T> slice(List<T> items, PageRequest request) {
        int from;
        try {
            from = request.pageToken().map(Integer::parseInt).orElse(0);
        } catch (NumberFormatException e) {
            throw new ConnectionException(ErrorCategory.INVALID_CONFIGURATION, "not a page token of this listing");
        }
        if (from < 0 || from > items.size()) {
            throw new ConnectionException(ErrorCategory.INVALID_CONFIGURATION, "not a page token of this listing");
        }
        int to = Math.min(items.size(), from + request.size());
        return new Page<>(
                items.subList(from, to), to < items.size() ? Optional.of(Integer.toString(to)) : Optional.empty());
    }
}
