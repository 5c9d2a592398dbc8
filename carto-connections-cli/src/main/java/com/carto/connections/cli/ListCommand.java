package com.carto.connections.cli;

import com.carto.connections.Connection;
import com.carto.connections.Connections;
import com.carto.connections.access.Principal;
import com.carto.connections.query.Page;
import com.carto.connections.query.PageRequest;
import com.carto.connections.store.ConnectionFilter;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        header = "List the connections the principal may see.",
        description = {
            "Prints every connection of the organization the acting principal may see, by name, with why it is"
                    + " visible (OWNER, ORGANIZATION, GROUP, VIEWER_CREDENTIALS, SUPERADMIN). Pages through the"
                    + " store a page at a time, whatever it holds.",
            "Text output is one line a connection: NAME, PROVIDER, OWNER, SHARING, ACCESS, ID. JSON output is an"
                    + " array of the objects show --output json prints, secrets masked."
        },
        footer = {
            "  carto-connections list --store ./data/connections --user alice --org acme",
            "  carto-connections list --store ./data/connections --user bob --org acme --group analysts \\",
            "      --name-contains sales --output json"
        })
final class ListCommand implements Callable<Integer> {
    private static final int PAGE_SIZE = 200;
    private static final String ROW = "%-30s %-10s %-16s %-24s %-18s %s%n";

    private final Terminal terminal;

    @Mixin
    StoreOptions store = new StoreOptions();

    @Mixin
    PrincipalOptions principal = new PrincipalOptions();

    @Option(names = "--name-contains", paramLabel = "TEXT", description = "Only names containing TEXT, ignoring case.")
    @Nullable
    String nameContains;

    @Option(names = "--provider", paramLabel = "ID", description = "Only connections of this provider.")
    @Nullable
    String provider;

    @Option(
            names = "--output",
            paramLabel = "FORMAT",
            description = "${COMPLETION-CANDIDATES}; default: ${DEFAULT-VALUE}.")
    OutputFormat output = OutputFormat.TEXT;

    ListCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws IOException {
        Principal acting = principal.principal(terminal);
        ConnectionFilter filter = ConnectionFilter.organization(acting.organizationId());
        if (provider != null) {
            filter = filter.provider(provider);
        }
        PageRequest request = PageRequest.first(PAGE_SIZE);
        if (nameContains != null) {
            request = request.nameContains(nameContains);
        }
        try (Session session = Session.open(store, terminal)) {
            if (output == OutputFormat.JSON) {
                JsonGenerator json = new ObjectMapper().createGenerator(terminal.text());
                json.writeStartArray();
                forEach(session.connections(), acting, filter, request, connection -> {
                    try {
                        json.writeTree(ConnectionViews.json(connection));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                json.writeEndArray();
                json.flush();
                terminal.text().println();
            } else {
                terminal.text().printf(ROW, "NAME", "PROVIDER", "OWNER", "SHARING", "ACCESS", "ID");
                forEach(
                        session.connections(),
                        acting,
                        filter,
                        request,
                        connection -> terminal.text()
                                .printf(
                                        ROW,
                                        connection.name(),
                                        connection.providerId(),
                                        connection.ownerId(),
                                        ConnectionViews.sharing(connection.sharing()),
                                        connection.access(),
                                        connection.id()));
            }
        }
        return ExitCodes.OK;
    }

    private static void forEach(
            Connections connections,
            Principal acting,
            ConnectionFilter filter,
            PageRequest first,
            Consumer<Connection> action) {
        PageRequest request = first;
        while (true) {
            Page<Connection> page = connections.list(acting, filter, request);
            page.items().forEach(action);
            if (page.nextPageToken().isEmpty()) {
                return;
            }
            request = request.after(page.nextPageToken().get());
        }
    }
}
