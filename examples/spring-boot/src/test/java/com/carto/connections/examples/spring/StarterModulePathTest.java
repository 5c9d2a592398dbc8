package com.carto.connections.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boots the starter on the module path with Spring Boot's jars, the core, the postgres provider and their libraries in
 * a layer of their own (the starter, the core and the provider named modules, Spring's jars automatic modules under
 * the names their manifests declare), and lets Spring Boot find the auto-configuration and build its beans from
 * inside the named starter module. It lives here rather than in {@code examples} because it needs Spring Boot's
 * versions, which only this module and the starter take; the starter's own tests run before its descriptor is
 * compiled. Reflection throughout: nothing in the layer is visible to this class's loader.
 */
class StarterModulePathTest {
    private static final String STARTER = "com.carto.connections.spring";
    private static final String AUTO_CONFIGURATION = STARTER + ".CartoConnectionsAutoConfiguration";
    private static final String COMMONS_LOGGING = "org.apache.commons.logging";

    /** What the starter needs at run time with health support, by groupId:artifactId: an application's module path. */
    private static final List<String> ARTIFACTS = List.of(
            "com.carto.connections:carto-connections-spring-boot-starter",
            "com.carto.connections:carto-connections-core",
            "com.carto.connections:carto-connections-postgres",
            "org.springframework.boot:spring-boot",
            "org.springframework.boot:spring-boot-autoconfigure",
            "org.springframework.boot:spring-boot-health",
            "org.springframework:spring-core",
            "org.springframework:spring-beans",
            "org.springframework:spring-context",
            "org.springframework:spring-aop",
            "org.springframework:spring-expression",
            "commons-logging:commons-logging",
            "io.micrometer:micrometer-observation",
            "io.micrometer:micrometer-commons",
            "org.jspecify:jspecify",
            "org.slf4j:slf4j-api",
            "com.zaxxer:HikariCP",
            "com.fasterxml.jackson.core:jackson-databind",
            "com.fasterxml.jackson.core:jackson-core",
            "com.fasterxml.jackson.core:jackson-annotations",
            "org.locationtech.jts:jts-core",
            "com.nimbusds:nimbus-jose-jwt",
            "com.h2database:h2",
            "org.postgresql:postgresql");

    @TempDir
    static Path directory;

    private static ModuleLayer layer;
    private static ClassLoader loader;
    private static AutoCloseable application;

    @BeforeAll
    static void bootSpringAndTheStarterInALayerOfTheirOwn() throws Exception {
        Path[] modulePath = Stream.of(testClassPath().split(File.pathSeparator))
                .map(Path::of)
                .filter(StarterModulePathTest::isOnTheModulePath)
                .toArray(Path[]::new);
        assertThat(modulePath).hasSize(ARTIFACTS.size());
        // Spring logs through commons-logging, a named module that Spring's automatic modules cannot require: the
        // application names it, as here, in --add-modules or its own descriptor.
        Configuration configuration = ModuleLayer.boot()
                .configuration()
                .resolveAndBind(ModuleFinder.of(modulePath), ModuleFinder.of(), Set.of(STARTER, COMMONS_LOGGING));
        layer = ModuleLayer.boot().defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
        loader = layer.findLoader(STARTER);
        application = (AutoCloseable) inTheLayer(() -> {
            Class<?> autoConfiguration = loader.loadClass(AUTO_CONFIGURATION);
            Method run = loader.loadClass("org.springframework.boot.SpringApplication")
                    .getMethod("run", Class[].class, String[].class);
            return run.invoke(null, new Class<?>[] {autoConfiguration}, new String[] {
                "--spring.main.web-application-type=none",
                "--spring.main.banner-mode=off",
                "--carto.connections.embedded-directory=" + directory.resolve("store")
            });
        });
    }

    @AfterAll
    static void stopTheApplication() throws Exception {
        if (application != null) {
            application.close();
        }
    }

