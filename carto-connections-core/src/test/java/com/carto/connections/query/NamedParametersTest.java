package com.carto.connections.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NamedParametersTest {
    @Test
    void replacesEveryReferenceWithAPositionalParameterInOrder() {
        Query query = Query.sql("select * from parcels where zone = :zone and area > :area or zone = :zone")
                .param("zone", "R1")
                .param("area", 500)
                .positional();
        assertThat(query.sql()).isEqualTo("select * from parcels where zone = ? and area > ? or zone = ?");
        assertThat(query.parameters()).containsExactly("R1", 500, "R1");
    }

    @Test
    void leavesColonsInLiteralsIdentifiersCommentsAndCastsAlone() {
        String sql = "select ':zone', E'\\':zone', \":zone\", `:zone`, x::text, $q$ :zone $q$, $$:zone$$ -- :zone\n"
                + "/* :zone /* :zone */ :zone */ from t where a = :zone";
        Query query = Query.sql(sql).param("zone", "R1").positional();
        assertThat(query.sql()).isEqualTo(sql.substring(0, sql.length() - ":zone".length()) + "?");
        assertThat(query.parameters()).containsExactly("R1");
    }

    @Test
    void treatsAColonAfterAnIdentifierAsAnArraySlice() {
        Query query = Query.sql("select arr[lo:hi], arr[1:n] from t where k = :k")
                .param("k", 1)
                .positional();
        assertThat(query.sql()).isEqualTo("select arr[lo:hi], arr[1:n] from t where k = ?");
    }

    @Test
    void bindsNullByName() {
        assertThat(Query.sql("select :v").param("v", null).positional().parameters())
                .isEqualTo(Arrays.asList((Object) null));
    }

    @Test
    void rejectsAnUnboundReferenceNamingIt() {
        assertThatThrownBy(() ->
                        Query.sql("select :zone, :area").param("zone", "R1").positional())
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION))
                .hasMessageContaining(":area");
    }

    @Test
    void rejectsABoundNameTheSqlNeverReferences() {
        assertThatThrownBy(() -> Query.sql("select ':zone'").param("zone", "R1").positional())
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION))
                .hasMessageContaining("zone");
    }

    @Test
    void rejectsAPositionalMarkBesideNamedParameters() {
        assertThatThrownBy(
                        () -> Query.sql("select ?, :zone").param("zone", "R1").positional())
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION))
                .hasMessageContaining("?");
    }

    @Test
    void rejectsMixingPositionalAndNamedBindings() {
        assertThatThrownBy(() -> Query.sql("select ?").param(1).param("a", 2))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> Query.sql("select :a").param("a", 2).param(1))
                .isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void rejectsANameThatIsNotAnIdentifierOrIsBoundTwice() {
        assertThatThrownBy(() -> Query.sql("select 1").param("1a", 2))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> Query.sql("select :a").param("a", 1).param("a", 2))
                .isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void keepsAPositionalQueryAsItIs() {
        Query query = Query.sql("select ?, ':x'").param(1);
        assertThat(query.positional()).isSameAs(query);
    }
}
