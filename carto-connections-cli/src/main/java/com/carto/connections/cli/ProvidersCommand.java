package com.carto.connections.cli;

import com.carto.connections.Providers;
import com.carto.connections.spi.AuthMethod;
import com.carto.connections.spi.ConnectionProvider;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

@Command(
        name = "providers",
        mixinStandardHelpOptions = true,
        header = "List the warehouse providers this jar carries.",
        description = "Prints each provider found on the class path (Providers.discover()) with its auth methods: one"
                + " line each, id, display name and auth method ids. Needs no store.",
        footer = {"  carto-connections providers"})
final class ProvidersCommand implements Callable<Integer> {
    private final Terminal terminal;

    ProvidersCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        for (ConnectionProvider provider : Providers.discover().all()) {
            terminal.text()
                    .printf(
                            "%-12s %-28s %s%n",
                            provider.id(),
                            provider.displayName(),
                            provider.authMethods().stream().map(AuthMethod::id).collect(Collectors.joining(",")));
        }
        return ExitCodes.OK;
    }
}
