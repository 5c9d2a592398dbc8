package com.carto.connections.bigquery;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Service account keys made for a test run: a fresh RSA key pair and the key JSON Google would hand out. */
final class TestCredentials {
    static final String EMAIL = "tester@" + FakeBigQuery.PROJECT + ".iam.gserviceaccount.com";

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestCredentials() {}

    static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key JSON whose {@code token_uri} is the fake's, so google-auth signs its JWT for the fake to check. */
    static String serviceAccountKey(KeyPair keys, String email, String tokenUri) {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                        .encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Map<String, String> key = new LinkedHashMap<>();
        key.put("type", "service_account");
        key.put("project_id", FakeBigQuery.PROJECT);
        key.put("private_key_id", "test-key-1");
        key.put("private_key", pem);
        key.put("client_email", email);
        key.put("client_id", "100000000000000000001");
        key.put("token_uri", tokenUri);
        return write(key);
    }

    /**
     * An external account configuration that reads its subject token from the fake and exchanges it at Google's
     * security token service, which {@link LoopbackTransports} routes to the fake.
     */
    static String externalAccount(FakeGoogleAuth auth) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("url", auth.subjectTokenUri());
        source.put("format", Map.of("type", "json", "subject_token_field_name", "id_token"));
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("type", "external_account");
        configuration.put(
                "audience",
                "//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/pool/providers/test");
        configuration.put("subject_token_type", "urn:ietf:params:oauth:token-type:jwt");
        configuration.put("token_url", "https://sts.googleapis.com/v1/token");
        configuration.put("credential_source", source);
        return write(configuration);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
