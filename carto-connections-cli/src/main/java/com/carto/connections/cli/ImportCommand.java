package com.carto.connections.cli;

import com.carto.connections.Connection;
import com.carto.connections.Connections;
import com.carto.connections.NewConnection;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Sharing;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.error.InvalidConfigurationException.Problem;
import com.carto.connections.secrets.Secret;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
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
        name = "import",
        mixinStandardHelpOptions = true,
        header = "Create connections from an export file, secrets from the environment or files.",
        description = {
            "Reads a definitions file (as export writes it; - for standard input) and creates each connection for"
                    + " the acting principal, its owner, then applies its sharing. Each secret must be a reference:"
                    + " env:VARIABLE (read from this process's environment) or file:PATH (the file's content, one"
                    + " trailing newline removed). A placeholder or a plain value is refused and never shown.",
            "The whole file is checked first, every problem reported at once naming its field (e.g."
                    + " connections[1].secrets.password) with exit code 10, before anything is created. Then each"
                    + " connection is validated and checked live (unless --skip-live-check) and stored; the first"
                    + " failure stops the import, the ones before it stay created, and its message names the"
                    + " connection and the field."
        },
        footer = {
            "  CARTO_SECRET_GIS_PROD_PASSWORD=s3cret carto-connections import --store ./data/connections \\",
            "      --user alice --org acme defs.json",
            "  carto-connections import ... --dry-run defs.json"
        })
final class ImportCommand implements Callable<Integer> {
    private static final int MAX_SECRET_CHARACTERS = 64 * 1024;

    private final Terminal terminal;

    @Mixin
    StoreOptions store = new StoreOptions();

    @Mixin
    PrincipalOptions principal = new PrincipalOptions();

    @Parameters(index = "0", paramLabel = "FILE", description = "The definitions file, or - for standard input.")
    String file = "";

    @Option(names = "--skip-live-check", description = "Store without checking each connection live first.")
    boolean skipLiveCheck;

    @Option(
            names = "--skip-existing",
            description = "Leave out connections whose name the principal already sees, instead of failing with"
                    + " CONFLICT.")
    boolean skipExisting;

    @Option(names = "--dry-run", description = "Check the file and resolve its references; create nothing.")
    boolean dryRun;

    ImportCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws IOException {
        Principal acting = principal.principal(terminal);
        List<Problem> problems = new ArrayList<>();
        List<Definitions.Definition> definitions = Definitions.read(parse(), problems);
        List<Map<String, Secret>> secrets = new ArrayList<>();
        for (int index = 0; index < definitions.size(); index++) {
            secrets.add(resolve(index, definitions.get(index).secretReferences(), problems));
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        if (dryRun) {
            terminal.text().printf("%d connections to import; every reference resolves%n", definitions.size());
            return ExitCodes.OK;
        }
        try (Session session = Session.open(store, terminal)) {
            Connections connections = session.connections();
            int created = 0;
            for (int index = 0; index < definitions.size(); index++) {
                Definitions.Definition definition = definitions.get(index);
                if (skipExisting && exists(connections, acting, definition.name())) {
                    terminal.text().printf("skipped %s: it exists%n", definition.name());
                    continue;
                }
                try {
                    Connection connection = create(connections, acting, definition, secrets.get(index));
                    created++;
                    terminal.text()
                            .printf(
                                    "created %s (%s) %s%n",
                                    connection.name(), connection.id(), ConnectionViews.sharing(connection.sharing()));
                } catch (InvalidConfigurationException e) {
                    terminal.err().printf("import stopped at connections[%d] after %d created%n", index, created);
                    throw located(index, definition, e);
                } catch (ConnectionException e) {
                    terminal.err()
                            .printf(
                                    "import stopped at connections[%d] (%s) after %d created%n",
                                    index, definition.name(), created);
                    throw e;
                }
            }
        }
        return ExitCodes.OK;
    }

    private JsonNode parse() throws IOException {
        try (InputStream input = file.equals("-") ? System.in : Files.newInputStream(path())) {
            return new ObjectMapper().readTree(input);
        } catch (JsonProcessingException e) {
            throw InvalidConfigurationException.of(
                    "FILE",
                    "is not JSON (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")");
        } catch (java.nio.file.NoSuchFileException e) {
            throw InvalidConfigurationException.of("FILE", "does not exist: " + file);
        }
    }

    private Path path() {
        try {
            return Path.of(file);
        } catch (InvalidPathException e) {
            throw InvalidConfigurationException.of("FILE", "is not a valid path");
        }
    }

    private Map<String, Secret> resolve(int index, Map<String, String> references, List<Problem> problems) {
        Map<String, Secret> resolved = new LinkedHashMap<>();
        references.forEach((name, reference) -> {
            String field = "connections[" + index + "].secrets." + name;
            String value = null;
            if (reference.startsWith(Definitions.ENV_PREFIX)) {
                String variable = reference.substring(Definitions.ENV_PREFIX.length());
                value = terminal.environment().get(variable);
                if (value == null || value.isEmpty()) {
                    problems.add(
                            new Problem(field, "names the environment variable " + variable + ", which is not set"));
                    return;
                }
            } else {
                String location = reference.substring(Definitions.FILE_PREFIX.length());
                try {
                    value = Files.readString(Path.of(location));
                } catch (IOException | InvalidPathException | SecurityException e) {
                    problems.add(new Problem(field, "names the file " + location + ", which cannot be read"));
                    return;
                }
                if (value.endsWith("\n")) {
                    value = value.substring(0, value.length() - (value.endsWith("\r\n") ? 2 : 1));
                }
            }
            if (value.length() > MAX_SECRET_CHARACTERS) {
                problems.add(new Problem(field, "is longer than " + MAX_SECRET_CHARACTERS + " characters"));
                return;
            }
            resolved.put(name, Secret.of(value));
        });
        return resolved;
    }

    private Connection create(
            Connections connections, Principal acting, Definitions.Definition definition, Map<String, Secret> secrets) {
        NewConnection draft =
                NewConnection.of(definition.provider(), definition.name()).authMethod(definition.authMethod());
        // A draft is immutable: each call returns the next one.
        for (Map.Entry<String, Object> property : definition.properties().entrySet()) {
            draft = draft.property(property.getKey(), property.getValue());
        }
        for (Map.Entry<String, Object> option : definition.advanced().entrySet()) {
            draft = draft.option(option.getKey(), option.getValue());
        }
        for (Map.Entry<String, Secret> secret : secrets.entrySet()) {
            draft = draft.secret(secret.getKey(), secret.getValue());
        }
        if (skipLiveCheck) {
            draft = draft.skipLiveCheck();
        }
        Connection connection = connections.create(acting, draft);
        if (definition.sharing().mode() != Sharing.Mode.PRIVATE) {
            connection = connections
                    .share(acting, connection.id(), definition.sharing(), true)
                    .connection();
        }
        return connection;
    }

    private static boolean exists(Connections connections, Principal acting, String name) {
        try {
            ConnectionRefs.resolve(connections, acting, name);
            return true;
        } catch (ConnectionException e) {
            if (e.category() == com.carto.connections.error.ErrorCategory.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** The SDK names a property as the provider knows it; the operator needs the place in the file. */
    private static InvalidConfigurationException located(
            int index, Definitions.Definition definition, InvalidConfigurationException e) {
        String at = "connections[" + index + "].";
        return new InvalidConfigurationException(e.problems().stream()
                .map(problem -> new Problem(at + section(definition, problem.property()), problem.message()))
                .toList());
    }

    private static String section(Definitions.Definition definition, String property) {
        if (definition.properties().containsKey(property)) {
            return "properties." + property;
        }
        if (definition.advanced().containsKey(property)) {
            return "advanced." + property;
        }
        if (definition.secretReferences().containsKey(property)) {
            return "secrets." + property;
        }
        return property;
    }
}
