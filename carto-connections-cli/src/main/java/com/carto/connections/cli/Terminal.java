package com.carto.connections.cli;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;

/**
 * Where a command writes and what it reads from its environment: standard output as bytes (query results stream
 * through it) and as text, standard error for messages and progress, the environment variables, and standard input
 * (secrets and SQL are read from it, never from the command line).
 */
record Terminal(OutputStream out, PrintWriter text, PrintWriter err, Map<String, String> environment, InputStream in) {
    Terminal {
        requireNonNull(in, "in is null");
        requireNonNull(out, "out is null");
        requireNonNull(text, "text is null");
        requireNonNull(err, "err is null");
        environment = Map.copyOf(environment);
    }

    /** The variable's value, when it is set and not blank. */
    Optional<String> variable(String name) {
        return Optional.ofNullable(environment.get(name)).filter(value -> !value.isBlank());
    }
}
