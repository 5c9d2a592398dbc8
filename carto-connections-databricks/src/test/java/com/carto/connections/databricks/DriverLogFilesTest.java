package com.carto.connections.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.Providers;
import com.carto.connections.databricks.fake.StatementExecutionFake;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.jdbc.JdbcConnectionFactory;
import com.carto.connections.spi.jdbc.ServerAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver configures its JUL logging once per JVM, on its first connection: so the connection runs in a JVM of
 * its own, whose working directory and home are empty directories that must stay empty.
 */
class DriverLogFilesTest {
    @TempDir
    Path workingDirectory;

    @TempDir
    Path home;

    @Test
    void aConnectionWritesNoFileIntoTheWorkingDirectoryNorTheUsersHome() throws Exception {
        try (StatementExecutionFake fake = StatementExecutionFake.start(
                DatabricksProviderTest.TOKEN, DatabricksProviderTest.WAREHOUSE, Set.of("main"))) {
            Process child = new ProcessBuilder(List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            "-Duser.dir=" + workingDirectory,
                            "-Duser.home=" + home,
                            OneConnection.class.getName(),
                            Integer.toString(fake.port())))
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(child.exitValue()).as(output).isZero();
            assertThat(output).contains("answer=1");
            assertThat(files(workingDirectory)).isEmpty();
            assertThat(files(home)).isEmpty();
        }
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(path -> !path.equals(directory)).toList();
        }
    }

    /** Opens one connection with the provider's driver settings and runs {@code select 1}. */
    static final class OneConnection {
        private OneConnection() {}

        public static void main(String[] arguments) throws Exception {
            ServerAddress fake = new ServerAddress("127.0.0.1", Integer.parseInt(arguments[0]));
            ConnectionSettings settings = Providers.of(new DatabricksProvider())
                    .settings("c1", "databricks", "token", DatabricksProviderTest.properties(), Map.of());
            JdbcConnectionFactory factory = DatabricksEndpoints.token(
                    settings,
                    new com.databricks.client.jdbc.Driver(),
                    Workspaces.withPlainHttp(DatabricksProviderTest.WORKSPACE, fake));
            Properties properties = new Properties();
            properties.putAll(factory.properties());
            factory.credentials().addCredentials(properties);
            try (Connection connection = factory.driver().connect(factory.url(), properties);
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("select 1 as answer")) {
                rows.next();
                System.out.println("answer=" + rows.getLong(1));
            }
        }
    }
}