    /** Surefire runs tests from a manifest-only jar, and names the real class path in this property. */
    private static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** A repository jar under its group's directory, or a reactor module's packaged jar; never a tests jar. */
    private static boolean isOnTheModulePath(Path entry) {
        String text = entry.toString().replace('\\', '/');
        String fileName = entry.getFileName().toString();
        if (fileName.endsWith("-tests.jar")) {
            return false;
        }
        return ARTIFACTS.stream().anyMatch(coordinates -> {
            String group = coordinates.substring(0, coordinates.indexOf(':'));
            String artifact = coordinates.substring(coordinates.indexOf(':') + 1);
            return fileName.matches(artifact.replace(".", "\\.") + "-[0-9].*\\.jar")
                    && (text.contains("/" + group.replace('.', '/') + "/" + artifact + "/")
                            || text.endsWith("/" + artifact + "/target/" + fileName));
        });
    }

    /** Spring loads classes through the context class loader, as an application launched on the module path has it. */
    private static Object inTheLayer(Action action) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.run();
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private static Object bean(String type) throws Exception {
        return application.getClass().getMethod("getBean", Class.class).invoke(application, loader.loadClass(type));
    }

    @Test
    void theStarterIsANamedModuleThatExportsItsPackageAndOpensItToSpringCoreOnly() {
        ModuleDescriptor starter = layer.findModule(STARTER).orElseThrow().getDescriptor();

        assertThat(starter.isAutomatic()).isFalse();
        assertThat(starter.exports()).singleElement().satisfies(exports -> {
            assertThat(exports.source()).isEqualTo(STARTER);
            assertThat(exports.targets()).isEmpty();
        });
        assertThat(starter.opens()).singleElement().satisfies(opens -> {
            assertThat(opens.source()).isEqualTo(STARTER);
            assertThat(opens.targets()).containsExactly("spring.core");
        });
    }

    @Test
    void springBootFindsTheAutoConfigurationThroughItsImportsFileInTheNamedModule() throws Exception {
        Class<?> annotation = loader.loadClass("org.springframework.boot.autoconfigure.AutoConfiguration");
        Object candidates = loader.loadClass("org.springframework.boot.context.annotation.ImportCandidates")
                .getMethod("load", Class.class, ClassLoader.class)
                .invoke(null, annotation, loader);
        List<String> names = new ArrayList<>();
        for (Object name : (Iterable<?>) candidates) {
            names.add((String) name);
        }

        assertThat(names).contains(AUTO_CONFIGURATION);
    }

    @Test
    void theConnectionsBeanIsBuiltAndFindsThePostgresProviderThroughItsProvidesClause() throws Exception {
        Object connections = bean("com.carto.connections.Connections");
        Object providers = connections.getClass().getMethod("providers").invoke(connections);
        List<?> all = (List<?>) providers.getClass().getMethod("all").invoke(providers);

        assertThat(connections.getClass().getModule().getName()).isEqualTo("com.carto.connections");
        assertThat(all)
                .singleElement()
                .satisfies(
                        provider -> assertThat(provider.getClass().getModule().getName())
                                .isEqualTo("com.carto.connections.postgres"));
    }

    @Test
    void theHealthIndicatorFromThePackagePrivateConfigurationReportsTheStoreUp() throws Exception {
        Class<?> indicatorType = loader.loadClass("org.springframework.boot.health.contributor.HealthIndicator");
        Object indicator = bean(indicatorType.getName());
        Object health = indicatorType.getMethod("health").invoke(indicator);
        Object status = health.getClass().getMethod("getStatus").invoke(health);

        assertThat(indicator.getClass().getModule().getName()).isEqualTo(STARTER);
        assertThat(status.getClass().getMethod("getCode").invoke(status)).isEqualTo("UP");
    }

    @FunctionalInterface
    private interface Action {
        Object run() throws Exception;
    }
}
