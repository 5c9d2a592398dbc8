package com.carto.connections.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.secrets.Secret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the secrets that {@code --secret} options name. An option names where a secret is, never the secret:
 * {@code NAME} or {@code NAME=-} (the next line of standard input), {@code NAME=env:VARIABLE} or
 * {@code NAME=file:PATH}. Anything else is refused without repeating it, since it may be a secret typed where a
 * process listing and the shell's history keep it.
 */
final class SecretSources {
    static final String OPTION = "--secret";
    private static final int MAX_SECRET_CHARACTERS = 64 * 1024;

    private final Terminal terminal;
    private @Nullable BufferedReader stdin;

    SecretSources(Terminal terminal) {
        this.terminal = terminal;
    }

    /** Every named secret, in the order given; standard input is read one line per secret that names it. */
    Map<String, Secret> read(List<String> options) {
        Map<String, Secret> secrets = new LinkedHashMap<>();
        for (String option : options) {
            int equals = option.indexOf('=');
            String name = equals < 0 ? option : option.substring(0, equals);
            String source = equals < 0 ? "-" : option.substring(equals + 1);
            if (name.isBlank() || secrets.containsKey(name)) {
                throw InvalidConfigurationException.of(
                        OPTION, "must name each secret once, as NAME, NAME=-, NAME=env:VARIABLE or NAME=file:PATH");
            }
            String value = value(name, source);
            if (value.isEmpty() || value.length() > MAX_SECRET_CHARACTERS) {
                throw InvalidConfigurationException.of(
                        OPTION + " " + name, "must be 1 to " + MAX_SECRET_CHARACTERS + " characters");
            }
            secrets.put(name, Secret.of(value));
        }
        return secrets;
    }

    private String value(String name, String source) {
        if (source.equals("-")) {
            return line(name);
        }
        if (source.startsWith(Definitions.ENV_PREFIX)) {
            String variable = source.substring(Definitions.ENV_PREFIX.length());
            String value = terminal.environment().get(variable);
            if (value == null || value.isEmpty()) {
                throw InvalidConfigurationException.of(
                        OPTION + " " + name, "names the environment variable " + variable + ", which is not set");
            }
            return value;
        }
        if (source.startsWith(Definitions.FILE_PREFIX)) {
            String location = source.substring(Definitions.FILE_PREFIX.length());
            try {
                String value = Files.readString(Path.of(location));
                return value.endsWith("\n")
                        ? value.substring(0, value.length() - (value.endsWith("\r\n") ? 2 : 1))
                        : value;
            } catch (IOException | InvalidPathException | SecurityException e) {
                throw InvalidConfigurationException.of(
                        OPTION + " " + name, "names the file " + location + ", which cannot be read");
            }
        }
        throw InvalidConfigurationException.of(
                OPTION + " " + name,
                "must be read from standard input (NAME or NAME=-), env:VARIABLE or file:PATH; a secret's value is"
                        + " never taken from the command line, where process listings and shell history keep it");
    }

    private String line(String name) {
        try {
            if (stdin == null) {
                stdin = new BufferedReader(new InputStreamReader(terminal.in(), UTF_8));
            }
            String line = stdin.readLine();
            if (line == null) {
                throw InvalidConfigurationException.of(
                        OPTION + " " + name, "is read from standard input, which has no line left for it");
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
