package com.carto.connections;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.access.Principal;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class FacadeCoverageTest {
    /** Operations whose denials the creation rows of the decision table cover: they act on no stored connection. */
    private static final Set<String> CREATION_OPERATIONS = Set.of("create", "check");

    @Test
    void everyPublicOperationTakingAPrincipalIsCoveredByTheDecisionTable() {
        Set<String> covered = new HashSet<>(CREATION_OPERATIONS);
        AccessDecisionTableTest.OPERATIONS_BY_ACTION.values().forEach(covered::addAll);

        Set<String> operations = new TreeSet<>();
        for (Method method : Connections.class.getDeclaredMethods()) {
            if (Modifier.isPublic(method.getModifiers())
                    && Arrays.asList(method.getParameterTypes()).contains(Principal.class)) {
                operations.add(method.getName());
            }
        }

        assertThat(operations).isNotEmpty();
        assertThat(covered).as("operations the decision table exercises").containsAll(operations);
    }

    @Test
    void everyActionOfTheDecisionTableHasADeniedCell() {
        for (String line : AccessDecisionTableTest.TABLE) {
            String action = line.split("\\s+")[0];
            // Within the organization: the other organization's column is all NOT_FOUND by construction.
            boolean denied = AccessDecisionTableTest.TABLE.stream()
                    .filter(other -> other.startsWith(action + " "))
                    .map(other -> other.substring(other.indexOf('|'), other.lastIndexOf('|')))
                    .anyMatch(inside -> inside.contains("NF") || inside.contains("PD") || inside.contains("AU"));
            assertThat(denied)
                    .as(action + " is denied to someone of the organization")
                    .isTrue();
        }
    }

    @Test
    void everyActionOfTheDecisionTableNamesTheOperationsItExercises() {
        Set<String> actions = new TreeSet<>();
        AccessDecisionTableTest.TABLE.forEach(line -> actions.add(line.split("\\s+")[0]));

        assertThat(AccessDecisionTableTest.OPERATIONS_BY_ACTION.keySet()).containsExactlyInAnyOrderElementsOf(actions);
    }
}
