package com.carto.connections.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.carto.connections.Connection;
import com.carto.connections.Connections;
import com.carto.connections.NewConnection;
import com.carto.connections.Providers;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.access.Sharing;
import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.check.CheckStage;
import com.carto.connections.check.StageResult;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.query.Catalog;
import com.carto.connections.query.Column;
import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Geometry;
import com.carto.connections.query.Page;
import com.carto.connections.query.PageRequest;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.AuthMethod;
import com.carto.connections.spi.Capability;
import com.carto.connections.spi.ConnectionProvider;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.PropertyType;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.testing.ProviderUnderTest.ContractQueries;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every provider must do, run against its real warehouse or in-repo protocol fake. A provider's test extends
 * this class and returns one {@link ProviderUnderTest}: its provider, how to reach its warehouse and a handful of
 * queries in its dialect. It overrides nothing else.
 *
 * <p>The expected values live here, not in the subclass: a provider passes only if its warehouse really returns
 * them through the SDK. Which tests apply follows from the provider's declared {@link Capability capabilities}: what
 * it declares must work, and what it does not declare must fail with {@link ErrorCategory#UNSUPPORTED} wherever the
 * capability is asked for.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ConnectionProviderContract {
    /** A secret value that must never be printed anywhere. */
    private static final String CANARY = "canary-" + UUID.randomUUID();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Principal OWNER = new Principal("contract-owner", "contract-org", Role.EDITOR, Set.of());

    private ScheduledExecutorService scheduler;
    private ProviderContext context;
    private ProviderUnderTest subject;
    private final List<WarehouseClient> clients = new ArrayList<>();
    private WarehouseClient parameterClient;

    @TempDir
    Path facadeDirectories;

    /** The provider and its test warehouse, as data; called once per test class. */
    protected abstract ProviderUnderTest providerUnderTest();

    @BeforeAll
    void startContext() {
        subject = providerUnderTest();
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "contract-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        context = new ProviderContext(scheduler, Clock.systemUTC());
    }

    @AfterAll
    void stopContext() {
        clients.forEach(WarehouseClient::close);
        scheduler.shutdownNow();
    }

    private ConnectionProvider provider() {
        return subject.provider();
    }

    private String authMethod() {
        return subject.authMethod();
    }

    private Map<String, Object> validProperties() {
        return subject.loginProperties();
    }

    private String secretProperty() {
        return subject.secretProperty();
    }

    private ContractQueries queries() {
        return subject.queries();
    }

    private String writableSchema() {
        return subject.writableSchema();
    }

    private boolean declares(Capability capability) {
        return provider().capabilities().contains(capability);
    }

    private WarehouseClient open(Map<String, Object> properties) {
        WarehouseClient client = provider().open(settings(properties), context);
        clients.add(client);
        return client;
    }

    private ConnectionSettings settings(Map<String, Object> properties) {
        return Providers.of(provider())
                .settings("contract-" + provider().id(), provider().id(), authMethod(), properties, Map.of());
    }

    private void assumeLive() {
        Optional<String> reason = subject.withoutWarehouse();
        Assumptions.assumeTrue(reason.isEmpty(), reason::get);
    }

    // Descriptor conventions

    @Test
    void isDiscoverableThroughServiceLoaderExactlyOnce() {
        List<ConnectionProvider> found = ServiceLoader.load(ConnectionProvider.class, subject.registeredIn()).stream()
                .map(ServiceLoader.Provider::get)
                .filter(provider -> provider.id().equals(provider().id()))
                .collect(Collectors.toList());
        assertThat(found).hasSize(1);
        assertThat(found.get(0)).isInstanceOf(provider().getClass());
    }

    @Test
    void hasALowerCaseIdAndADisplayName() {
        assertThat(provider().id()).matches("[a-z][a-z0-9_]*");
        assertThat(provider().displayName()).isNotBlank();
    }

    @Test
    void declaresAtLeastOneAuthMethodWithUniqueIds() {
        List<String> ids = provider().authMethods().stream().map(AuthMethod::id).toList();
        assertThat(ids).isNotEmpty().doesNotHaveDuplicates();
        assertThat(ids).contains(authMethod());
    }

    @Test
    void describesEveryProperty() {
        for (AuthMethod method : provider().authMethods()) {
            for (Property<?> property : method.properties()) {
                assertThat(property.description())
                        .as(method.id() + "." + property.name())
                        .isNotBlank();
            }
        }
    }

    @Test
    void typesEverySecretPropertyAsSecret() {
        for (AuthMethod method : provider().authMethods()) {
            for (Property<?> property : method.properties()) {
                assertThat(property.isSecret())
                        .as(method.id() + "." + property.name())
                        .isEqualTo(property.valueType() == Secret.class);
                if (property.name().toLowerCase(Locale.ROOT).matches(".*(password|secret|token|privatekey).*")) {
                    assertThat(property.type())
                            .as(property.name() + " sounds secret")
                            .isEqualTo(PropertyType.SECRET);
                }
            }
        }
    }

    @Test
    void namesPropertiesInCamelCase() {
        for (AuthMethod method : provider().authMethods()) {
            for (Property<?> property : method.properties()) {
                assertThat(property.name()).matches("[a-z][a-zA-Z0-9]*");
            }
        }
    }

    @Test
    void keepsEveryDefaultAmongItsChoices() {
        for (AuthMethod method : provider().authMethods()) {
            for (Property<?> property : method.properties()) {
                if (!property.choices().isEmpty() && property.defaultValue().isPresent()) {
                    assertThat(property.choices())
                            .contains((String) property.defaultValue().get());
                }
            }
        }
    }

    @Test
    void exportsAJsonSchemaBranchPerAuthMethodWithSecretsWriteOnly() throws Exception {
        JsonNode schema =
                JSON.readTree(Providers.of(provider()).jsonSchema(provider().id()));
        JsonNode branches = schema.at("/properties/config/oneOf");
        assertThat(branches.size()).isEqualTo(provider().authMethods().size());
        for (int index = 0; index < branches.size(); index++) {
            AuthMethod method = provider().authMethods().get(index);
            JsonNode branch = branches.get(index);
            assertThat(branch.at("/properties/type/const").asText()).isEqualTo(method.id());
            for (Property<?> property : method.properties()) {
                JsonNode field = branch.at("/properties/credentials/properties/" + property.name());
                assertThat(field.isMissingNode()).as(property.name()).isFalse();
                assertThat(field.path("writeOnly").asBoolean(false))
                        .as(property.name())
                        .isEqualTo(property.isSecret());
            }
        }
    }

    // Parsing

    @Test
    void reportsEveryMissingRequiredPropertyAtOnce() {
        AuthMethod method = provider().authMethod(authMethod()).orElseThrow();
        Set<String> required = method.properties().stream()
                .filter(Property::isRequired)
                .map(Property::name)
                .collect(Collectors.toSet());
        InvalidConfigurationException failure =
                (InvalidConfigurationException) catchThrowable(() -> settings(Map.of()));
        assertThat(failure.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
        assertThat(failure.problems())
                .extracting(InvalidConfigurationException.Problem::property)
                .containsExactlyInAnyOrderElementsOf(required);
    }

    @Test
    void rejectsAnUnknownPropertyByName() {
        Map<String, Object> properties = new HashMap<>(validProperties());
        properties.put("colour", "blue");
        assertThatThrownBy(() -> settings(properties))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("colour");
    }

    @Test
    void neverEchoesASecretInAParseError() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(secretProperty(), CANARY);
        Throwable failure = catchThrowable(() -> settings(properties));
        assertThat(failure).isInstanceOf(InvalidConfigurationException.class);
        assertThat(failure.toString()).doesNotContain(CANARY);
    }

    @Test
    void printsSettingsWithSecretsRedacted() {
        Map<String, Object> properties = new HashMap<>(validProperties());
        properties.put(secretProperty(), CANARY);
        ConnectionSettings settings = settings(properties);
        assertThat(settings.toString()).doesNotContain(CANARY).contains("Secret[redacted]");
        assertThat(open(properties).toString()).doesNotContain(CANARY);
    }

    // Capabilities

    /**
     * Every capability the provider does not declare, asked for wherever it is gated, fails with UNSUPPORTED (or, in
     * a check, skips its stage). The switch has no default, so a new capability does not compile until it has gates.
     */
    @TestFactory
    Stream<DynamicTest> refusesEveryUndeclaredCapability() {
        return Arrays.stream(Capability.values())
                .filter(capability -> !declares(capability))
                .flatMap(capability -> undeclared(capability)
                        .map(gate -> named(capability + " undeclared: " + gate.getDisplayName(), gate)));
    }

    /** The gate under a name that its failure repeats, since build reports number dynamic tests instead of naming them. */
    private static DynamicTest named(String name, DynamicTest gate) {
        return dynamicTest(name, () -> {
            try {
                gate.getExecutable().execute();
            } catch (AssertionError e) {
                throw new AssertionError(name + ": " + e.getMessage(), e);
            }
        });
    }

    private Stream<DynamicTest> undeclared(Capability capability) {
        return switch (capability) {
            case VIEWER_CREDENTIALS ->
                Stream.of(
                        dynamicTest(
                                "no auth method lists viewer credential properties",
                                this::listsNoViewerCredentialPropertiesForAnyAuthMethod),
                        dynamicTest(
                                "the facade refuses to share a connection with viewer credentials",
                                this::refusesToShareWithViewerCredentials));
            case WRITE_BACK ->
                Stream.of(
                        dynamicTest("a client refuses to create a table", this::clientRefusesToCreateATable),
                        dynamicTest("a client refuses to drop a table", this::clientRefusesToDropATable),
                        dynamicTest("the facade refuses to create a table", this::facadeRefusesToCreateATable),
                        dynamicTest("a check asked for the write test skips it", this::checkSkipsTheWriteTest));
            case SPATIAL -> Stream.of(dynamicTest("a check skips the spatial stage", this::checkSkipsTheSpatialStage));
            // Nothing asks a provider to cancel: timeouts, limits and close cancel through the client itself, and
            // every query carries a timeout (the connection's queryTimeout caps it), so no call can fail for want
            // of this capability. What it promises is tested where it is declared.
            case QUERY_CANCEL -> Stream.empty();
        };
    }

    private void listsNoViewerCredentialPropertiesForAnyAuthMethod() {
        for (AuthMethod method : provider().authMethods()) {
            assertUnsupported(() -> provider().viewerCredentialProperties(method.id()));
        }
    }

    private void refusesToShareWithViewerCredentials() {
        try (Connections connections = facade()) {
            Connection created = createWithoutCheck(connections);
            assertUnsupported(() -> connections.share(OWNER, created.id(), Sharing.viewerCredentials(), true));
            assertThat(connections.get(OWNER, created.id()).sharing()).isEqualTo(Sharing.PRIVATE);
        }
    }

    private void clientRefusesToCreateATable() {
        WarehouseClient client = open(validProperties());
        assertUnsupported(() -> client.createTable(List.of("contract_never_created"), Query.sql("select 1")));
    }

    private void clientRefusesToDropATable() {
        WarehouseClient client = open(validProperties());
        assertUnsupported(() -> client.dropTable(List.of("contract_never_created")));
    }

    private void facadeRefusesToCreateATable() {
        try (Connections connections = facade()) {
            Connection created = createWithoutCheck(connections);
            assertUnsupported(() -> connections.createTable(
                    OWNER, created.id(), List.of("contract_never_created"), Query.sql("select 1")));
        }
    }

    private void checkSkipsTheWriteTest() {
        assumeLive();
        CheckReport report =
                open(validProperties()).check(CheckOptions.defaults().withWriteTest());
        assertThat(report.ok()).as(report.summary()).isTrue();
        assertThat(report.stage(CheckStage.WRITE_TEMP_TABLE).status())
                .as(report.summary())
                .isEqualTo(StageResult.Status.SKIPPED);
    }

    private void checkSkipsTheSpatialStage() {
        assumeLive();
        CheckReport report = open(validProperties()).check(CheckOptions.defaults());
        assertThat(report.stage(CheckStage.SPATIAL_SUPPORT).status())
                .as(report.summary())
                .isEqualTo(StageResult.Status.SKIPPED);
    }

    private static void assertUnsupported(ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOf(ConnectionException.class)
                .extracting(failure -> ((ConnectionException) failure).category())
                .isEqualTo(ErrorCategory.UNSUPPORTED);
    }

    /** A facade over an embedded store of its own, knowing only this provider. */
    private Connections facade() {
        try {
            return Connections.builder()
                    .embedded(Files.createTempDirectory(facadeDirectories, "store"))
                    .providers(Providers.of(provider()))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores a connection of the tested auth method without reaching the warehouse, which these gates never need. */
    private Connection createWithoutCheck(Connections connections) {
        NewConnection draft = NewConnection.of(provider().id(), "contract-connection")
                .authMethod(authMethod())
                .skipLiveCheck();
        for (Map.Entry<String, Object> property : validProperties().entrySet()) {
            draft = draft.property(property.getKey(), property.getValue());
        }
        return connections.create(OWNER, draft);
    }

    @Test
    void listsViewerCredentialPropertiesOfTheAuthMethodWhenDeclared() {
        Assumptions.assumeTrue(declares(Capability.VIEWER_CREDENTIALS), "viewer credentials undeclared");
        AuthMethod method =
                provider().authMethod(subject.viewerCredentialsAuthMethod()).orElseThrow();
        assertThat(provider().viewerCredentialProperties(method.id()))
                .isNotEmpty()
                .allSatisfy(property ->
                        assertThat(method.properties()).as(method.id()).contains(property));
    }

    @Test
    void opensAClientWithoutTouchingTheNetwork() {
        WarehouseClient client = open(subject.closedPortProperties().orElseGet(this::validProperties));
        assertThat(client).isNotNull();
        client.close();
    }

    // Check stages

    @Test
    void passesEveryStageAgainstTheTestWarehouse() {
        assumeLive();
        CheckReport report =
                open(validProperties()).check(CheckOptions.defaults().withWriteTest());
        assertThat(report.ok()).as(report.summary()).isTrue();
        assertThat(report.stage(CheckStage.AUTHENTICATE).status()).isEqualTo(StageResult.Status.PASSED);
    }

    @Test
    void passesTheWriteTestStageWhenWriteBackIsDeclared() {
        assumeLive();
        Assumptions.assumeTrue(declares(Capability.WRITE_BACK), "write-back undeclared");
        CheckReport report =
                open(validProperties()).check(CheckOptions.defaults().withWriteTest());
        assertThat(report.stage(CheckStage.WRITE_TEMP_TABLE).status())
                .as(report.summary())
                .isEqualTo(StageResult.Status.PASSED);
    }

    @Test
    void passesTheSpatialStageWhenSpatialIsDeclared() {
        assumeLive();
        Assumptions.assumeTrue(declares(Capability.SPATIAL), "spatial types undeclared");
        CheckReport report = open(validProperties()).check(CheckOptions.defaults());
        assertThat(report.stage(CheckStage.SPATIAL_SUPPORT).status())
                .as(report.summary())
                .isEqualTo(StageResult.Status.PASSED);
    }

    @Test
    void failsAuthenticationStageOnAWrongSecret() {
        assumeLive();
        Map<String, Object> properties = new HashMap<>(validProperties());
        properties.put(secretProperty(), CANARY);
        CheckReport report = open(properties).check(CheckOptions.defaults());
        assertFailedAt(report, CheckStage.AUTHENTICATE, ErrorCategory.AUTHENTICATION);
        assertThat(report.failure().orElseThrow().suspectProperties()).contains(secretProperty());
        assertThat(report.toString()).doesNotContain(CANARY);
    }

    @Test
    void failsReachDatabaseStageOnAnUnknownDatabase() {
        assumeLive();
        CheckReport report = open(subject.unknownDatabaseProperties()).check(CheckOptions.defaults());
        assertFailedAt(report, CheckStage.REACH_DATABASE, ErrorCategory.NOT_FOUND);
    }

    @Test
    void failsConnectStageOnAClosedPort() {
        Optional<Map<String, Object>> closedPort = subject.closedPortProperties();
        Assumptions.assumeTrue(closedPort.isPresent(), "the provider has no port");
        CheckReport report = open(closedPort.get()).check(CheckOptions.defaults());
        assertFailedAt(report, CheckStage.CONNECT, ErrorCategory.UNAVAILABLE);
        assertThat(report.failure().orElseThrow().retryable()).isTrue();
    }

    @Test
    void failsResolveHostStageOnAnUnresolvableHost() {
        Optional<Map<String, Object>> unresolvable = subject.unresolvableHostProperties();
        Assumptions.assumeTrue(unresolvable.isPresent(), "the provider has no host");
        CheckReport report =
                open(unresolvable.get()).check(CheckOptions.defaults().withStageDeadline(Duration.ofSeconds(5)));
        StageResult failure = report.failure().orElseThrow(() -> new AssertionError(report.summary()));
        assertThat(failure.stage()).isEqualTo(CheckStage.RESOLVE_HOST);
        assertThat(failure.category())
                .hasValueSatisfying(category ->
                        assertThat(category).isIn(ErrorCategory.INVALID_CONFIGURATION, ErrorCategory.TIMEOUT));
        assertThat(failure.suspectProperties()).contains(subject.hostProperty());
    }

    private static void assertFailedAt(CheckReport report, CheckStage stage, ErrorCategory category) {
        StageResult failure =
                report.failure().orElseThrow(() -> new AssertionError("expected a failure:\n" + report.summary()));
        assertThat(failure.stage()).as(report.summary()).isEqualTo(stage);
        assertThat(failure.category()).as(report.summary()).contains(category);
        assertThat(failure.hint()).isPresent();
        assertThat(failure.message()).isPresent();
        for (StageResult later :
                report.stages().subList(stage.ordinal() + 1, report.stages().size())) {
            assertThat(later.status()).isEqualTo(StageResult.Status.SKIPPED);
        }
    }

    // Queries

    @Test
    void normalizesEveryScalarType() {
        assumeLive();
        try (QueryResult result =
                open(validProperties()).query(Query.sql(queries().types()))) {
            Map<String, ColumnType> types =
                    result.columns().stream().collect(Collectors.toMap(Column::name, Column::type));
            assertThat(types)
                    .containsEntry("ts", ColumnType.TIMESTAMP)
                    .containsEntry("i", ColumnType.INTEGER)
                    .containsEntry("d", ColumnType.DECIMAL)
                    .containsEntry("f", ColumnType.FLOAT)
                    .containsEntry("b", ColumnType.BOOLEAN)
                    .containsEntry("dt", ColumnType.DATE)
                    .containsEntry("tstz", ColumnType.TIMESTAMP_WITH_TIME_ZONE)
                    .containsEntry("s", ColumnType.STRING)
                    .containsEntry("n", ColumnType.INTEGER);
            assertThat(result.next()).isTrue();
            assertThat(result.value("i")).isEqualTo(42L);
            assertThat((BigDecimal) result.value("d")).isEqualByComparingTo("12.345");
            assertThat(result.value("f")).isEqualTo(1.5d);
            assertThat(result.value("b")).isEqualTo(true);
            assertThat(result.value("dt")).isEqualTo(LocalDate.of(2024, 2, 29));
            assertThat(result.value("ts")).isEqualTo(LocalDateTime.of(2024, 2, 29, 12, 34, 56));
            assertThat(result.value("tstz")).isEqualTo(OffsetDateTime.of(2024, 2, 29, 12, 34, 56, 0, ZoneOffset.UTC));
            assertThat(result.value("s")).isEqualTo("héllo wörld");
            assertThat(result.value("n")).isNull();
            assertThat(result.next()).isFalse();
        }
    }

    @Test
    void returnsGeometryAsWkbWithItsSrid() {
        assumeLive();
        Assumptions.assumeTrue(declares(Capability.SPATIAL), "spatial types undeclared");
        try (QueryResult result =
                open(validProperties()).query(Query.sql(queries().point()))) {
            assertThat(result.columns().get(0).type()).isEqualTo(ColumnType.GEOMETRY);
            assertThat(result.columns().get(0).name()).isEqualTo("geom");
            assertThat(result.next()).isTrue();
            Geometry geometry = (Geometry) result.value("geom");
            assertThat(geometry.srid()).isEqualTo(4326);
            assertThat(geometry.toJts().getCoordinate().x).isEqualTo(1.5);
            assertThat(geometry.toJts().getCoordinate().y).isEqualTo(2.5);
            assertThat(geometry.toWkt()).isEqualTo("POINT(1.5 2.5)");
        }
    }

    @Test
    void bindsPositionalParameters() {
        assumeLive();
        try (QueryResult result =
                open(validProperties()).query(Query.sql(queries().parameter()).param(41))) {
            assertThat(result.next()).isTrue();
            assertThat(result.value("answer")).isEqualTo(42L);
        }
    }

    @Test
    void bindsNamedParametersOnlyOutsideTheDialectsLiteralsIdentifiersAndComments() {
        assumeLive();
        try (QueryResult result =
                open(validProperties()).query(Query.sql(queries().lexical()).param("value", 41))) {
            assertThat(result.next()).isTrue();
            assertThat(result.value("answer")).isEqualTo(42L);
        }
    }

    @Test
    void bindsNamedParameters() {
        assumeLive();
        // The parameter query's one positional mark, written as a named reference: Query.resolve is what runs.
        try (QueryResult result = open(validProperties())
                .query(Query.sql(queries().parameter().replace("?", ":value")).param("value", 41))) {
            assertThat(result.next()).isTrue();
            assertThat(result.value("answer")).isEqualTo(42L);
        }
    }

    Stream<ParameterRoundTrip> parameterRoundTrips() {
        return ParameterRoundTrip.all().stream();
    }

    /** One client for every round trip: they read one row each, and a pool per case would dominate their time. */
    private WarehouseClient parameterClient() {
        if (parameterClient == null) {
            parameterClient = open(validProperties());
        }
        return parameterClient;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parameterRoundTrips")
    void bindsEveryDocumentedParameterTypeAndReportsTheColumnTypeItBecomes(ParameterRoundTrip trip) {
        assumeLive();
        Query query = Query.sql(selectValues("? as " + quoted("v"))).param(trip.value());
        if (subject.refusedParameters().contains(trip.name())) {
            assertThatThrownBy(() -> parameterClient().query(query).close())
                    .isInstanceOfSatisfying(
                            ConnectionException.class,
                            failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION))
                    .hasMessageContaining("parameter 1");
            return;
        }
        try (QueryResult result = parameterClient().query(query)) {
            assertThat(result.columns()).extracting(Column::type).containsExactly(trip.type());
            assertThat(result.next()).isTrue();
            trip.assertReadBack(result.value(0));
            assertThat(result.next()).isFalse();
        }
    }

    @Test
    void bindsANamedGeometryParameterAsTheDialectSpellsIt() {
        assumeLive();
        Query query =
                Query.sql(selectValues(":g as " + quoted("v"))).param("g", Geometry.ofWkt("LINESTRING(0 0,1 1)", 4326));
        try (QueryResult result = parameterClient().query(query)) {
            assertThat(result.columns()).extracting(Column::type).containsExactly(ColumnType.GEOMETRY);
            assertThat(result.next()).isTrue();
            assertThat(((Geometry) result.value(0)).toWkt()).isEqualTo("LINESTRING(0 0,1 1)");
        }
    }

    @Test
    void writesBackGeometryAndInstantParametersAsTheirTypes() {
        assumeLive();
        Assumptions.assumeTrue(declares(Capability.WRITE_BACK), "write-back undeclared");
        WarehouseClient client = parameterClient();
        List<String> table = List.of(writableSchema(), "contract_" + Long.toHexString(System.nanoTime()));
        client.createTable(
                table,
                Query.sql(selectValues("? as " + quoted("g") + ", ? as " + quoted("t")))
                        .params(Geometry.ofWkt("POINT(1.5 2.5)", 4326), Instant.parse("2024-02-29T12:34:56Z")));
        try (QueryResult rows = client.query(Query.sql("select " + quoted("g") + ", " + quoted("t") + " from "
                + provider().dialect().qualifiedName(table)))) {
            assertThat(rows.columns())
                    .extracting(Column::type)
                    .containsExactly(ColumnType.GEOMETRY, ColumnType.TIMESTAMP_WITH_TIME_ZONE);
            assertThat(rows.next()).isTrue();
            assertThat(((Geometry) rows.value("g")).toWkt()).isEqualTo("POINT(1.5 2.5)");
            assertThat(((Geometry) rows.value("g")).srid()).isEqualTo(4326);
            assertThat(rows.value("t")).isEqualTo(OffsetDateTime.of(2024, 2, 29, 12, 34, 56, 0, ZoneOffset.UTC));
        } finally {
            client.dropTable(table);
        }
    }

    /** Constants selected in the dialect's SQL: Oracle needs {@code from dual}. */
    private String selectValues(String expressions) {
        return provider().dialect().selectWithoutTable(expressions);
    }

    /** A column alias as written, whatever case the warehouse folds unquoted names to. */
    private String quoted(String name) {
        return provider().dialect().quoteIdentifier(name);
    }

    /** A Java type no warehouse binds. */
    private record Unbindable(String text) {}

    @Test
    void refusesAParameterOfAnUndocumentedTypeNamingItsPositionAndType() {
        assumeLive();
        Query query = Query.sql(selectValues("? as " + quoted("v"))).param(new Unbindable("x"));
        assertThatThrownBy(() -> parameterClient().query(query).close())
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION))
                .hasMessageContaining("parameter 1")
                .hasMessageContaining(Unbindable.class.getName());
    }

    @Test
    void writesAResultAsSqlApiJson() throws Exception {
        assumeLive();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (QueryResult result =
                open(validProperties()).query(Query.sql(queries().series().apply(3)))) {
            result.writeJson(out);
        }
        JsonNode json = JSON.readTree(out.toByteArray());
        assertThat(json.get("schema").get(0).get("name").asText()).isEqualTo("n");
        assertThat(json.get("schema").get(0).get("type").asText()).isEqualTo("integer");
        assertThat(json.get("rows")).extracting(row -> row.get("n").asLong()).containsExactly(1L, 2L, 3L);
        assertThat(json.get("meta").get("rowCount").asLong()).isEqualTo(3);
    }

    @Test
    void writesAGeometryResultAsGeoJson() throws Exception {
        assumeLive();
        Assumptions.assumeTrue(declares(Capability.SPATIAL), "spatial types undeclared");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (QueryResult result =
                open(validProperties()).query(Query.sql(queries().point()))) {
            result.writeGeoJson(out);
        }
        JsonNode json = JSON.readTree(out.toByteArray());
        assertThat(json.get("type").asText()).isEqualTo("FeatureCollection");
        assertThat(json.get("features").get(0).get("geometry").toString())
                .isEqualTo("{\"type\":\"Point\",\"coordinates\":[1.5,2.5]}");
    }

    @Test
    void streamsManyRowsInOrder() {
        assumeLive();
        long rows = 300_000;
        long sum = 0;
        long previous = 0;
        try (QueryResult result =
                open(validProperties()).query(Query.sql(queries().series().apply(rows)))) {
            while (result.next()) {
                long value = (Long) result.value(0);
                assertThat(value).isEqualTo(previous + 1);
                previous = value;
                sum += value;
            }
            assertThat(result.rowCount()).isEqualTo(rows);
        }
        assertThat(sum).isEqualTo(rows * (rows + 1) / 2);
    }

    @Test
    void stopsWithLimitExceededPastMaxRows() {
        assumeLive();
        try (QueryResult result = open(validProperties())
                .query(Query.sql(queries().series().apply(100)).maxRows(10))) {
            for (int row = 0; row < 10; row++) {
                assertThat(result.next()).isTrue();
            }
            assertThatThrownBy(result::next)
                    .isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("10 rows")
                    .extracting(failure -> ((ConnectionException) failure).category())
                    .isEqualTo(ErrorCategory.LIMIT_EXCEEDED);
        }
    }

    @Test
    void timesOutAndCancelsAStatementPastItsTimeoutWhenQueryCancelIsDeclared() {
        assumeLive();
        Assumptions.assumeTrue(declares(Capability.QUERY_CANCEL), "query cancel undeclared");
        long start = System.nanoTime();
        Throwable failure = catchThrowable(() -> {
            try (QueryResult result = open(validProperties())
                    .query(Query.sql(queries().sleep().apply(30)).timeout(Duration.ofSeconds(1)))) {
                result.next();
            }
        });
        assertThat(failure).isInstanceOf(ConnectionException.class);
        assertThat(((ConnectionException) failure).category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void reportsInvalidSqlAsInvalidConfiguration() {
        assumeLive();
        Throwable failure = catchThrowable(() ->
                open(validProperties()).query(Query.sql("selec nothing from")).close());
        assertThat(failure).isInstanceOf(ConnectionException.class);
        assertThat(((ConnectionException) failure).category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
    }

    @Test
    void reportsAMissingTableAsNotFound() {
        assumeLive();
        Throwable failure = catchThrowable(() -> open(validProperties())
                .query(Query.sql("select * from "
                        + provider()
                                .dialect()
                                .qualifiedName(List.of(writableSchema(), "no_such_table_" + System.nanoTime()))))
                .close());
        assertThat(failure).isInstanceOf(ConnectionException.class);
        assertThat(((ConnectionException) failure).category()).isEqualTo(ErrorCategory.NOT_FOUND);
        assertThat(failure.getCause()).isNotNull();
    }

    // Write-back and catalog

    @Test
    void writesBackATableAndBrowsesItInTheCatalog() {
        assumeLive();
        Assumptions.assumeTrue(declares(Capability.WRITE_BACK), "write-back undeclared");
        WarehouseClient client = open(validProperties());
        String table = "contract_" + Long.toHexString(System.nanoTime());
        client.createTable(
                List.of(writableSchema(), table), Query.sql(queries().series().apply(3)));
        try {
            Catalog catalog = client.catalog();
            String database =
                    catalog.databases(PageRequest.first(10)).items().get(0).name();
            assertThat(allPages(request -> catalog.schemas(database, request)))
                    .extracting(Catalog.Schema::name)
                    .contains(writableSchema());
            assertThat(catalog.tables(
                                    database,
                                    writableSchema(),
                                    PageRequest.first(10).nameContains(table))
                            .items())
                    .extracting(Catalog.Table::name)
                    .containsExactly(table);
            assertThat(catalog.columns(database, writableSchema(), table, PageRequest.first(10))
                            .items())
                    .singleElement()
                    .satisfies(column -> {
                        assertThat(column.name()).isEqualTo("n");
                        assertThat(column.type()).isEqualTo(ColumnType.INTEGER);
                        assertThat(column.position()).isEqualTo(1);
                    });
            try (QueryResult rows = client.query(Query.sql("select count(*) as c from "
                    + provider().dialect().qualifiedName(List.of(writableSchema(), table))))) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.value(0)).isEqualTo(3L);
            }
        } finally {
            client.dropTable(List.of(writableSchema(), table));
        }
    }

    @Test
    void pagesThroughTablesWithoutRepeatsOrGaps() {
        assumeLive();
        Assumptions.assumeTrue(declares(Capability.WRITE_BACK), "write-back undeclared");
        WarehouseClient client = open(validProperties());
        String prefix = "paged_" + Long.toHexString(System.nanoTime()) + "_";
        List<String> created = new ArrayList<>();
        for (int index = 0; index < 5; index++) {
            created.add(prefix + index);
            client.createTable(
                    List.of(writableSchema(), prefix + index),
                    Query.sql(queries().series().apply(1)));
        }
        try {
            Catalog catalog = client.catalog();
            String database =
                    catalog.databases(PageRequest.first(1)).items().get(0).name();
            List<String> seen =
                    allPages(request -> catalog.tables(database, writableSchema(), request.nameContains(prefix)))
                            .stream()
                            .map(Catalog.Table::name)
                            .toList();
            assertThat(seen).containsExactlyElementsOf(created);
        } finally {
            created.forEach(name -> client.dropTable(List.of(writableSchema(), name)));
        }
    }

    private static <T> List<T> allPages(Function<PageRequest, Page<T>> reader) {
        List<T> items = new ArrayList<>();
        Set<Object> tokens = new HashSet<>();
        PageRequest request = PageRequest.first(2);
        while (true) {
            Page<T> page = reader.apply(request);
            assertThat(page.items().size()).isLessThanOrEqualTo(2);
            items.addAll(page.items());
            if (page.nextPageToken().isEmpty()) {
                return items;
            }
            assertThat(tokens.add(page.nextPageToken().get()))
                    .as("page tokens never repeat")
                    .isTrue();
            request = request.after(page.nextPageToken().get());
        }
    }

    // Secrets

    @Test
    void neverRevealsTheSecretInExceptionsReportsOrLogs() {
        assumeLive();
        Map<String, Object> properties = new HashMap<>(validProperties());
        properties.put(secretProperty(), CANARY);
        List<String> printed = new ArrayList<>();
        try (LogCapture logs = LogCapture.start()) {
            WarehouseClient client = open(properties);
            printed.add(client.toString());
            printed.add(settings(properties).toString());
            printed.add(client.check(CheckOptions.defaults()).toString());
            printed.add(client.check(CheckOptions.defaults()).summary());
            collect(
                    printed,
                    catchThrowable(() ->
                            client.query(Query.sql(queries().series().apply(1))).close()));
            collect(
                    printed,
                    catchThrowable(
                            () -> client.execute(Query.sql(queries().series().apply(1)))));
            collect(printed, catchThrowable(() -> client.catalog().databases(PageRequest.first(1))));
            Map<String, Object> broken = new HashMap<>(properties);
            broken.put("noSuchProperty", CANARY);
            collect(printed, catchThrowable(() -> settings(broken)));
            client.close();
            printed.addAll(logs.lines());
        }
        assertThat(printed).isNotEmpty().allSatisfy(text -> assertThat(text).doesNotContain(CANARY));
    }

    private static void collect(List<String> printed, Throwable failure) {
        assertThat(failure).as("a failure was expected").isNotNull();
        for (Throwable current = failure; current != null; current = current.getCause()) {
            printed.add(current.toString());
            for (StackTraceElement element : current.getStackTrace()) {
                printed.add(element.toString());
            }
        }
    }
}
