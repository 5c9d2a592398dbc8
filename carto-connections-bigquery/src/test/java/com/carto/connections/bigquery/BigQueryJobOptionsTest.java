package com.carto.connections.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.query.Query;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.WarehouseClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.QueryJobConfiguration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Job labels (sanitized to BigQuery's rules, which the fake enforces) and a connection's maximumBytesBilled. */
class BigQueryJobOptionsTest {
    @RegisterExtension
    static final TestConnections CONNECTIONS = new TestConnections();

    private static final long TEN_MEGABYTES = 10L << 20;

    @BeforeAll
    static void data() {
        CONNECTIONS.fake.engine().createDataset("billed", "US");
        CONNECTIONS
                .fake
                .engine()
                .h2("create table \"billed\".\"small\" as select \"X\" as id from system_range(1, 10)");
    }

    @Test
    void everyJobCarriesTheApplicationTheConnectionAndTheUserAsLabels() {
        CONNECTIONS.serviceAccountClient().execute(Query.sql("select 1"));
        assertThat(labelsOfLastJob())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("application", "carto-connections", "connection", "test-bigquery", "user", "owner"));
    }

    @Test
    void aConnectionIdAndAViewerBeyondTheLabelRulesAreSanitizedAndTheJobRuns() {
        ConnectionSettings usual = CONNECTIONS.settings("service_account", CONNECTIONS.serviceAccount(), Map.of());
        String longId = "Connection-" + "x".repeat(70);
        WarehouseClient client = CONNECTIONS.open(new ConnectionSettings(
                longId, usual.authMethod(), usual.properties(), usual.options(), "viewer:Zoë.O'Brien@Example.COM"));
        client.execute(Query.sql("select 1"));
        Map<String, String> labels = labelsOfLastJob();
        assertThat(labels.get("connection")).isEqualTo(("connection-" + "x".repeat(70)).substring(0, 63));
        assertThat(labels.get("user")).isEqualTo("viewer_zoë_o_brien_example_com");
    }

    @ParameterizedTest(name = "\"{0}\" → \"{1}\"")
    @CsvSource(
            delimiter = '|',
            value = {
                "owner|owner",
                "UPPER-case_9|upper-case_9",
                "viewer:ana@x.org|viewer_ana_x_org",
                "Ünïcödé|ünïcödé",
                "東京|東京",
                "smile 😀|smile__",
                "café²|café_",
                "''|''"
            })
    void labelValuesKeepWhatBigQueryAcceptsAndReplaceTheRest(String text, String label) {
        assertThat(BigQueryJobLabels.value(text)).isEqualTo(label);
    }

    @Test
    void labelValuesOfSixtyTwoAndSixtyThreeCharactersAreKeptAndLongerOnesCutToSixtyThree() {
        assertThat(BigQueryJobLabels.value("a".repeat(62))).isEqualTo("a".repeat(62));
        assertThat(BigQueryJobLabels.value("a".repeat(63))).isEqualTo("a".repeat(63));
        assertThat(BigQueryJobLabels.value("a".repeat(64))).isEqualTo("a".repeat(63));
    }

    @Test
    void labelValuesAreCutToOneHundredTwentyEightBytes() {
        // 東 is three bytes in UTF-8: 42 of them make 126 bytes, a 43rd would make 129.
        assertThat(BigQueryJobLabels.value("東".repeat(63))).isEqualTo("東".repeat(42));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "a key of 64 characters|" + "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk|v",
                "an uppercase key|Key|v",
                "a key starting with a digit|1key|v",
                "a value of 64 characters|key|vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv",
                "an uppercase value|key|Value",
                "a value with a dot|key|a.b"
            })
    void theFakeRefusesLabelsBigQueryRefuses(String what, String key, String value) {
        BigQueryException refused = catchThrowableOfType(
                BigQueryException.class,
                () -> jobService()
                        .create(JobInfo.of(QueryJobConfiguration.newBuilder("select 1")
                                .setLabels(Map.of(key, value))
                                .build())));
        assertThat(refused).as(what).isNotNull();
        assertThat(refused.getCode()).isEqualTo(400);
        assertThat(refused.getReason()).isEqualTo("invalid");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "a key and a value of 63 characters|"
                        + "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk|"
                        + "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv",
                "international characters|schlüssel|東京",
                "an empty value|key|''"
            })
    void theFakeAcceptsLabelsBigQueryAccepts(String what, String key, String value) {
        jobService()
                .create(JobInfo.of(QueryJobConfiguration.newBuilder("select 1")
                        .setLabels(Map.of(key, value))
                        .build()));
        assertThat(labelsOfLastJob()).as(what).containsEntry(key, value);
    }

    @Test
    void aQueryThatWouldBillMoreThanMaximumBytesBilledFailsWithLimitExceeded() {
        ConnectionException failure = catchThrowableOfType(
                ConnectionException.class,
                () -> limitedTo(TEN_MEGABYTES - 1).execute(Query.sql("select count(*) from `billed`.`small`")));
        assertThat(failure.category()).isEqualTo(ErrorCategory.LIMIT_EXCEEDED);
        assertThat(failure.getMessage()).contains("bytesBilledLimitExceeded").contains("10485760 or higher required");
    }

    @Test
    void aQueryThatBillsExactlyMaximumBytesBilledRuns() {
        // BigQuery bills at least 10 MB for each table a query references.
        assertThat(limitedTo(TEN_MEGABYTES).execute(Query.sql("select count(*) from `billed`.`small`")))
                .isZero();
        assertThat(lastJob().query.path("maximumBytesBilled").asText()).isEqualTo(Long.toString(TEN_MEGABYTES));
    }

    @Test
    void aQueryThatReadsNoTableBillsNothingWhateverTheLimit() {
        limitedTo(1).execute(Query.sql("select 1"));
        assertThat(lastJob().error()).isNull();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"0", "-1", "1e9", "ten", "9223372036854775808", "99999999999999999999"})
    void refusesAMaximumBytesBilledThatIsNotAPositiveNumberOfBytesNamingIt(String value) {
        Map<String, Object> properties = CONNECTIONS.serviceAccount();
        properties.put("maximumBytesBilled", value);
        InvalidConfigurationException refused = catchThrowableOfType(
                InvalidConfigurationException.class,
                () -> CONNECTIONS.settings("service_account", properties, Map.of()));
        assertThat(refused).isNotNull();
        assertThat(refused.getMessage()).contains("maximumBytesBilled");
    }

    @Test
    void refusesATempTableExpirationShorterThanAnHourNamingIt() {
        Map<String, Object> properties = CONNECTIONS.serviceAccount();
        properties.put("tempTableExpiration", "59m");
        InvalidConfigurationException refused = catchThrowableOfType(
                InvalidConfigurationException.class,
                () -> CONNECTIONS.settings("service_account", properties, Map.of()));
        assertThat(refused).isNotNull();
        assertThat(refused.getMessage()).contains("tempTableExpiration");
    }

    private static WarehouseClient limitedTo(long bytes) {
        Map<String, Object> properties = CONNECTIONS.serviceAccount();
        properties.put("maximumBytesBilled", Long.toString(bytes));
        return CONNECTIONS.open("service_account", properties);
    }

    private static BigQuery jobService() {
        return ((BigQueryWarehouseClient) CONNECTIONS.serviceAccountClient()).jobs();
    }

    private static FakeJob lastJob() {
        return CONNECTIONS.fake.engine().jobs().stream()
                .max((left, right) -> Long.compare(left.sequence, right.sequence))
                .orElseThrow();
    }

    private static Map<String, String> labelsOfLastJob() {
        Map<String, String> labels = new java.util.HashMap<>();
        for (java.util.Iterator<Map.Entry<String, JsonNode>> entries =
                        lastJob().configuration.path("labels").fields();
                entries.hasNext(); ) {
            Map.Entry<String, JsonNode> label = entries.next();
            labels.put(label.getKey(), label.getValue().asText());
        }
        return labels;
    }
}
