package com.carto.connections.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.carto.connections.Connection;
import com.carto.connections.access.Principal;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "query",
        mixinStandardHelpOptions = true,
        header = "Run SQL on a connection and stream the result to standard output.",
        description = {
            "Runs the warehouse's own SQL on the connection as the acting principal and streams the rows to"
                    + " standard output as they arrive, through the SDK's result writers: memory stays constant"
                    + " whatever the row count.",
            "Formats: json (the SQL API document: schema, rows, meta), geojson (a FeatureCollection, geometry from"
                    + " the first geometry column or --geometry-column), csv (RFC 4180, geometry as WKT), ndjson (one"
                    + " JSON object a row).",
            "Parameters are bound, never spliced: --param NAME=VALUE for :NAME in the SQL, or --arg VALUE for each"
                    + " ? in order (not both). Values are text; cast them in the SQL (:n::int) for other types.",
            "A failure part way (a timeout, --max-rows) exits with its category's code after the rows written;"
                    + " json then closes the document with meta.error, geojson is left unclosed."
        },
        footer = {
            "  carto-connections query --store ./data/connections --user alice --org acme gis-prod \\",
            "      'select id, name, geom from parcels where zone = :zone' --param zone=R1 --format geojson",
            "  carto-connections query ... gis-prod 'select * from parcels' --format csv --max-rows 100000 > parcels.csv",
            "  echo 'select 1 as one' | carto-connections query ... gis-prod - --format ndjson"
        })
final class QueryCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Mixin
    StoreOptions store = new StoreOptions();

    @Mixin
    PrincipalOptions principal = new PrincipalOptions();

    @Parameters(index = "0", paramLabel = "CONNECTION", description = "The connection's name or id.")
    String reference = "";

    @Parameters(index = "1", paramLabel = "SQL", description = "The SQL, or - to read it from standard input.")
    String sql = "";

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "json, geojson, csv or ndjson; default: ${DEFAULT-VALUE}.")
    QueryFormat format = QueryFormat.JSON;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Binds :NAME; repeat for several.")
    Map<String, String> named = new LinkedHashMap<>();

    @Option(names = "--arg", paramLabel = "VALUE", description = "Binds the next ?; repeat in order.")
    List<String> positional = new ArrayList<>();

    @Option(
            names = "--geometry-column",
            paramLabel = "COLUMN",
            description = "GeoJSON: the geometry column (default: the first).")
    @Nullable
    String geometryColumn;

    @Option(names = "--max-rows", paramLabel = "N", description = "Stop with LIMIT_EXCEEDED (exit 16) past N rows.")
    @Nullable
    Long maxRows;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            description =
                    "Cancel the query after this long (500ms, 30s, 5m), capped by the connection's" + " queryTimeout.")
    @Nullable
    String timeout;

    QueryCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws IOException {
        Principal acting = principal.principal(terminal);
        Query query = query();
        try (Session session = Session.open(store, terminal)) {
            Connection connection = ConnectionRefs.resolve(session.connections(), acting, reference);
            try (QueryResult rows = session.connections().query(acting, connection.id(), query)) {
                write(rows, terminal.out());
            } finally {
                terminal.out().flush();
            }
        }
        return ExitCodes.OK;
    }

    private Query query() throws IOException {
        String text = sql.equals("-") ? new String(System.in.readAllBytes(), UTF_8) : sql;
        if (text.isBlank()) {
            throw InvalidConfigurationException.of("SQL", "is empty");
        }
        Query query = Query.sql(text);
        for (String value : positional) {
            query = query.param(value);
        }
        for (Map.Entry<String, String> parameter : named.entrySet()) {
            query = query.param(parameter.getKey(), parameter.getValue());
        }
        if (maxRows != null) {
            if (maxRows < 1) {
                throw InvalidConfigurationException.of("--max-rows", "must be at least 1");
            }
            query = query.maxRows(maxRows);
        }
        if (timeout != null) {
            query = query.timeout(Durations.parse("--timeout", timeout));
        }
        return query;
    }

    private void write(QueryResult rows, OutputStream out) throws IOException {
        switch (format) {
            case JSON -> {
                rows.writeJson(out);
                out.write('\n');
            }
            case GEOJSON -> {
                if (geometryColumn != null) {
                    rows.writeGeoJson(out, geometryColumn);
                } else {
                    rows.writeGeoJson(out);
                }
                out.write('\n');
            }
            case CSV -> rows.writeCsv(out);
            case NDJSON -> rows.writeNdjson(out);
        }
    }
}
