package com.carto.connections.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Boots the SDK on the module path, as an application with a module-info.java would: the core, the postgres, redshift,
 * oracle and snowflake providers, the Micrometer meters, the CLI and their libraries (named modules where the library
 * has a descriptor, automatic modules where it has only a name, declared or derived from the jar's file name) in a
 * layer of their own, so that nothing reaches them through the class path. The BigQuery and Databricks providers stay
 * automatic modules, whose vendors' jars split packages (checked below): the CLI runs with them on the module path and
 * their vendors' jars on the class path.
 */
class ModulePathTest {
    private static final String CORE = "com.carto.connections";
    private static final String SPI = "com.carto.connections.spi.ConnectionProvider";
    private static final String METRICS = "com.carto.connections.micrometer";
    private static final String CLI = "com.carto.connections.cli";
    /** What the SDK and the four providers need at run time, by artifact: the module path of an application. */
    private static final List<String> ARTIFACTS = List.of(
            "carto-connections-core",
            "carto-connections-postgres",
            "carto-connections-redshift",
            "carto-connections-oracle",
            "carto-connections-snowflake",
            "carto-connections-micrometer",
            "carto-connections-cli",
            "picocli",
            "slf4j-simple",
            "micrometer-core",
            "micrometer-commons",
            "micrometer-observation",
            "HdrHistogram",
            "jspecify",
            "slf4j-api",
            "HikariCP",
            "jackson-core",
            "jackson-databind",
            "jackson-annotations",
            "jts-core",
            "h2",
            "nimbus-jose-jwt",
            "postgresql",
            "redshift-jdbc42",
            "ojdbc11",
            "snowflake-jdbc");

    private static ModuleLayer layer;

    @BeforeAll
    static void bootTheSdkInALayerOfItsOwn() {
        Path[] modulePath = Stream.of(testClassPath().split(File.pathSeparator))
                .map(Path::of)
                .filter(ModulePathTest::isOnTheModulePath)
                .toArray(Path[]::new);
        assertThat(modulePath).hasSize(ARTIFACTS.size());
        ModuleFinder finder = ModuleFinder.of(modulePath);
        Configuration configuration = ModuleLayer.boot()
                .configuration()
                .resolveAndBind(finder, ModuleFinder.of(), Set.of(CORE, METRICS, CLI));
        layer = ModuleLayer.boot().defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
    }

    /** Surefire runs tests from a manifest-only jar, and names the real class path in this property. */
    private static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static boolean isOnTheModulePath(Path entry) {
        String text = entry.toString().replace('\\', '/');
        if (text.endsWith("/test-classes") || text.endsWith("-tests.jar")) {
            return false;
        }
        return ARTIFACTS.stream()
                .anyMatch(artifact -> text.contains("/" + artifact + "/target/classes")
                        || entry.getFileName().toString().matches(artifact.replace(".", "\\.") + "-[0-9].*\\.jar"));
    }

    @Test
    void resolvingTheCoreBindsEachProviderThroughItsProvidesClause() throws Exception {
        Class<?> spi = layer.findLoader(CORE).loadClass(SPI);
        Map<String, String> providers = new TreeMap<>();
        for (Object provider : ServiceLoader.load(layer, spi)) {
            providers.put(
                    (String) spi.getMethod("id").invoke(provider),
                    provider.getClass().getModule().getName());
        }

        assertThat(providers)
                .containsExactlyEntriesOf(new TreeMap<>(Map.of(
                        "oracle", "com.carto.connections.oracle",
                        "postgres", "com.carto.connections.postgres",
                        "redshift", "com.carto.connections.redshift",
                        "snowflake", "com.carto.connections.snowflake")));
    }

    @Test
    void providersDiscoverFindsThemFromInsideTheNamedCoreModule() throws Exception {
        Class<?> providersClass = layer.findLoader(CORE).loadClass("com.carto.connections.Providers");
        Object providers = providersClass.getMethod("discover").invoke(null);
        List<?> all = (List<?>) providersClass.getMethod("all").invoke(providers);

        assertThat(providersClass.getModule().getName()).isEqualTo(CORE);
        assertThat(all).hasSize(4);
    }

    @Test
    void theCoreExportsItsApiAndSpiPackagesButNotInternal() {
        ModuleDescriptor core = layer.findModule(CORE).orElseThrow().getDescriptor();

        assertThat(core.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(
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
                        "com.carto.connections.tiles");
        assertThat(core.packages()).contains("com.carto.connections.internal");
        assertThat(core.uses()).containsExactly(SPI);
    }

    @Test
    void aProviderModuleExportsNothingAndOnlyProvidesTheSpi() {
        for (String name : List.of(
                "com.carto.connections.postgres",
                "com.carto.connections.redshift",
                "com.carto.connections.oracle",
                "com.carto.connections.snowflake")) {
            ModuleDescriptor provider = layer.findModule(name).orElseThrow().getDescriptor();

            assertThat(provider.exports()).as(name).isEmpty();
            assertThat(provider.provides())
                    .as(name)
                    .extracting(ModuleDescriptor.Provides::service)
                    .containsExactly(SPI);
        }
    }

    @Test
    void theSnowflakeProviderReadsTheDriverUnderTheNameTheJdkDerivesFromItsJarFile() {
        Module provider = layer.findModule("com.carto.connections.snowflake").orElseThrow();
        Module driver = layer.findModule("snowflake.jdbc").orElseThrow();

        assertThat(driver.getDescriptor().isAutomatic()).isTrue();
        assertThat(provider.canRead(driver)).isTrue();
    }

    @Test
    void theMetersModuleExportsItsPackageAndPassesMicrometerOnToItsReaders() {
        Module metrics = layer.findModule(METRICS).orElseThrow();

        assertThat(metrics.getDescriptor().exports())
                .extracting(ModuleDescriptor.Exports::source)
                .containsExactly(METRICS);
        assertThat(metrics.getDescriptor().requires())
                .filteredOn(requires -> requires.name().equals("micrometer.core"))
                .singleElement()
                .satisfies(requires ->
                        assertThat(requires.modifiers()).contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE));
        assertThat(metrics.canRead(layer.findModule(CORE).orElseThrow())).isTrue();
    }

    @Test
    void theCliModuleExportsNothingAndOpensItsCommandsToPicocliOnly() {
        ModuleDescriptor cli = layer.findModule(CLI).orElseThrow().getDescriptor();

        assertThat(cli.exports()).isEmpty();
        assertThat(cli.opens()).singleElement().satisfies(opens -> {
            assertThat(opens.source()).isEqualTo(CLI);
            assertThat(opens.targets()).containsExactly("info.picocli");
        });
    }

    @Test
    void theCliRunsAsAModuleAndFindsTheProvidersThroughTheLauncher() throws Exception {
        String modulePath = Stream.of(testClassPath().split(File.pathSeparator))
                .map(Path::of)
                .filter(ModulePathTest::isOnTheModulePath)
                .map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));
        Path launcher = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(
                        launcher.toString(),
                        "--module-path",
                        modulePath,
                        "--module",
                        CLI + "/" + CLI + ".Cli",
                        "providers")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output.lines().map(line -> line.split("\\s+")[0]))
                .containsExactlyInAnyOrder("oracle", "postgres", "redshift", "snowflake");
    }

    @Test
    void theCliFindsTheAutomaticBigQueryAndDatabricksProvidersWithTheirVendorsJarsOnTheClassPath() throws Exception {
        List<Path> testClassPath = Stream.of(testClassPath().split(File.pathSeparator))
                .map(Path::of)
                .toList();
        String modulePath = testClassPath.stream()
                .filter(entry -> isOnTheModulePath(entry) || isAnAutomaticProvider(entry))
                .map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));
        // The rest of the test class path (Google's client libraries, databricks-jdbc and the tests' own libraries),
        // which the automatic provider modules read as the unnamed module.
        String classPath = testClassPath.stream()
                .filter(entry -> !isOnTheModulePath(entry) && !isAnAutomaticProvider(entry))
                .map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));
        Path launcher = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(
                        launcher.toString(),
                        "--module-path",
                        modulePath,
                        "--class-path",
                        classPath,
                        "--show-module-resolution",
                        "--module",
                        CLI + "/" + CLI + ".Cli",
                        "providers")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).as(output).isZero();
        for (String provider : List.of("com.carto.connections.bigquery", "com.carto.connections.databricks")) {
            assertThat(output.lines().filter(line -> line.startsWith("com.carto.connections binds " + provider + " ")))
                    .singleElement()
                    .satisfies(line -> assertThat(line).endsWith(" automatic"));
        }
        // The launcher's resolution lines name modules; the table's lines start with a provider id and a wide gap.
        assertThat(output.lines()
                        .filter(line -> line.matches("[a-z]+ {2,}\\S.*"))
                        .map(line -> line.split("\\s+")[0]))
                .containsExactlyInAnyOrder("bigquery", "databricks", "oracle", "postgres", "redshift", "snowflake");
    }

    private static boolean isAnAutomaticProvider(Path entry) {
        return entry.getFileName().toString().matches("carto-connections-(bigquery|databricks)-[0-9].*\\.jar");
    }

    /**
     * Why BigQuery stays automatic: on the module path every jar of its tree is a module, and these pairs hold the
     * same package, which one layer cannot define twice. When an upgrade ends every split, give it a descriptor.
     */
    @Test
    void googlesJarsSplitPackagesSoBigQuerysTreeCannotAllBeModules() {
        assertThat(packagesOf("google-cloud-core")).contains("com.google.cloud");
        assertThat(packagesOf("proto-google-common-protos")).contains("com.google.cloud", "com.google.longrunning");
        assertThat(packagesOf("gax-grpc")).contains("com.google.longrunning");
        assertThat(packagesOf("jsr305")).contains("javax.annotation");
        assertThat(packagesOf("javax.annotation-api")).contains("javax.annotation");
        assertThat(packagesOf("netty-buffer")).contains("io.netty.buffer");
        assertThat(packagesOf("arrow-memory-netty-buffer-patch")).contains("io.netty.buffer");
        assertThat(packagesOf("google-cloud-bigquerystorage")).contains("com.google.cloud.bigquery.storage.v1");
        assertThat(packagesOf("proto-google-cloud-bigquerystorage-v1"))
                .contains("com.google.cloud.bigquery.storage.v1");
    }

    /** Why Databricks stays automatic: its driver carries SLF4J's API unshaded, beside the core's org.slf4j. */
    @Test
    void theDatabricksDriverHoldsSlf4jsPackagesWhichTheCoresLoggerModuleHolds() {
        Set<String> slf4j = Set.of("org.slf4j", "org.slf4j.event", "org.slf4j.helpers", "org.slf4j.spi");

        assertThat(packagesOf("databricks-jdbc")).containsAll(slf4j);
        assertThat(packagesOf("slf4j-api")).containsAll(slf4j);
    }

    private static Set<String> packagesOf(String artifact) {
        Path jar = Stream.of(testClassPath().split(File.pathSeparator))
                .map(Path::of)
                .filter(entry ->
                        entry.getFileName().toString().matches(artifact.replace(".", "\\.") + "-[0-9].*\\.jar"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(artifact + " is not on the test class path"));
        return ModuleFinder.of(jar).findAll().iterator().next().descriptor().packages();
    }
}
