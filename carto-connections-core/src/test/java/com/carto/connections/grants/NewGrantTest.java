package com.carto.connections.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.error.InvalidConfigurationException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NewGrantTest {
    private static final Instant EXPIRY = Instant.parse("2027-01-01T00:00:00Z");
    private static final GrantSource PARCELS = GrantSource.Table.of(List.of("public", "parcels"), "id");

    @Test
    void refusesAGrantWithoutSourcesNamingSources() {
        assertThatThrownBy(() -> new NewGrant(List.of(), Set.of(GrantOperation.QUERY), Set.of(), EXPIRY))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("sources");
    }

    @Test
    void refusesAGrantWithoutOperationsNamingOperations() {
        assertThatThrownBy(() -> new NewGrant(List.of(PARCELS), Set.of(), Set.of(), EXPIRY))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("operations");
    }

    @Test
    void refusesTheSameTableTwice() {
        assertThatThrownBy(
                        () -> NewGrant.query(EXPIRY, PARCELS, GrantSource.Table.of(List.of("public", "parcels"), "x")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("sources");
    }

    @Test
    void keepsReferrersAsLowercaseOrigins() {
        assertThat(NewGrant.query(EXPIRY, PARCELS)
                        .fromReferrers("HTTPS://Maps.Example.com/", "http://localhost:8080")
                        .referrers())
                .containsExactly("http://localhost:8080", "https://maps.example.com");
    }

    @Test
    void refusesAReferrerThatIsNotAnOriginNamingReferrers() {
        for (String bad : List.of(
                "maps.example.com",
                "javascript:alert(1)",
                "https://maps.example.com/path",
                "https://user@maps.example.com",
                "ftp://maps.example.com")) {
            assertThatThrownBy(() -> NewGrant.query(EXPIRY, PARCELS).fromReferrers(bad))
                    .as(bad)
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("referrers");
        }
    }

    @Test
    void refusesATableWithoutColumnsOrWithAControlCharacterInItsName() {
        assertThatThrownBy(() -> new GrantSource.Table(List.of("parcels"), List.of()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("sources.table.columns");
        assertThatThrownBy(() -> GrantSource.Table.of(List.of("par\0cels"), "id"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("sources.table.name");
    }

    @Test
    void refusesANamedQueryWithABadNameOrParameterName() {
        assertThatThrownBy(() -> GrantSource.NamedQuery.of("Big Parcels", "select 1"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("sources.query.name");
        assertThatThrownBy(() -> new GrantSource.NamedQuery("big", "select :x", Map.of("x-y", ParameterType.STRING)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("sources.query.parameters");
    }

    @Test
    void refusesAFilterValueThatIsNotAScalarNamingTheValue() {
        assertThatThrownBy(() -> SourceRequest.TableRead.of(List.of("parcels"), "id")
                        .where("id", SourceRequest.Comparison.EQUAL, List.of(1)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("filters.value");
    }
}
