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
 * (keep them in step), timed over every page: the page query alone; the page query followed by the two reads of the
 * page's secrets and groups the store made until December 2026 ({@code in (<101 ids>)}, in one transaction); the
 * single statement that aggregated each row's secrets (with their ciphertexts) and groups, until December 6; and the
 * store's single statement, which aggregates the secrets' names and the groups. On PostgreSQL also the plan of the
 * first page's single statement. Diagnosis only: it is not compared against anything and decides nothing.
 */
final class ListingDiagnosis {
    private static final String COLUMNS = "id, organization_id, owner_id, name, provider_id, auth_method, properties,"
            + " advanced, created_at, updated_at, version, sharing";
    private static final String GROUPS_AGGREGATE =
            " case when sharing = 'GROUPS' then (select array_agg(g.group_name order by g.group_name)"
                    + " from carto_connection_groups g where g.connection_id = carto_connections.id) end as sharing_groups";
    private static final String CIPHERTEXT_AGGREGATES =
            ", (select array_agg(array[s.secret_key, s.key_id, s.ciphertext] order by s.secret_key)"
                    + " from carto_connection_secrets s where s.connection_id = carto_connections.id) as secrets,"
                    + GROUPS_AGGREGATE;
    private static final String NAME_AGGREGATES = ", (select array_agg(s.secret_key) from carto_connection_secrets s"
            + " where s.connection_id = carto_connections.id) as secret_keys," + GROUPS_AGGREGATE;
    private static final String WHERE = " from carto_connections where organization_id = ? and name > ?"
            + " and (owner_id = ? or sharing in ('ORGANIZATION', 'VIEWER_CREDENTIALS') or sharing = 'GROUPS' and"
            + " (select count(*) from carto_connection_groups g where g.connection_id = carto_connections.id"
            + " and g.group_name in (?, ?, ?)) > 0) order by organization_id, name limit 101";
    private static final String PAGE = "select " + COLUMNS + WHERE;
    private static final String SINGLE_WITH_CIPHERTEXTS = "select " + COLUMNS + CIPHERTEXT_AGGREGATES + WHERE;
    private static final String SINGLE = "select " + COLUMNS + NAME_AGGREGATES + WHERE;
    private static final int ROUNDS = 3;

    /** What one pass sends per page. */
    private enum Variant {
        PAGE_ONLY("the page query alone"),
        TWO_MORE_READS("+ the secrets and groups in two `in (<101 ids>)` reads, one transaction (previous store)"),
        WITH_CIPHERTEXTS("one statement, secrets `[key, key id, ciphertext]` and groups aggregated per row (store until"
                + " December 6)"),
        ONE_STATEMENT("the store's one statement, secret names and groups aggregated per row (current store)");

        final String description;

        Variant(String description) {
            this.description = description;
        }
    }

    private ListingDiagnosis() {}

    static String describe(Connection database, boolean postgres) throws SQLException {
        StringBuilder notes = new StringBuilder("Diagnosis (the store's statements by hand, per pass over all pages,"
                + " median of " + ROUNDS + " passes after one discarded):");
        for (Variant variant : Variant.values()) {
            pass(database, variant);
            List<Double> millis = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                millis.add(pass(database, variant));
            }
            Collections.sort(millis);
            notes.append(String.format(Locale.ROOT, " %s %.1f ms;", variant.description, millis.get(ROUNDS / 2)));
        }
        if (postgres) {
            notes.append(" First page's plan of the one statement: ")
                    .append(plan(database, ""))
                    .append('.');
        }
        return notes.toString();
    }

    /**
     * Among many connections, where a late page's time goes on the PostgreSQL store: the plans of the first page and
     * of the page after {@code lateAfter} (a name near the end of what the viewer sees), with the buffers each node
     * read. No timing passes: at this size they would take longer than the comparison itself.
     */
    static String describeLatePage(Connection database, String lateAfter) throws SQLException {
        return "Plans of the one statement, with buffers: first page " + plan(database, "") + "; a late page (after `"
                + lateAfter + "`) " + plan(database, lateAfter) + ".";
    }

    /** One pass over every page the viewer sees, in milliseconds. */
    private static double pass(Connection database, Variant variant) throws SQLException {
        long started = System.nanoTime();
        String after = "";
        boolean autoCommit = database.getAutoCommit();
        database.setAutoCommit(variant != Variant.TWO_MORE_READS);
        try {
            for (; ; ) {
                List<String> ids = new ArrayList<>();
                List<String> names = new ArrayList<>();
                String sql = switch (variant) {
                    case PAGE_ONLY, TWO_MORE_READS -> PAGE;
                    case WITH_CIPHERTEXTS -> SINGLE_WITH_CIPHERTEXTS;
                    case ONE_STATEMENT -> SINGLE;
                };
                try (PreparedStatement select = database.prepareStatement(sql)) {
                    bind(select, after);
                    try (ResultSet row = select.executeQuery()) {
                        while (row.next()) {
                            ids.add(row.getString(1));
                            names.add(row.getString(4));
                            for (int column = 5; column <= 8; column++) {
                                row.getString(column);
                            }
                            if (variant == Variant.WITH_CIPHERTEXTS || variant == Variant.ONE_STATEMENT) {
                                row.getArray(13);
                                row.getArray(14);
                            }
                        }
                    }
                }
                if (variant == Variant.TWO_MORE_READS && !ids.isEmpty()) {
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
                    database.commit();
                }
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

    /**
     * The plan's nodes in one line with their actual rows, loops and shared buffers, e.g. {@code Limit (rows=101
     * loops=1; hit=5) ← Index Scan … (0.6 ms)}.
     */
    private static String plan(Connection database, String after) throws SQLException {
        List<String> nodes = new ArrayList<>();
        String time = "";
        try (PreparedStatement explain =
                database.prepareStatement("explain (analyze, buffers, costs off, timing off) " + SINGLE)) {
            bind(explain, after);
            try (ResultSet row = explain.executeQuery()) {
                while (row.next()) {
                    String line = row.getString(1).strip();
                    if (line.startsWith("Execution Time")) {
                        time = line.substring("Execution Time: ".length());
                    } else if (line.startsWith("Buffers:") && !nodes.isEmpty()) {
                        int last = nodes.size() - 1;
                        nodes.set(last, nodes.get(last).replaceFirst("\\)$", "; " + line.substring(9) + ")"));
                    } else if (line.startsWith("->") || nodes.isEmpty()) {
                        nodes.add(line.replaceFirst("^->\\s*", "")
                                .replaceAll("\\s*\\(actual (rows=\\d+ loops=\\d+)\\)", " ($1)"));
                    }
                }
            }
        }
        return "`" + String.join(" ← ", nodes) + "` (" + time + ")";
    }
}
