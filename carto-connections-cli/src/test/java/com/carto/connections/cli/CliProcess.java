package com.carto.connections.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Runs the built runnable jar in a child JVM, as an operator would: {@code java -jar ...-all.jar ARGS}. */
final class CliProcess {
    private static final long TIMEOUT_SECONDS = 180;

    private CliProcess() {}

    record Result(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    static Path jar() {
        String property = System.getProperty("cli.jar");
        if (property == null) {
            throw new IllegalStateException("cli.jar is not set: run these tests with mvn verify (failsafe)");
        }
        Path jar = Path.of(property);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the runnable jar " + jar + " is missing: package runs before these");
        }
        return jar;
    }

    static Result run(Map<String, String> environment, String... args) {
        return run(environment, List.of(), "", args);
    }

    static Result run(Map<String, String> environment, List<String> jvmOptions, String stdin, String... args) {
        Process process = start(environment, jvmOptions, args);
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        feed(process, stdin);
        int code = waitFor(process);
        return new Result(code, stdout.join(), stderr.join());
    }

    /** Runs with standard output read line by line by {@code reader}, never held whole; returns its answer. */
    static <T> T stream(
            Map<String, String> environment,
            List<String> jvmOptions,
            Function<BufferedReader, T> reader,
            String... args) {
        Process process = start(environment, jvmOptions, args);
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        feed(process, "");
        T answer;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
            answer = reader.apply(lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int code = waitFor(process);
        if (code != 0) {
            throw new AssertionError("exit " + code + ": " + stderr.join());
        }
        return answer;
    }

    private static Process start(Map<String, String> environment, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("CARTO_"));
        builder.environment().putAll(environment);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void feed(Process process, String stdin) {
        try (OutputStream input = process.getOutputStream()) {
            input.write(stdin.getBytes(UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int waitFor(Process process) {
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the CLI did not end within " + TIMEOUT_SECONDS + " s");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
