package com.carto.connections.cli;

import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.error.InvalidConfigurationException.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The principal the command acts as. The SDK trusts the host to say who acts; the CLI's host is the operator, who
 * names the user, organization, role and groups, exactly as an application would for its signed-in user.
 */
final class PrincipalOptions {
    private static final Map<String, String> OPTION_OF_FIELD =
            Map.of("userId", "--user", "organizationId", "--org", "groups", "--group");

    @Option(names = "--user", paramLabel = "ID", description = "The acting user's id. Default: CARTO_CONNECTIONS_USER.")
    @Nullable
    String user;

    @Option(
            names = "--org",
            paramLabel = "ID",
            description = "The acting user's organization. Default: CARTO_CONNECTIONS_ORG.")
    @Nullable
    String organization;

    @Option(
            names = "--role",
            paramLabel = "ROLE",
            description = "The acting user's role: ${COMPLETION-CANDIDATES}. Default: CARTO_CONNECTIONS_ROLE, else"
                    + " EDITOR.")
    @Nullable
    Role role;

    @Option(
            names = "--group",
            paramLabel = "GROUP",
            description = "A group the acting user belongs to; repeat for several.")
    List<String> groups = new ArrayList<>();

    Principal principal(Terminal terminal) {
        List<Problem> problems = new ArrayList<>();
        String userId = user != null
                ? user
                : terminal.variable("CARTO_CONNECTIONS_USER").orElse(null);
        String organizationId = organization != null
                ? organization
                : terminal.variable("CARTO_CONNECTIONS_ORG").orElse(null);
        if (userId == null) {
            problems.add(new Problem("--user", "is required (or set CARTO_CONNECTIONS_USER)"));
        }
        if (organizationId == null) {
            problems.add(new Problem("--org", "is required (or set CARTO_CONNECTIONS_ORG)"));
        }
        Role acting = role != null ? role : roleFromEnvironment(terminal, problems);
        if (userId == null || organizationId == null || !problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        try {
            return new Principal(userId, organizationId, acting, Set.copyOf(groups));
        } catch (InvalidConfigurationException e) {
            // The SDK names its own fields; an operator knows the options.
            throw new InvalidConfigurationException(e.problems().stream()
                    .map(problem -> new Problem(
                            OPTION_OF_FIELD.getOrDefault(problem.property(), problem.property()), problem.message()))
                    .toList());
        }
    }

    private static Role roleFromEnvironment(Terminal terminal, List<Problem> problems) {
        String value = terminal.variable("CARTO_CONNECTIONS_ROLE").orElse("EDITOR");
        for (Role candidate : Role.values()) {
            if (candidate.name().equalsIgnoreCase(value.strip())) {
                return candidate;
            }
        }
        problems.add(new Problem("CARTO_CONNECTIONS_ROLE", "must be one of VIEWER, EDITOR, ADMIN, SUPERADMIN"));
        return Role.EDITOR;
    }
}
