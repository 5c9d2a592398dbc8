package com.carto.connections.cli;

import com.carto.connections.Connection;
import com.carto.connections.access.Principal;
import com.carto.connections.check.CheckReport;
import com.carto.connections.check.StageResult;
import java.io.PrintWriter;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        header = "Run a connection's staged live check and print the stage table.",
        description = {
            "Checks a stored connection as the acting principal uses it (the owner's credentials, or the"
                    + " principal's own viewer credentials): RESOLVE_HOST, CONNECT, AUTHENTICATE, REACH_DATABASE,"
                    + " READ_METADATA, WRITE_TEMP_TABLE (when asked for) and SPATIAL_SUPPORT, each bounded by a"
                    + " deadline.",
            "Prints one row a stage: STAGE, STATUS (PASSED, WARNING, FAILED, SKIPPED), milliseconds, the"
                    + " category of a failure or warning, and its message, suspect properties and hint.",
            "The exit code is 0 when no stage failed (warnings included), otherwise the code of the failed"
                    + " stage's category (AUTHENTICATION 11, UNAVAILABLE 18, ...; see EXIT CODES)."
        },
        footer = {
            "  carto-connections check --store ./data/connections --user alice --org acme gis-prod",
            "  carto-connections check ... gis-prod || echo \"check failed with exit code $?\""
        })
final class CheckCommand implements Callable<Integer> {
    private static final String ROW = "%-17s %-8s %7s  %-22s %s%n";

    private final Terminal terminal;

    @Mixin
    StoreOptions store = new StoreOptions();

    @Mixin
    PrincipalOptions principal = new PrincipalOptions();

    @Parameters(index = "0", paramLabel = "CONNECTION", description = "The connection's name or id.")
    String reference = "";

    CheckCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        Principal acting = principal.principal(terminal);
        try (Session session = Session.open(store, terminal)) {
            Connection connection = ConnectionRefs.resolve(session.connections(), acting, reference);
            CheckReport report = session.connections().check(acting, connection.id());
            print(connection, report, terminal.text());
            return report.failure()
                    .flatMap(StageResult::category)
                    .map(ExitCodes::of)
                    .orElse(ExitCodes.OK);
        }
    }

    private static void print(Connection connection, CheckReport report, PrintWriter out) {
        out.printf("check of %s (%s, %s)%n", connection.name(), connection.providerId(), connection.id());
        out.printf(ROW, "STAGE", "STATUS", "MS", "CATEGORY", "DETAIL");
        for (StageResult stage : report.stages()) {
            StringBuilder detail = new StringBuilder(stage.message().orElse(""));
            if (!stage.suspectProperties().isEmpty()) {
                detail.append(" [suspect: ")
                        .append(String.join(", ", new TreeSet<>(stage.suspectProperties())))
                        .append(']');
            }
            stage.hint().ifPresent(hint -> detail.append(" hint: ").append(hint));
            out.printf(
                    ROW,
                    stage.stage(),
                    stage.status(),
                    stage.elapsed().toMillis(),
                    stage.category().map(Enum::name).orElse("-"),
                    detail.toString().strip());
        }
        out.println(report.ok() ? "result: ok" : "result: failed");
    }
}
