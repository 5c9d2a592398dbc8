package com.carto.connections.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BitwiseAndOperatorTest {
    @Test
    void aColumnAndAnIntegerBecomeBitand() {
        assertThat(rewritten("select (\"quad\"\"bin\" & 4611686018427387903) + 1"))
                .isEqualTo("select (BITAND(\"quad\"\"bin\", 4611686018427387903)) + 1");
        assertThat(rewritten("select (`quadbin` & 12) from t")).isEqualTo("select (BITAND(`quadbin`, 12)) from t");
        assertThat(rewritten("select cell&7")).isEqualTo("select BITAND(cell, 7)");
    }

    @Test
    void otherOperandsAreLeftForTheEngineToRefuse() {
        assertThat(rewritten("select (a + b) & 3")).isEqualTo("select (a + b) & 3");
        assertThat(rewritten("select cell & other")).isEqualTo("select cell & other");
        assertThat(rewritten("select 5 & 3")).isEqualTo("select 5 & 3");
    }

    private static String rewritten(String sql) {
        StringBuilder out = new StringBuilder();
        int index = 0;
        while (index < sql.length()) {
            if (sql.charAt(index) == '&') {
                index = BitwiseAndOperator.rewrite(sql, index, out);
            } else {
                out.append(sql.charAt(index++));
            }
        }
        return out.toString();
    }
}
