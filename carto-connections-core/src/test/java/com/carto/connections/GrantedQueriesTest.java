package com.carto.connections;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.grants.GrantSource;
import com.carto.connections.grants.ParameterType;
import com.carto.connections.query.LexicalRules;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A grant's named queries against their SQL, read by the warehouse's lexical rules, when the grant is made. */
class GrantedQueriesTest {
    private static void check(GrantSource.NamedQuery query, LexicalRules rules) {
        GrantedQueries.requireParametersMatchSql(List.of(query), rules);
    }

    @Test
    void aQueryReferencingExactlyItsDeclaredParametersIsAccepted() {
        GrantSource.NamedQuery query = GrantSource.NamedQuery.of(
                        "big", "select id from parcels where area >= :min_area and zone = :zone or zone = :zone")
                .parameter("min_area", ParameterType.FLOAT)
                .parameter("zone", ParameterType.STRING);

        assertThatCode(() -> check(query, LexicalRules.POSTGRESQL)).doesNotThrowAnyException();
    }

    @Test
    void aDeclaredParameterTheSqlNeverReferencesIsRefusedNamingIt() {
        GrantSource.NamedQuery query = GrantSource.NamedQuery.of("big", "select id from parcels where zone = :zone")
                .parameter("zone", ParameterType.STRING)
                .parameter("min_area", ParameterType.FLOAT);

        assertThatThrownBy(() -> check(query, LexicalRules.POSTGRESQL))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("sources.query.parameters")
                .hasMessageContaining("query big declares min_area");
    }

    @Test
    void aReferenceTheQueryDoesNotDeclareIsRefusedNamingIt() {
        GrantSource.NamedQuery query = GrantSource.NamedQuery.of("big", "select id from parcels where zone = :zone");

        assertThatThrownBy(() -> check(query, LexicalRules.POSTGRESQL))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("sources.query.parameters")
                .hasMessageContaining("references :zone");
    }

    @Test
    void colonsInLiteralsCommentsAndCastsAreNotReferences() {
        GrantSource.NamedQuery query = GrantSource.NamedQuery.of(
                        "big",
                        "select id::text, ':zone' as label, \"odd:zone\" from parcels -- :zone\n"
                                + " where area >= :min_area /* :zone */ and tag = $$:zone$$")
                .parameter("min_area", ParameterType.FLOAT);

        assertThatCode(() -> check(query, LexicalRules.POSTGRESQL)).doesNotThrowAnyException();
    }

    @Test
    void whatIsAReferenceDependsOnTheWarehousesRules() {
        // Without dollar quotes (standard SQL), $$:zone$$ is code and :zone in it a reference.
        GrantSource.NamedQuery query = GrantSource.NamedQuery.of("big", "select $$:zone$$ from parcels");

        assertThatCode(() -> check(query, LexicalRules.POSTGRESQL)).doesNotThrowAnyException();
        assertThatThrownBy(() -> check(query, LexicalRules.STANDARD))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("references :zone");
    }
}
