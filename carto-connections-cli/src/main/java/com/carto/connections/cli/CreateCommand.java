package com.carto.connections.cli;

import com.carto.connections.Connection;
import com.carto.connections.NewConnection;
import com.carto.connections.access.Principal;
import com.carto.connections.secrets.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        header = "Register a connection, owned by the acting principal.",
        description = {
            "Creates a private connection of a provider and auth method from its properties (--set), advanced"
                    + " options (--option) and secrets (--secret). The SDK validates every field at once and names"
                    + " each wrong one, then checks the connection live (resolve, connect, authenticate, read the"
                    + " catalog) unless --skip-live-check; nothing is stored when a stage fails.",
            "Secrets are never taken from the command line: --secret password reads the next line of standard"
                    + " input (one line a secret, in the order given), --secret password=env:VARIABLE reads an"
                    + " environment variable and --secret password=file:PATH a file (one trailing newline dropped).",
            "Share it afterwards with the share command. The providers command lists the providers and auth"
                    + " methods; the provider's README lists its properties."
        },
        footer = {
            "  read -rs GIS_PASSWORD && export GIS_PASSWORD",
            "  carto-connections create --store ./data/connections --user alice --org acme gis-prod \\",
            "      --provider postgres --auth password --set host=db.example.com --set port=5432 \\",
            "      --set database=gis --set username=carto --secret password=env:GIS_PASSWORD",
            "  printf '%s\\n' \"$PASSWORD\" | carto-connections create ... gis-prod --provider postgres \\",
            "      --auth password --set host=db.example.com --set database=gis --set username=carto --secret password"
        })
final class CreateCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Mixin
    StoreOptions store = new StoreOptions();

    @Mixin
    PrincipalOptions principal = new PrincipalOptions();

    @Parameters(
            index = "0",
            paramLabel = "NAME",
            description = "The new connection's name, unique in the organization.")
    String name = "";

    @Option(
            names = "--provider",
            required = true,
            paramLabel = "ID",
            description = "The provider: postgres, redshift, …")
    String provider = "";

    @Option(
            names = "--auth",
            required = true,
            paramLabel = "METHOD",
            description = "The provider's auth method, e.g. password.")
    String authMethod = "";

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "A property, e.g. host=db.example.com; repeatable. Never a secret: use --secret.")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(
            names = "--option",
            paramLabel = "KEY=VALUE",
            description = "An advanced option, e.g. queryTimeout=30s; repeatable.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(
            names = SecretSources.OPTION,
            paramLabel = "NAME[=SOURCE]",
            description = "A secret and where to read it: NAME or NAME=- (a line of standard input),"
                    + " NAME=env:VARIABLE or NAME=file:PATH; repeatable.")
    List<String> secrets = new ArrayList<>();

    @Option(
            names = "--skip-live-check",
            description = "Store the connection without checking it against the warehouse.")
    boolean skipLiveCheck;

    CreateCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        Principal acting = principal.principal(terminal);
        Map<String, Secret> read = new SecretSources(terminal).read(secrets);
        NewConnection draft = NewConnection.of(provider, name).authMethod(authMethod);
        // A draft is immutable: each call returns the next one.
        for (Map.Entry<String, String> property : properties.entrySet()) {
            draft = draft.property(property.getKey(), property.getValue());
        }
        for (Map.Entry<String, String> option : options.entrySet()) {
            draft = draft.option(option.getKey(), option.getValue());
        }
        for (Map.Entry<String, Secret> secret : read.entrySet()) {
            draft = draft.secret(secret.getKey(), secret.getValue());
        }
        if (skipLiveCheck) {
            draft = draft.skipLiveCheck();
        }
        try (Session session = Session.open(store, terminal)) {
            Connection created = session.connections().create(acting, draft);
            terminal.text().printf("created %s (id %s, version %d)%n", created.name(), created.id(), created.version());
        }
        return ExitCodes.OK;
    }
}
