package com.carto.connections.cli;

import com.carto.connections.Connection;
import com.carto.connections.access.Principal;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        header = "Show one connection, its secrets masked.",
        description = {
            "Prints a connection's settings: id, name, provider and auth method, owner, sharing, why the principal"
                    + " sees it, version, its non-secret properties and advanced options. Secrets are write-only in"
                    + " the SDK: show prints each secret's name with ******** and never a value or a ciphertext."
        },
        footer = {
            "  carto-connections show --store ./data/connections --user alice --org acme gis-prod",
            "  carto-connections show --store ./data/connections --user alice --org acme gis-prod --output json"
        })
final class ShowCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Mixin
    StoreOptions store = new StoreOptions();

    @Mixin
    PrincipalOptions principal = new PrincipalOptions();

    @Parameters(index = "0", paramLabel = "CONNECTION", description = "The connection's name or id.")
    String reference = "";

    @Option(
            names = "--output",
            paramLabel = "FORMAT",
            description = "${COMPLETION-CANDIDATES}; default: ${DEFAULT-VALUE}.")
    OutputFormat output = OutputFormat.TEXT;

    ShowCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws IOException {
        Principal acting = principal.principal(terminal);
        try (Session session = Session.open(store, terminal)) {
            Connection connection = ConnectionRefs.resolve(session.connections(), acting, reference);
            if (output == OutputFormat.JSON) {
                terminal.text().println(new ObjectMapper().writeValueAsString(ConnectionViews.json(connection)));
            } else {
                ConnectionViews.printText(connection, terminal.text());
            }
        }
        return ExitCodes.OK;
    }
}
