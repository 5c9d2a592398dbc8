package com.carto.connections.cli;

import com.carto.connections.Connection;
import com.carto.connections.DeleteOptions;
import com.carto.connections.access.Dependent;
import com.carto.connections.access.Principal;
import com.carto.connections.error.InvalidConfigurationException;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        header = "Delete a connection with its secrets.",
        description = {
            "Deletes a private connection the acting principal owns, with its secrets and viewer credentials. A shared"
                    + " connection is refused (IN_USE, exit 15): make it private first with share. While maps or"
                    + " workflows depend on it, it is refused too, listing them, unless --reassign-to moves them to"
                    + " another connection of the same owner and provider, or --cascade removes them from the"
                    + " registry; either happens in the same transaction as the delete.",
            "It deletes the version read just before, or --expected-version: a connection changed in between is"
                    + " kept (CONFLICT, exit 14)."
        },
        footer = {
            "  carto-connections delete --store ./data/connections --user alice --org acme gis-old",
            "  carto-connections delete ... gis-old --reassign-to gis-prod"
        })
final class DeleteCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Mixin
    StoreOptions store = new StoreOptions();

    @Mixin
    PrincipalOptions principal = new PrincipalOptions();

    @Parameters(index = "0", paramLabel = "CONNECTION", description = "The connection's name or id.")
    String reference = "";

    @Option(
            names = "--reassign-to",
            paramLabel = "CONNECTION",
            description = "Move its dependents to this connection (name or id; same owner and provider).")
    @Nullable
    String reassignTo;

    @Option(names = "--cascade", description = "Remove its dependents from the registry with it.")
    boolean cascade;

    @Option(
            names = "--expected-version",
            paramLabel = "N",
            description = "Delete only if the connection is still at version N (as show printed it).")
    @Nullable
    Long expectedVersion;

    DeleteCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        Principal acting = principal.principal(terminal);
        if (cascade && reassignTo != null) {
            throw InvalidConfigurationException.of("--cascade", "and --reassign-to exclude each other");
        }
        try (Session session = Session.open(store, terminal)) {
            Connection current = ConnectionRefs.resolve(session.connections(), acting, reference);
            DeleteOptions options =
                    DeleteOptions.version(expectedVersion != null ? expectedVersion : current.version());
            if (reassignTo != null) {
                options = options.reassignTo(ConnectionRefs.resolve(session.connections(), acting, reassignTo)
                        .id());
            } else if (cascade) {
                options = options.cascade();
            }
            List<Dependent> moved = session.connections().delete(acting, current.id(), options);
            terminal.text().printf("deleted %s (id %s)%n", current.name(), current.id());
            for (Dependent dependent : moved) {
                terminal.text()
                        .printf(
                                "  %s %s %s (owner %s)%n",
                                cascade ? "removed" : "reassigned",
                                dependent.kind(),
                                dependent.id(),
                                dependent.ownerId());
            }
        }
        return ExitCodes.OK;
    }
}
