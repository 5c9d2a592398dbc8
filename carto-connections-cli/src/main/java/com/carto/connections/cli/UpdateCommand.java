package com.carto.connections.cli;

import com.carto.connections.Connection;
import com.carto.connections.ConnectionChanges;
import com.carto.connections.access.Principal;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.secrets.Secret;
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
        name = "update",
        mixinStandardHelpOptions = true,
        header = "Change a connection's properties, options or secrets.",
        description = {
            "Applies a patch to a connection the acting principal may edit: --set changes a property, --unset removes"
                    + " one (it falls back to its default), --option changes an advanced option and --secret replaces"
                    + " a secret; whatever is not named keeps its stored value, secrets included. The result is"
                    + " validated and checked live again before it is stored as the next version.",
            "The patch applies to the version read just before it, or to --expected-version: a connection changed"
                    + " in between is not overwritten (CONFLICT, exit 14).",
            "Secrets are read as create reads them: standard input, env:VARIABLE or file:PATH, never the command"
                    + " line."
        },
        footer = {
            "  carto-connections update --store ./data/connections --user alice --org acme gis-prod \\",
            "      --set host=db2.example.com --option queryTimeout=60s",
            "  printf '%s\\n' \"$NEW_PASSWORD\" | carto-connections update ... gis-prod --secret password"
        })
final class UpdateCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Mixin
    StoreOptions store = new StoreOptions();

    @Mixin
    PrincipalOptions principal = new PrincipalOptions();

    @Parameters(index = "0", paramLabel = "CONNECTION", description = "The connection's name or id.")
    String reference = "";

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A property's new value; repeatable.")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--unset", paramLabel = "KEY", description = "A property to remove; repeatable.")
    List<String> removed = new ArrayList<>();

    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "An advanced option's new value; repeatable.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(
            names = SecretSources.OPTION,
            paramLabel = "NAME[=SOURCE]",
            description = "A secret to replace and where to read it: NAME or NAME=- (a line of standard input),"
                    + " NAME=env:VARIABLE or NAME=file:PATH; repeatable.")
    List<String> secrets = new ArrayList<>();

    @Option(
            names = "--expected-version",
            paramLabel = "N",
            description = "Apply only if the connection is still at version N (as show printed it).")
    @Nullable
    Long expectedVersion;

    UpdateCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        Principal acting = principal.principal(terminal);
        if (properties.isEmpty() && removed.isEmpty() && options.isEmpty() && secrets.isEmpty()) {
            throw InvalidConfigurationException.of(
                    "--set", "or --unset, --option or --secret must name at least one change");
        }
        Map<String, Secret> read = new SecretSources(terminal).read(secrets);
        ConnectionChanges changes = ConnectionChanges.none();
        for (Map.Entry<String, String> property : properties.entrySet()) {
            changes = changes.property(property.getKey(), property.getValue());
        }
        for (String key : removed) {
            changes = changes.remove(key);
        }
        for (Map.Entry<String, String> option : options.entrySet()) {
            changes = changes.option(option.getKey(), option.getValue());
        }
        for (Map.Entry<String, Secret> secret : read.entrySet()) {
            changes = changes.secret(secret.getKey(), secret.getValue().reveal());
        }
        try (Session session = Session.open(store, terminal)) {
            Connection current = ConnectionRefs.resolve(session.connections(), acting, reference);
            long version = expectedVersion != null ? expectedVersion : current.version();
            Connection updated = session.connections().update(acting, current.id(), changes, version);
            terminal.text().printf("updated %s (version %d)%n", updated.name(), updated.version());
        }
        return ExitCodes.OK;
    }
}
