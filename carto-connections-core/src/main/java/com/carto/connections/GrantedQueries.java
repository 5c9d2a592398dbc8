package com.carto.connections;

import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.grants.GrantSource;
import com.carto.connections.query.LexicalRules;
import com.carto.connections.query.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A grant's named queries checked against their SQL when the grant is made, under the lexical rules of the
 * connection's warehouse: every declared parameter is referenced and every reference is declared. Otherwise the
 * mistake would surface only when a public client calls the query, as a failure its caller cannot fix.
 */
final class GrantedQueries {
    private static final String FIELD = "sources.query.parameters";

    private GrantedQueries() {}

    static void requireParametersMatchSql(List<GrantSource> sources, LexicalRules rules) {
        List<InvalidConfigurationException.Problem> problems = new ArrayList<>();
        for (GrantSource source : sources) {
            if (!(source instanceof GrantSource.NamedQuery query)) {
                continue;
            }
            Set<String> referenced = Query.sql(query.sql()).parameterReferences(rules);
            for (String declared : query.parameters().keySet()) {
                if (!referenced.contains(declared)) {
                    problems.add(new InvalidConfigurationException.Problem(
                            FIELD,
                            "query " + query.name() + " declares " + declared + ", which its SQL never references"));
                }
            }
            for (String reference : referenced) {
                if (!query.parameters().containsKey(reference)) {
                    problems.add(new InvalidConfigurationException.Problem(
                            FIELD,
                            "query " + query.name() + " references :"
                                    + InvalidConfigurationException.abbreviate(reference)
                                    + " in its SQL without declaring it"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }
}
