package com.carto.connections.bigquery;

import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.Property;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.Set;

/**
 * What a user's credential JSON may say about where its credentials go. A service account key and an external
 * account configuration both name URLs that google-auth sends secrets to (a signed assertion, a subject token, an
 * access token), and whoever edits a connection or brings viewer credentials writes that JSON: left alone, a key
 * whose {@code token_uri} is someone's own server hands them a token. So the host's {@link BigQueryEndpoints}
 * decide instead:
 *
 * <ul>
 *   <li>a key's {@code token_uri} is replaced by the host's {@code oauthToken};
 *   <li>an external account's {@code token_url} must be the host's security token service (set to it when absent,
 *       since google-auth would otherwise build one from the JSON's {@code universe_domain});
 *   <li>its {@code service_account_impersonation_url} must be under the host's IAM Credentials root;
 *   <li>its {@code credential_source} may only be a {@code url} the host listed in {@code subjectTokenUrls}, with
 *       optional {@code headers} and {@code format}: a {@code file} or {@code certificate} source reads the SDK
 *       host's files, an {@code executable} runs a program there, and an AWS source ({@code environment_id}) signs
 *       with the SDK host's own AWS credentials.
 * </ul>
 *
 * A refusal is {@link ErrorCategory#INVALID_CONFIGURATION} naming the property and the JSON field, never quoting a
 * value.
 */
final class ExternalAccountRules {
    private static final Set<String> URL_SOURCE_FIELDS = Set.of("url", "headers", "format");
    private static final Set<String> KNOWN_SOURCE_FIELDS = Set.of(
            "file",
            "certificate",
            "environment_id",
            "region_url",
            "regional_cred_verification_url",
            "imdsv2_session_token_url");

    private final BigQueryEndpoints endpoints;

    ExternalAccountRules(BigQueryEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    /** The key with the host's token endpoint in place of its own {@code token_uri}. */
    ObjectNode serviceAccountKey(ObjectNode key) {
        ObjectNode copy = key.deepCopy();
        copy.put("token_uri", endpoints.oauthToken().toString());
        return copy;
    }

    /**
     * The configuration with the host's security token service as its {@code token_url}.
     *
     * @throws InvalidConfigurationException when it would send a credential anywhere else
     */
    ObjectNode externalAccount(Property<Secret> property, ObjectNode configuration) {
        JsonNode tokenUrl = configuration.get("token_url");
        if (tokenUrl != null
                && !(tokenUrl.isTextual()
                        && BigQueryEndpoints.same(endpoints.securityTokenService(), uri(tokenUrl.asText())))) {
            throw refused(property, "token_url", "must be this application's security token service");
        }
        JsonNode impersonation = configuration.get("service_account_impersonation_url");
        if (impersonation != null
                && !impersonation.isNull()
                && !(impersonation.isTextual()
                        && BigQueryEndpoints.under(endpoints.iamCredentials(), uri(impersonation.asText())))) {
            throw refused(
                    property,
                    "service_account_impersonation_url",
                    "must be on this application's IAM Credentials endpoint");
        }
        checkSource(property, configuration.get("credential_source"));
        ObjectNode copy = configuration.deepCopy();
        copy.put("token_url", endpoints.securityTokenService().toString());
        return copy;
    }

    private void checkSource(Property<Secret> property, JsonNode source) {
        if (source == null || !source.isObject()) {
            throw refused(property, "credential_source", "must be an object with a url");
        }
        for (Iterator<String> names = source.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.equals("executable")) {
                throw refused(
                        property,
                        "credential_source.executable",
                        "is an executable credential source, which this SDK never runs");
            }
            if (!URL_SOURCE_FIELDS.contains(name)) {
                // The name is echoed only when it is one google-auth knows: the JSON is a secret.
                String field = KNOWN_SOURCE_FIELDS.contains(name) ? "credential_source." + name : "credential_source";
                throw refused(property, field, "is not allowed: only a url credential source is");
            }
        }
        JsonNode url = source.get("url");
        if (url == null || !url.isTextual() || !allowedSubjectTokenUrl(uri(url.asText()))) {
            throw refused(
                    property, "credential_source.url", "must be one of the subject token URLs this application allows");
        }
    }

    private boolean allowedSubjectTokenUrl(URI url) {
        if (!url.isAbsolute() || url.isOpaque() || url.getRawUserInfo() != null || url.getRawFragment() != null) {
            return false;
        }
        URI normalized = url.normalize();
        return endpoints.subjectTokenUrls().stream().anyMatch(normalized::equals);
    }

    private static URI uri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            // Matches no endpoint: refused by the caller like any other URL that is not the host's.
            return URI.create("invalid:/");
        }
    }

    private static InvalidConfigurationException refused(Property<Secret> property, String field, String problem) {
        return InvalidConfigurationException.of(property.name(), field + " " + problem);
    }
}
