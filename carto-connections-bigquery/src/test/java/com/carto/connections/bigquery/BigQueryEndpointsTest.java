package com.carto.connections.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.error.InvalidConfigurationException;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class BigQueryEndpointsTest {
    private static final BigQueryEndpoints GOOGLE = BigQueryEndpoints.google();

    @Test
    void googleIsGooglesPublicEndpointsWithNoSubjectTokenUrl() {
        assertThat(GOOGLE.api()).hasToString("https://bigquery.googleapis.com");
        assertThat(GOOGLE.oauthToken()).hasToString("https://oauth2.googleapis.com/token");
        assertThat(GOOGLE.securityTokenService()).hasToString("https://sts.googleapis.com/v1/token");
        assertThat(GOOGLE.iamCredentials()).hasToString("https://iamcredentials.googleapis.com");
        assertThat(GOOGLE.subjectTokenUrls()).isEmpty();
    }

    @Test
    void eachWithMethodChangesOnlyItsEndpoint() {
        BigQueryEndpoints changed = GOOGLE.withApi(URI.create("https://bq.example.com"))
                .withOauthToken(URI.create("http://127.0.0.1:8080/token"))
                .withSecurityTokenService(URI.create("https://sts.example.com/v1/token"))
                .withIamCredentials(URI.create("https://iam.example.com"))
                .withSubjectTokenUrls(Set.of(URI.create("http://169.254.169.254/token?resource=x")));
        assertThat(changed)
                .isEqualTo(new BigQueryEndpoints(
                        URI.create("https://bq.example.com"),
                        URI.create("http://127.0.0.1:8080/token"),
                        URI.create("https://sts.example.com/v1/token"),
                        URI.create("https://iam.example.com"),
                        Set.of(URI.create("http://169.254.169.254/token?resource=x"))));
    }

    @Test
    void dropsTheTrailingSlashOfTheApiAndIamCredentialsRoots() {
        assertThat(GOOGLE.withApi(URI.create("https://bq.example.com/")).api()).hasToString("https://bq.example.com");
        assertThat(GOOGLE.withApi(URI.create("https://bq.example.com/base/")).api())
                .hasToString("https://bq.example.com/base");
        assertThat(GOOGLE.withIamCredentials(URI.create("https://iam.example.com/"))
                        .iamCredentials())
                .hasToString("https://iam.example.com");
    }

    @Test
    void keepsATokenEndpointsPathAsGiven() {
        assertThat(GOOGLE.withOauthToken(URI.create("https://oauth.example.com/token/"))
                        .oauthToken())
                .hasToString("https://oauth.example.com/token/");
    }

    @Test
    void refusesAnEndpointWithoutASchemeNamingIt() {
        assertProblem(endpoints -> endpoints.withApi(URI.create("bigquery.example.com")), "api", "absolute URL");
    }

    @Test
    void refusesSchemesOtherThanHttpAndHttps() {
        for (String url : List.of("ftp://oauth.example.com/token", "file:///etc/passwd", "jar:file:/x!/y")) {
            assertProblem(endpoints -> endpoints.withOauthToken(URI.create(url)), "oauthToken", "URL");
        }
    }

    @Test
    void refusesUserInformationWithoutQuotingIt() {
        InvalidConfigurationException failure =
                problem(endpoints -> endpoints.withApi(URI.create("https://someone:hunter2@bq.example.com")));
        assertThat(failure.problems())
                .extracting(InvalidConfigurationException.Problem::property)
                .containsExactly("api");
        assertThat(failure.getMessage()).contains("user information").doesNotContain("hunter2", "someone");
    }

    @Test
    void refusesAQueryOrAFragmentOnAnEndpoint() {
        assertProblem(
                endpoints -> endpoints.withOauthToken(URI.create("https://oauth.example.com/token?redirect=x")),
                "oauthToken",
                "query");
        assertProblem(endpoints -> endpoints.withApi(URI.create("https://bq.example.com/#x")), "api", "fragment");
    }

    @Test
    void acceptsAQueryOnASubjectTokenUrlButNotAFragment() {
        URI azure = URI.create("http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01");
        assertThat(GOOGLE.withSubjectTokenUrls(Set.of(azure)).subjectTokenUrls())
                .containsExactly(azure);
        assertProblem(
                endpoints -> endpoints.withSubjectTokenUrls(Set.of(URI.create("https://idp.example.com/token#x"))),
                "subjectTokenUrls",
                "fragment");
    }

    @Test
    void requiresHttpsForTheSecurityTokenServiceAndIamCredentials() {
        assertProblem(
                endpoints -> endpoints.withSecurityTokenService(URI.create("http://sts.example.com/v1/token")),
                "securityTokenService",
                "https");
        assertProblem(
                endpoints -> endpoints.withIamCredentials(URI.create("http://iam.example.com")),
                "iamCredentials",
                "https");
    }

    @Test
    void refusesAnAuthorityThatIsNotAHostName() {
        assertProblem(endpoints -> endpoints.withApi(URI.create("https://bad_host.example.com")), "api", "host");
    }

    @Test
    void reportsEveryBadEndpointAtOnce() {
        URI bad = URI.create("ftp://x.example.com");
        assertThatThrownBy(() -> new BigQueryEndpoints(bad, bad, bad, bad, Set.of(bad)))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        failure -> assertThat(failure.problems())
                                .extracting(InvalidConfigurationException.Problem::property)
                                .containsExactly(
                                        "api",
                                        "oauthToken",
                                        "securityTokenService",
                                        "iamCredentials",
                                        "subjectTokenUrls"));
    }

    @Test
    void sameMatchesSchemeHostPortAndPathIgnoringCaseAndTheDefaultPort() {
        URI sts = GOOGLE.securityTokenService();
        assertThat(BigQueryEndpoints.same(sts, URI.create("https://STS.googleapis.com:443/v1/token")))
                .isTrue();
        assertThat(BigQueryEndpoints.same(sts, URI.create("https://sts.googleapis.com:8443/v1/token")))
                .isFalse();
        assertThat(BigQueryEndpoints.same(sts, URI.create("http://sts.googleapis.com/v1/token")))
                .isFalse();
        assertThat(BigQueryEndpoints.same(sts, URI.create("https://sts.googleapis.com.attacker.example/v1/token")))
                .isFalse();
        assertThat(BigQueryEndpoints.same(sts, URI.create("https://x@sts.googleapis.com/v1/token")))
                .isFalse();
        assertThat(BigQueryEndpoints.same(sts, URI.create("https://sts.googleapis.com/v1/token?x=1")))
                .isFalse();
    }

    @Test
    void underMatchesOnlyResourcesBelowTheRootOnItsHost() {
        URI iam = GOOGLE.iamCredentials();
        assertThat(BigQueryEndpoints.under(
                        iam,
                        URI.create("https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/"
                                + "sa@p.iam.gserviceaccount.com:generateAccessToken")))
                .isTrue();
        assertThat(BigQueryEndpoints.under(iam, URI.create("https://iamcredentials.googleapis.com")))
                .isFalse();
        assertThat(BigQueryEndpoints.under(iam, URI.create("https://iamcredentials.googleapis.com.example/v1/x")))
                .isFalse();
        assertThat(BigQueryEndpoints.under(iam, URI.create("https://iamcredentials.googleapis.com/v1/../../x")))
                .isFalse();
        assertThat(BigQueryEndpoints.under(
                        GOOGLE.withIamCredentials(URI.create("https://iam.example.com/base"))
                                .iamCredentials(),
                        URI.create("https://iam.example.com/basement/x")))
                .isFalse();
    }

    private static void assertProblem(UnaryOperator<BigQueryEndpoints> change, String field, String says) {
        InvalidConfigurationException failure = problem(change);
        assertThat(failure.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.property()).isEqualTo(field);
            assertThat(problem.message()).contains(says);
        });
    }

    private static InvalidConfigurationException problem(UnaryOperator<BigQueryEndpoints> change) {
        try {
            change.apply(GOOGLE);
        } catch (InvalidConfigurationException failure) {
            return failure;
        }
        throw new AssertionError("expected the endpoints to be refused");
    }
}
