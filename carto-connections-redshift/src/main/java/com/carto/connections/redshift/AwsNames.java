package com.carto.connections.redshift;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The shape of the AWS names an IAM connection gives. The Redshift driver and the AWS SDK build endpoint host names
 * from them ({@code redshift.<region>.amazonaws.com}, and {@code <cluster>:<region>} in the URL), and sign
 * {@code GetClusterCredentials} with the connection's access key for that host: a region such as
 * {@code x.attacker.example#} would move the signed request to someone else's server. So only AWS's own spellings
 * pass.
 */
final class AwsNames {
    // us-east-1, eu-central-2, us-gov-west-1, cn-northwest-1, ap-southeast-5, us-isob-east-1.
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(?:-[a-z]{2,12}){1,3}-[0-9]{1,2}");
    // AWS: 1–63 lowercase letters, digits and hyphens; a letter first; no hyphen last, none doubled.
    private static final Pattern CLUSTER_IDENTIFIER = Pattern.compile("[a-z](?!.*--)(?:[a-z0-9-]{0,61}[a-z0-9])?");

    private AwsNames() {}

    static Optional<String> regionProblem(String region) {
        return REGION.matcher(region).matches()
                ? Optional.empty()
                : Optional.of("must be an AWS region code such as us-east-1 or eu-west-2");
    }

    static Optional<String> clusterIdentifierProblem(String identifier) {
        return CLUSTER_IDENTIFIER.matcher(identifier).matches()
                ? Optional.empty()
                : Optional.of("must be a Redshift cluster identifier: 1–63 lowercase letters, digits and hyphens,"
                        + " starting with a letter, not ending with a hyphen nor holding two in a row");
    }
}
