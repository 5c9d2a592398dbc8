package com.carto.connections.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.error.InvalidConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class QueryTest {
    @Test
    void bindsParametersInOrderWithoutChangingTheOriginal() {
        Query base = Query.sql("select ?, ?");
        Query bound = base.param("a").param(null);
        assertThat(base.parameters()).isEmpty();
        assertThat(bound.parameters()).containsExactly("a", null);
    }

    @Test
    void keepsLimitsAndParametersWhenTheSqlIsReplaced() {
        Query query = Query.sql("select ?")
                .param(1)
                .timeout(Duration.ofSeconds(5))
                .maxRows(10)
                .maxBytes(100);
        Query wrapped = query.withSql("select * from (select ?) q");
        assertThat(wrapped.parameters()).containsExactly(1);
        assertThat(wrapped.timeout()).contains(Duration.ofSeconds(5));
        assertThat(wrapped.maxRows()).hasValue(10);
        assertThat(wrapped.maxBytes()).hasValue(100);
    }

    @Test
    void leavesParameterValuesOutOfToString() {
        assertThat(Query.sql("select ?").param("sensitive-value").toString()).doesNotContain("sensitive-value");
    }

    @Test
    void rejectsBlankSql() {
        assertThatThrownBy(() -> Query.sql(" ")).isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void rejectsNonPositiveLimits() {
        Query query = Query.sql("select 1");
        assertThatThrownBy(() -> query.maxRows(0)).isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> query.maxBytes(-1)).isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> query.timeout(Duration.ZERO)).isInstanceOf(InvalidConfigurationException.class);
    }
}
