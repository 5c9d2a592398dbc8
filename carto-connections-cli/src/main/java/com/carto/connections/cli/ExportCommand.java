package com.carto.connections.cli;

import com.carto.connections.Connection;
import com.carto.connections.access.Principal;
import com.carto.connections.query.Page;
import com.carto.connections.query.PageRequest;
import com.carto.connections.store.ConnectionFilter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        header = "Write the definitions of the connections the principal owns, without their secrets.",
        description = {
            "Writes a JSON document (format carto-connections/definitions, version 1) to standard output with each"
                    + " connection the acting principal owns: name, provider, auth method, properties, advanced"
                    + " options and sharing. No secret value is ever written (the SDK never returns one): each"
                    + " secret is either a placeholder to replace by hand (--secrets placeholder, the default) or a"
                    + " reference env:CARTO_SECRET_<NAME>_<SECRET> that import reads from the environment"
                    + " (--secrets env). import also takes file:PATH references.",
            "Connections others shared with the principal are left out: they are theirs to export."
        },
        footer = {
            "  carto-connections export --store ./data/connections --user alice --org acme --secrets env > defs.json",
            "  CARTO_SECRET_GIS_PROD_PASSWORD=... carto-connections import --store ./other --user alice --org acme"
                    + " defs.json"
        })
final class ExportCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Mixin
    StoreOptions store = new StoreOptions();

    @Mixin
    PrincipalOptions principal = new PrincipalOptions();

    @Option(names = "--secrets", paramLabel = "FORM", description = "placeholder or env; default: ${DEFAULT-VALUE}.")
    Definitions.SecretForm secrets = Definitions.SecretForm.PLACEHOLDER;

    @Option(names = "--name-contains", paramLabel = "TEXT", description = "Only names containing TEXT, ignoring case.")
    @Nullable
    String nameContains;

    ExportCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws IOException {
        Principal acting = principal.principal(terminal);
        List<Connection> owned = new ArrayList<>();
        try (Session session = Session.open(store, terminal)) {
            ConnectionFilter filter = ConnectionFilter.organization(acting.organizationId());
            PageRequest request = PageRequest.first(PageRequest.MAX_SIZE);
            if (nameContains != null) {
                request = request.nameContains(nameContains);
            }
            while (true) {
                Page<Connection> page = session.connections().list(acting, filter, request);
                page.items().stream()
                        .filter(connection -> connection.ownerId().equals(acting.userId()))
                        .forEach(owned::add);
                if (page.nextPageToken().isEmpty()) {
                    break;
                }
                request = request.after(page.nextPageToken().get());
            }
        }
        terminal.text()
                .println(new ObjectMapper()
                        .writerWithDefaultPrettyPrinter()
                        .writeValueAsString(Definitions.export(owned, secrets)));
        terminal.err().printf("exported %d connections%n", owned.size());
        return ExitCodes.OK;
    }
}
