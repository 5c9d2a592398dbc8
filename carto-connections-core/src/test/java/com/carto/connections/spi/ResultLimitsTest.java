package com.carto.connections.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Geometry;
import com.carto.connections.query.Query;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultLimitsTest {
    @Test
    void failsBeforeTheRowPastMaxRows() {
        ResultLimits limits = ResultLimits.of("query 1", Query.sql("select 1").maxRows(2));
        for (int row = 0; row < 2; row++) {
            limits.beforeRow();
            limits.afterRow(new Object[] {row});
        }
        assertThatThrownBy(limits::beforeRow)
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.LIMIT_EXCEEDED))
                .hasMessageContaining("query 1 returned more than 2 rows");
    }

    @Test
    void failsOnTheRowThatPassesMaxBytes() {
        ResultLimits limits = ResultLimits.of("query 2", Query.sql("select 1").maxBytes(10));
        limits.afterRow(new Object[] {"12345"});
        assertThatThrownBy(() -> limits.afterRow(new Object[] {"123456"}))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("more than 10 bytes")
                .hasMessageContaining("2 rows (11 bytes)");
    }

    @Test
    void needsTheValuesOfARowOnlyUnderAByteLimit() {
        assertThat(ResultLimits.of("query 4", Query.sql("select 1").maxBytes(10))
                        .countsBytes())
                .isTrue();
        assertThat(ResultLimits.of("query 5", Query.sql("select 1").maxRows(10)).countsBytes())
                .isFalse();
    }

    @Test
    void countsRowsWithoutLimits() {
        ResultLimits limits = ResultLimits.of("query 3", Query.sql("select 1"));
        for (int row = 0; row < 1000; row++) {
            limits.beforeRow();
            limits.afterRow(new Object[] {"x".repeat(1000)});
        }
        assertThat(limits.rows()).isEqualTo(1000);
    }

    @Test
    void weighsValuesByWhatTheyHold() {
        assertThat(ResultLimits.estimateBytes(null)).isZero();
        assertThat(ResultLimits.estimateBytes("abc")).isEqualTo(3);
        assertThat(ResultLimits.estimateBytes(new byte[7])).isEqualTo(7);
        assertThat(ResultLimits.estimateBytes(Geometry.ofWkt("POINT (1 2)", 4326)))
                .isEqualTo(21);
        assertThat(ResultLimits.estimateBytes(List.of("ab", 1L))).isEqualTo(10);
        assertThat(ResultLimits.estimateBytes(Map.of("k", "abcd"))).isEqualTo(4);
        assertThat(ResultLimits.estimateBytes(42L)).isEqualTo(8);
    }
}
