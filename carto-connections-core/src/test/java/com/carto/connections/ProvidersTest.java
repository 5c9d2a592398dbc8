package com.carto.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.spi.ConnectionProvider;
import com.carto.connections.spi.ConnectionSettings;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvidersTest {
    @Test
    void findsProvidersByIdInRegistrationOrder() {
        Providers providers = Providers.of(new FakeProvider());
        assertThat(providers.all()).extracting(ConnectionProvider::id).containsExactly("fake");
        assertThat(providers.get("fake")).isInstanceOf(FakeProvider.class);
    }

    @Test
    void failsFastOnTwoProvidersWithOneIdNamingBothClasses() {
        assertThatThrownBy(() -> Providers.of(new FakeProvider(), new FakeProvider.Twin()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'fake'")
                .hasMessageContaining(FakeProvider.class.getName())
                .hasMessageContaining(FakeProvider.Twin.class.getName());
    }

    @Test
    void discoversProvidersListedInServiceFiles(@TempDir Path directory) throws IOException {
        try (URLClassLoader loader = loaderListing(directory, FakeProvider.class.getName())) {
            assertThat(Providers.discover(loader).all())
                    .extracting(ConnectionProvider::id)
                    .containsExactly("fake");
        }
    }

    @Test
    void discoveryFailsOnDuplicateIds(@TempDir Path directory) throws IOException {
        try (URLClassLoader loader =
                loaderListing(directory, FakeProvider.class.getName(), FakeProvider.Twin.class.getName())) {
            assertThatThrownBy(() -> Providers.discover(loader))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(FakeProvider.Twin.class.getName());
        }
    }

    @Test
    void reportsAnUnknownProviderAsNotFoundListingTheKnownOnes() {
        ConnectionException failure = catchThrowableOfType(
                ConnectionException.class,
                () -> Providers.of(new FakeProvider()).get("oracle"));
        assertThat(failure.category()).isEqualTo(ErrorCategory.NOT_FOUND);
        assertThat(failure).hasMessageContaining("oracle").hasMessageContaining("fake");
    }

    @Test
    void namesProviderIdWhenSettingsNameAnUnknownProvider() {
        assertThatThrownBy(() -> Providers.of(new FakeProvider()).settings("c", "nope", "password", Map.of(), Map.of()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("provider_id");
    }

    @Test
    void namesTypeWhenSettingsNameAnUnknownAuthMethod() {
        assertThatThrownBy(() -> Providers.of(new FakeProvider()).settings("c", "fake", "kerberos", Map.of(), Map.of()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(
                        "type 'kerberos' is not an auth method of fake; known auth methods are password, token");
    }

    @Test
    void reportsPropertyAndAdvancedOptionProblemsTogether() {
        InvalidConfigurationException failure = catchThrowableOfType(
                InvalidConfigurationException.class,
                () -> Providers.of(new FakeProvider())
                        .settings("c", "fake", "token", Map.of(), Map.of("maxConcurrentQueries", -1)));
        assertThat(failure.problems())
                .extracting(InvalidConfigurationException.Problem::property)
                .containsExactly("host", "token", "maxConcurrentQueries");
    }

    @Test
    void buildsSettingsForTheOwnerIdentity() {
        ConnectionSettings settings = Providers.of(new FakeProvider())
                .settings("c1", "fake", "token", Map.of("host", "h", "token", "t"), Map.of("tempLocation", "tmp"));
        assertThat(settings.identity()).isEqualTo("owner");
        assertThat(settings.authMethod().id()).isEqualTo("token");
        assertThat(settings.get(FakeProvider.TOKEN).reveal()).isEqualTo("t");
        assertThat(settings.options().tempLocation()).isEqualTo("tmp");
    }

    private static URLClassLoader loaderListing(Path directory, String... classNames) throws IOException {
        Path services = directory.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(
                services.resolve("com.carto.connections.spi.ConnectionProvider"), String.join("\n", classNames) + "\n");
        return new URLClassLoader(new URL[] {directory.toUri().toURL()}, ProvidersTest.class.getClassLoader());
    }
}
