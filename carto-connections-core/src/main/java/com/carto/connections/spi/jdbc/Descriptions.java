package com.carto.connections.spi.jdbc;

import com.carto.connections.query.Column;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The descriptions of the latest statements without a geometry column, by SQL text, so that running one again skips
 * the describe round trip: the description and the columns its execution reported, which the next execution must
 * report again for the description to be trusted (a table altered since is described afresh). Bounded, least
 * recently used first out; long statements are not kept. Thread-safe.
 */
final class Descriptions {
    static final int CAPACITY = 256;
    static final int LONGEST_SQL = 8_192;

    /** What a statement was described as, and the columns its execution reported then. */
    record Description(List<Column> described, List<Column> executed) {
        Description {
            described = List.copyOf(described);
            executed = List.copyOf(executed);
        }
    }

    private final Map<String, Description> bySql = new LinkedHashMap<>(16, 0.75f, true);

    synchronized @Nullable Description get(String sql) {
        return bySql.get(sql);
    }

    synchronized void put(String sql, Description description) {
        if (sql.length() > LONGEST_SQL) {
            return;
        }
        bySql.put(sql, description);
        if (bySql.size() > CAPACITY) {
            bySql.remove(bySql.keySet().iterator().next());
        }
    }

    synchronized void remove(String sql) {
        bySql.remove(sql);
    }

    synchronized int size() {
        return bySql.size();
    }
}
