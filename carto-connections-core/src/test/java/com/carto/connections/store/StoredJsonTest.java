package com.carto.connections.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The store's own reading of its JSON columns gives what Jackson's mapper gives, value types included. */
class StoredJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Map<String, Object> mapped(String json) throws Exception {
        return MAPPER.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "{\"host\":\"db.example.com\",\"port\":5432,\"ssl\":true,\"compress\":false}",
                "{\"small\":1,\"long\":3000000000,\"huge\":123456789012345678901234567890}",
                "{\"ratio\":0.25,\"exponent\":1e300,\"negative\":-7,\"negativeFloat\":-0.5}",
                "{\"escaped\":\"a \\\"quoted\\\" \\\\ \\u00e9 line\\nbreak\",\"\":\"empty key\"}",
                "{\"twice\":1,\"twice\":2}",
                "{\"order\":\"z\",\"first\":\"a\",\"middle\":\"m\"}"
            })
    void plainObjectsReadAsTheMapperReadsThemInTheSameOrderAndTypes(String json) throws Exception {
        Map<String, Object> parsed = JdbcConnectionStore.parse(json);

        Map<String, Object> mapped = mapped(json);
        assertThat(parsed).containsExactlyEntriesOf(mapped);
        parsed.forEach((key, value) -> assertThat(value).hasSameClassAs(mapped.get(key)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"nested\":{\"a\":1}}", "{\"list\":[1,2]}", "{\"nothing\":null}", "{\"a\":1} trailing"})
    void anythingButPlainValuesIsLeftToTheMapper(String json) throws Exception {
        assertThat(JdbcConnectionStore.parse(json)).isEqualTo(mapped(json));
    }

    @Test
    void unreadableJsonFailsAsAnInternalError() {
        assertThatThrownBy(() -> JdbcConnectionStore.parse("{\"host\": "))
                .isInstanceOfSatisfying(
                        ConnectionException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.INTERNAL))
                .hasMessageContaining("unreadable JSON");
    }
}
