package com.carto.connections.cli;

import com.carto.connections.Connection;
import com.carto.connections.SharingChange;
import com.carto.connections.access.Dependent;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Sharing;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "share",
        mixinStandardHelpOptions = true,
        header = "Change who may see and use a connection.",
        description = {
            "Shares a connection the acting principal owns: private (the owner only), organization (every member),"
                    + " groups (members of the groups named after the mode) or viewer-credentials (every member, each"
                    + " with their own credentials, where the provider takes them).",
            "A narrowing that would break other users' dependents (maps, workflows) is not applied: share lists"
                    + " them and exits with IN_USE (15); run again with --confirm-impact to apply it anyway."
        },
        footer = {
            "  carto-connections share --store ./data/connections --user alice --org acme gis-prod groups analysts gis",
            "  carto-connections share ... gis-prod organization",
            "  carto-connections share ... gis-prod private --confirm-impact"
        })
final class ShareCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Mixin
    StoreOptions store = new StoreOptions();

    @Mixin
    PrincipalOptions principal = new PrincipalOptions();

    @Parameters(index = "0", paramLabel = "CONNECTION", description = "The connection's name or id.")
    String reference = "";

    @Parameters(index = "1", paramLabel = "MODE", description = "private, organization, groups or viewer-credentials.")
    String mode = "";

    @Parameters(index = "2..*", paramLabel = "GROUP", description = "The groups, for the groups mode.")
    List<String> groups = new ArrayList<>();

    @Option(
            names = "--confirm-impact",
            description = "Apply a narrowing even though other users' dependents will break.")
    boolean confirmImpact;

    ShareCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        Principal acting = principal.principal(terminal);
        Sharing sharing = sharing();
        try (Session session = Session.open(store, terminal)) {
            Connection connection = ConnectionRefs.resolve(session.connections(), acting, reference);
            SharingChange change = session.connections().share(acting, connection.id(), sharing, confirmImpact);
            if (!change.applied()) {
                terminal.err()
                        .printf(
                                "not applied: %d dependents of other users would break; run again with"
                                        + " --confirm-impact to apply it%n",
                                change.impact().size());
                for (Dependent dependent : change.impact()) {
                    terminal.err()
                            .printf("  %s %s (owner %s)%n", dependent.kind(), dependent.id(), dependent.ownerId());
                }
                return ExitCodes.of(ErrorCategory.IN_USE);
            }
            terminal.text()
                    .printf(
                            "%s is shared: %s (version %d)%n",
                            change.connection().name(),
                            ConnectionViews.sharing(change.connection().sharing()),
                            change.connection().version());
            if (!change.impact().isEmpty()) {
                terminal.text()
                        .printf(
                                "%d dependents of other users lose access%n",
                                change.impact().size());
            }
        }
        return ExitCodes.OK;
    }

    private Sharing sharing() {
        Sharing sharing = switch (mode.toLowerCase(java.util.Locale.ROOT)) {
            case "private" -> Sharing.PRIVATE;
            case "organization" -> Sharing.organization();
            case "viewer-credentials" -> Sharing.viewerCredentials();
            case "groups" -> Sharing.groups(new LinkedHashSet<>(groups));
            default ->
                throw InvalidConfigurationException.of(
                        "MODE", "must be private, organization, groups or viewer-credentials");
        };
        if (sharing.mode() != Sharing.Mode.GROUPS && !groups.isEmpty()) {
            throw InvalidConfigurationException.of("GROUP", "is only for the groups mode");
        }
        return sharing;
    }
}
