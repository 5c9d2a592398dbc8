package com.carto.connections.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Compiles the Java samples of a README as a reader would paste them: each {@code ```java} block becomes the body of a
 * method, with the SDK's packages imported and nothing else declared but the variables its {@code // given:} line
 * names ({@code // given: WarehouseClient client, OutputStream out}). A sample that uses a name it neither declares nor
 * gives does not compile, so a README cannot again use variables without saying where they come from.
 */
public final class ReadmeSamples {
    private static final Pattern BLOCK = Pattern.compile("(?ms)^[ \\t]*```java\\n(.*?)^[ \\t]*```");
    private static final Pattern GIVEN = Pattern.compile("(?m)^\\s*// given: (.+)$");
    private static final List<String> IMPORTED_PACKAGES = List.of(
            "com.carto.connections",
            "com.carto.connections.access",
            "com.carto.connections.check",
            "com.carto.connections.error",
            "com.carto.connections.grants",
            "com.carto.connections.query",
            "com.carto.connections.secrets",
            "com.carto.connections.spi",
            "com.carto.connections.spi.jdbc",
            "com.carto.connections.store",
            "com.carto.connections.tiles",
            "java.io",
            "java.net",
            "java.nio.file",
            "java.time",
            "java.util",
            "java.util.concurrent");

    /** One {@code ```java} block: where it starts in the file (1-based line), its code, and its given variables. */
    public record Sample(int line, String code, List<String> givens) {}

    private ReadmeSamples() {}

    public static List<Sample> javaSamples(Path markdown) {
        try {
            return javaSamples(Files.readString(markdown));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Sample> javaSamples(String markdown) {
        List<Sample> samples = new ArrayList<>();
        Matcher block = BLOCK.matcher(markdown);
        while (block.find()) {
            // Without its last line break: stripIndent counts a blank last line as an indentation of zero.
            String code = block.group(1).replaceFirst("\\n\\z", "").stripIndent();
            int line = (int) markdown.substring(0, block.start())
                            .chars()
                            .filter(c -> c == '\n')
                            .count()
                    + 1;
            List<String> givens = new ArrayList<>();
            Matcher given = GIVEN.matcher(code);
            while (given.find()) {
                Stream.of(given.group(1).split(",")).map(String::strip).forEach(givens::add);
            }
            samples.add(new Sample(line, code, List.copyOf(givens)));
        }
        return List.copyOf(samples);
    }

    /**
     * The compiler's errors for one sample, each with its line in the sample; empty when it compiles.
     *
     * @param morePackages packages to import beside the SDK's, e.g. a provider's
     */
    public static List<String> compileErrors(Sample sample, List<String> morePackages) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringBuilder source = new StringBuilder();
        Stream.concat(IMPORTED_PACKAGES.stream(), morePackages.stream())
                .forEach(name -> source.append("import ").append(name).append(".*;"));
        // One line of imports and one of the class and method, so that sample line n is source line n + 2.
        source.append("\nclass ReadmeSample { void run(")
                .append(String.join(", ", sample.givens()))
                .append(") throws Exception {\n")
                .append(sample.code())
                .append("\n}}\n");
        JavaFileObject file =
                new SimpleJavaFileObject(URI.create("string:///ReadmeSample.java"), JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return source;
                    }
                };
        Path output = TemporaryDirectories.create("readme-sample");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of(
                "-classpath",
                System.getProperty("java.class.path"),
                "-d",
                output.toString(),
                "-proc:none",
                "-Xlint:none");
        try {
            compiler.getTask(null, null, diagnostics, options, null, List.of(file))
                    .call();
        } finally {
            TemporaryDirectories.delete(output);
        }
        return diagnostics.getDiagnostics().stream()
                .filter(diagnostic -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
                .map(diagnostic ->
                        "sample line " + (diagnostic.getLineNumber() - 2) + ": " + diagnostic.getMessage(Locale.ROOT))
                .collect(Collectors.toList());
    }
}
