package com.carto.connections.snowflake;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/** RSA key pairs for key-pair logins, and their private keys as PEM, plain or encrypted by openssl. */
final class TestKeys {
    static final String PASSPHRASE = "correct horse";

    private TestKeys() {}

    static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(KeyPair pair) {
        return pem("PRIVATE KEY", pair.getPrivate().getEncoded());
    }

    /**
     * A throwaway 2048-bit key written by {@code openssl genrsa 2048 | openssl pkcs8 -topk8 -v2 aes256}, as Snowflake's
     * key-pair guide has users write theirs, encrypted with {@link #PASSPHRASE}; it opens nothing but the fake.
     */
    static String encryptedPem() {
        try (var in = TestKeys.class.getResourceAsStream("/encrypted-test-key.p8")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The key pair of {@link #encryptedPem()}, its public half rebuilt from the private key's modulus and exponent. */
    static KeyPair encryptedPair() {
        try {
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) PrivateKeys.read(
                    com.carto.connections.secrets.Secret.of(encryptedPem()),
                    java.util.Optional.of(com.carto.connections.secrets.Secret.of(PASSPHRASE)));
            return new KeyPair(
                    KeyFactory.getInstance("RSA")
                            .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent())),
                    key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
