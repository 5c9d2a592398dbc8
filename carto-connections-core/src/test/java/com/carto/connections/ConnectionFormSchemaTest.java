package com.carto.connections;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ConnectionFormSchemaTest {
    private final JsonNode schema = parse(ConnectionFormSchema.of(new FakeProvider()));

    @Test
    void offersOneBranchPerAuthMethodKeyedByType() {
        JsonNode branches = schema.at("/properties/config/oneOf");
        assertThat(branches.size()).isEqualTo(2);
        assertThat(branches.get(0).at("/properties/type/const").asText()).isEqualTo("password");
        assertThat(branches.get(1).at("/properties/type/const").asText()).isEqualTo("token");
    }

    @Test
    void marksSecretsWriteOnlyAndNothingElse() {
        JsonNode credentials = schema.at("/properties/config/oneOf/0/properties/credentials/properties");
        assertThat(credentials.at("/password/writeOnly").asBoolean()).isTrue();
        assertThat(credentials.at("/host/writeOnly").isMissingNode()).isTrue();
    }

    @Test
    void listsRequiredPropertiesDefaultsChoicesAndRanges() {
        JsonNode credentials = schema.at("/properties/config/oneOf/0/properties/credentials");
        assertThat(credentials.get("required")).extracting(JsonNode::asText).containsExactly("host", "password");
        assertThat(credentials.at("/properties/port/default").asInt()).isEqualTo(1234);
        assertThat(credentials.at("/properties/port/maximum").asInt()).isEqualTo(65_535);
        assertThat(credentials.at("/properties/mode/enum"))
                .extracting(JsonNode::asText)
                .containsExactly("fast", "safe");
        assertThat(credentials.at("/properties/host/description").asText()).isEqualTo("Where the fake lives");
    }

    @Test
    void describesTheNameRuleAndTheAdvancedOptions() {
        assertThat(schema.at("/properties/name/maxLength").asInt()).isEqualTo(50);
        assertThat(schema.at("/properties/provider_id/const").asText()).isEqualTo("fake");
        assertThat(schema.at("/properties/advanced/properties/queryTimeout/default")
                        .asText())
                .isEqualTo("PT10M");
    }

    private static JsonNode parse(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
