package com.carto.connections.bigquery;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.error.InvalidConfigurationException.Problem;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where the BigQuery provider sends requests and credentials: chosen by the host application when it builds the
 * provider ({@code new BigQueryProvider(endpoints)}), never by a connection's settings, so that nobody who can edit
 * a connection can send another user's token somewhere else. {@link #google()} is Google's public endpoints, what
 * the provider found by {@link java.util.ServiceLoader} uses.
 *
 * <p>Every endpoint is an absolute {@code http} or {@code https} URI with a host, without user information, query or
 * fragment ({@code securityTokenService} and {@code iamCredentials} must be {@code https}: google-auth sends workload
 * identity tokens nowhere else). A trailing {@code /} of the {@code api} and {@code iamCredentials} roots is dropped.
 *
 * @param api root URL of the BigQuery REST API, e.g. {@code https://bigquery.googleapis.com}
 * @param oauthToken the OAuth 2.0 token endpoint, where refresh tokens and service account assertions are exchanged;
 *     a service account key's own {@code token_uri} is ignored in its favour
 * @param securityTokenService the security token service of workload identity federation; an external account
 *     configuration's {@code token_url} must be this one
 * @param iamCredentials root of the IAM Credentials API; an external account configuration's
 *     {@code service_account_impersonation_url} must be under it
 * @param subjectTokenUrls the only URLs an external account configuration's {@code url} credential source may read a
 *     subject token from (each may carry a query); none by default, so such configurations are refused
 */
public record BigQueryEndpoints(
        URI api, URI oauthToken, URI securityTokenService, URI iamCredentials, Set<URI> subjectTokenUrls) {
    private static final BigQueryEndpoints GOOGLE = new BigQueryEndpoints(
            URI.create("https://bigquery.googleapis.com"),
            URI.create("https://oauth2.googleapis.com/token"),
            URI.create("https://sts.googleapis.com/v1/token"),
            URI.create("https://iamcredentials.googleapis.com"),
            Set.of());

    /** @throws InvalidConfigurationException naming every endpoint that breaks a rule above */
    public BigQueryEndpoints {
        requireNonNull(api, "api is null");
        requireNonNull(oauthToken, "oauthToken is null");
        requireNonNull(securityTokenService, "securityTokenService is null");
        requireNonNull(iamCredentials, "iamCredentials is null");
        requireNonNull(subjectTokenUrls, "subjectTokenUrls is null");
        List<Problem> problems = new ArrayList<>();
        api = root(check("api", api, false, false, problems));
        oauthToken = check("oauthToken", oauthToken, false, false, problems);
        securityTokenService = check("securityTokenService", securityTokenService, true, false, problems);
        iamCredentials = root(check("iamCredentials", iamCredentials, true, false, problems));
        Set<URI> urls = new LinkedHashSet<>();
        for (URI url : subjectTokenUrls) {
            urls.add(check(
                    "subjectTokenUrls", requireNonNull(url, "a subject token URL is null"), false, true, problems));
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        subjectTokenUrls = Set.copyOf(urls);
    }

    /** Google's public endpoints, and no subject token URL. */
    public static BigQueryEndpoints google() {
        return GOOGLE;
    }

    public BigQueryEndpoints withApi(URI api) {
        return new BigQueryEndpoints(api, oauthToken, securityTokenService, iamCredentials, subjectTokenUrls);
    }

    public BigQueryEndpoints withOauthToken(URI oauthToken) {
        return new BigQueryEndpoints(api, oauthToken, securityTokenService, iamCredentials, subjectTokenUrls);
    }

    public BigQueryEndpoints withSecurityTokenService(URI securityTokenService) {
        return new BigQueryEndpoints(api, oauthToken, securityTokenService, iamCredentials, subjectTokenUrls);
    }

    public BigQueryEndpoints withIamCredentials(URI iamCredentials) {
        return new BigQueryEndpoints(api, oauthToken, securityTokenService, iamCredentials, subjectTokenUrls);
    }

    public BigQueryEndpoints withSubjectTokenUrls(Set<URI> subjectTokenUrls) {
        return new BigQueryEndpoints(api, oauthToken, securityTokenService, iamCredentials, subjectTokenUrls);
    }

    /** Whether {@code candidate} names exactly {@code endpoint}: same scheme, host, port and path. */
    static boolean same(URI endpoint, URI candidate) {
        return sameOrigin(endpoint, candidate)
                && candidate.getRawQuery() == null
                && candidate.getRawFragment() == null
                && path(endpoint).equals(path(candidate));
    }

    /** Whether {@code candidate} is a resource under the root {@code root}, e.g. an IAM Credentials API method. */
    static boolean under(URI root, URI candidate) {
        return sameOrigin(root, candidate)
                && candidate.getRawQuery() == null
                && candidate.getRawFragment() == null
                && path(candidate).startsWith(path(root) + "/")
                && !candidate.normalize().getRawPath().contains("..");
    }

    private static boolean sameOrigin(URI endpoint, URI candidate) {
        return candidate.isAbsolute()
                && !candidate.isOpaque()
                && candidate.getRawUserInfo() == null
                && candidate.getHost() != null
                && endpoint.getScheme().equalsIgnoreCase(candidate.getScheme())
                && endpoint.getHost().equalsIgnoreCase(candidate.getHost())
                && port(endpoint) == port(candidate);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }

    private static String path(URI uri) {
        String path = uri.getRawPath();
        return path == null || path.equals("/") ? "" : path;
    }

    private static URI check(String field, URI uri, boolean httpsOnly, boolean queryAllowed, List<Problem> problems) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String problem = null;
        if (!uri.isAbsolute() || uri.isOpaque()) {
            problem = "must be an absolute URL with a scheme, e.g. https://host/path";
        } else if (httpsOnly ? !scheme.equals("https") : !(scheme.equals("https") || scheme.equals("http"))) {
            problem = httpsOnly ? "must be an https URL" : "must be an http or https URL";
        } else if (uri.getHost() == null) {
            problem = "must name a host (a host name or an IP address)";
        } else if (uri.getRawUserInfo() != null) {
            // A user name or password in an endpoint would be sent with every request, and logged by proxies.
            problem = "must not carry user information (user@ or user:password@)";
        } else if (!queryAllowed && uri.getRawQuery() != null) {
            problem = "must not have a query";
        } else if (uri.getRawFragment() != null) {
            problem = "must not have a fragment";
        }
        if (problem != null) {
            problems.add(new Problem(field, problem));
            return uri;
        }
        return uri.normalize();
    }

    private static URI root(URI uri) {
        String text = uri.toString();
        while (text.endsWith("/")
                && uri.getRawPath() != null
                && !uri.getRawPath().isEmpty()) {
            text = text.substring(0, text.length() - 1);
            try {
                uri = new URI(text);
            } catch (URISyntaxException e) {
                throw new IllegalStateException("dropping a trailing slash made a URI unparseable: " + e.getIndex(), e);
            }
        }
        return uri;
    }
}
