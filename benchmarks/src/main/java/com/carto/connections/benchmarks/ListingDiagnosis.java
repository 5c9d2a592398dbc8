package com.carto.connections.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Where the listing's time goes: the statements {@code JdbcConnectionStore.list} sends per page, copied here by hand
 * (keep them in step), timed over every page with and without a {@code LIMIT}, and with and without the page's
 * secret and group reads; on PostgreSQL also the plan of the first page's query both ways. Diagnosis only: it is not
 * compared against anything and decides nothing.
 */
final class ListingDiagnosis {
    private static final String PAGE =
            "select id, organization_id, owner_id, name, provider_id, auth_method, properties, advanced,"
                    + " created_at, updated_at, version, sharing from carto_connections where organization_id = ? and name > ?"
                    + " and (owner_id = ? or sharing in ('ORGANIZATION', 'VIEWER_CREDENTIALS') or sharing = 'GROUPS' and exists"
                    + " (select 1 from carto_connection_groups g where g.connection_id = carto_connections.id and g.group_name in (?, ?, ?)))"
                    + " order by name";
    private static final int ROUNDS = 3;

    private ListingDiagnosis() {}

    static String describe(Connection database, boolean postgres) throws SQLException {
        StringBuilder notes = new StringBuilder("Diagnosis (the store's statements by hand, median of " + ROUNDS
                + " passes over all pages after one discarded):");
        pass(database, false, true);
        for (boolean limit : List.of(false, true)) {
            for (boolean secretsAndGroups : List.of(false, true)) {
                List<Double> millis = new ArrayList<>();
                for (int round = 0; round < ROUNDS; round++) {
                    millis.add(pass(database, limit, secretsAndGroups));
                }
                Collections.sort(millis);
                notes.append(String.format(
                        Locale.ROOT,
                        " page query %s%s %.1f ms;",
                        limit ? "with `limit 101`" : "as sent (setMaxRows 101, no LIMIT)",
                        secretsAndGroups ? " + secrets + groups" : "",
                        millis.get(ROUNDS / 2)));
            }
        }
        if (postgres) {
            notes.append(" First page's plan as sent: ")
                    .append(plan(database, ""))
                    .append("; with `limit 101`: ")
                    .append(plan(database, " limit 101"))
                    .append('.');
        }
        return notes.toString();
    }

    /** One pass over every page the viewer sees, in milliseconds. */
    private static double pass(Connection database, boolean limit, boolean secretsAndGroups) throws SQLException {
        long started = System.nanoTime();
        String after = "";
        boolean autoCommit = database.getAutoCommit();
        database.setAutoCommit(false);
        try {
            for (; ; ) {
                List<String> ids = new ArrayList<>();
                List<String> names = new ArrayList<>();
                try (PreparedStatement select = database.prepareStatement(PAGE + (limit ? " limit 101" : ""))) {
                    bind(select, after);
                    select.setMaxRows(VisibleListing.PAGE_SIZE + 1);
                    try (ResultSet row = select.executeQuery()) {
                        while (row.next()) {
                            ids.add(row.getString(1));
                            names.add(row.getString(4));
                            for (int column = 5; column <= 8; column++) {
                                row.getString(column);
                            }
                        }
                    }
                }
                if (secretsAndGroups && !ids.isEmpty()) {
                    String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
                    readAll(
                            database,
                            "select connection_id, secret_key, ciphertext, key_id from carto_connection_secrets"
                                    + " where connection_id in (" + in + ") order by secret_key",
                            ids);
                    readAll(
                            database,
                            "select connection_id, group_name from carto_connection_groups where connection_id in ("
                                    + in + ")",
                            ids);
                }
                database.commit();
                if (ids.size() <= VisibleListing.PAGE_SIZE) {
                    return (System.nanoTime() - started) / 1e6;
                }
                after = names.get(VisibleListing.PAGE_SIZE - 1);
            }
        } finally {
            database.setAutoCommit(autoCommit);
        }
    }

    private static void bind(PreparedStatement select, String after) throws SQLException {
        select.setString(1, BenchFacade.ORGANIZATION);
        select.setString(2, after);
        select.setString(3, VisibleListing.VIEWER.userId());
        List<String> groups = new ArrayList<>(VisibleListing.VIEWER.groups());
        Collections.sort(groups);
        for (int index = 0; index < groups.size(); index++) {
            select.setString(4 + index, groups.get(index));
        }
    }

    private static void readAll(Connection database, String sql, List<String> ids) throws SQLException {
        try (PreparedStatement select = database.prepareStatement(sql)) {
            for (int index = 0; index < ids.size(); index++) {
                select.setString(index + 1, ids.get(index));
            }
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    row.getString(2);
                }
            }
        }
    }

    /** The plan's nodes in one line, e.g. {@code Sort ← Bitmap Heap Scan … (3.9 ms)}. */
    private static String plan(Connection database, String suffix) throws SQLException {
        List<String> nodes = new ArrayList<>();
        String time = "";
        try (PreparedStatement explain = database.prepareStatement("explain (analyze, costs off) " + PAGE + suffix)) {
            bind(explain, "");
            try (ResultSet row = explain.executeQuery()) {
                while (row.next()) {
                    String line = row.getString(1).strip();
                    if (line.startsWith("Execution Time")) {
                        time = line.substring("Execution Time: ".length());
                    } else if (line.startsWith("->") || nodes.isEmpty()) {
                        String node = line.replaceFirst("^->\\s*", "").replaceAll("\\s*\\(actual.*", "");
                        if (!node.startsWith("Bitmap Index Scan")
                                || nodes.stream().noneMatch(n -> n.startsWith("Bitmap Index Scan"))) {
                            nodes.add(node);
                        }
                    }
                }
            }
        }
        return "`" + String.join(" ← ", nodes) + "` (" + time + ")";
    }
}
