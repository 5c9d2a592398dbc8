package com.carto.connections.snowflake;

import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.secrets.Secret;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads a PEM private key into a {@link PrivateKey} in memory, with the JDK alone: PKCS#8, unencrypted or encrypted
 * with a passphrase (PBES2, what {@code openssl pkcs8 -topk8 -v2 aes256} writes, as Snowflake's key-pair guide
 * does). The key is handed to the driver as an object, so it is never written to a file. Errors name the property
 * and never quote the key or the passphrase.
 */
final class PrivateKeys {
    private static final String PLAIN = "PRIVATE KEY";
    private static final String ENCRYPTED = "ENCRYPTED PRIVATE KEY";

    private PrivateKeys() {}

    static PrivateKey read(Secret pem, Optional<Secret> passphrase) {
        String text = pem.reveal().strip();
        if (text.startsWith("-----BEGIN " + ENCRYPTED + "-----")) {
            if (passphrase.isEmpty()) {
                throw InvalidConfigurationException.of(
                        "privateKeyPassphrase", "is required: the private key is encrypted");
            }
            return rsa(decrypt(body(text, ENCRYPTED), passphrase.get()));
        }
        if (text.startsWith("-----BEGIN " + PLAIN + "-----")) {
            return rsa(body(text, PLAIN));
        }
        if (text.startsWith("-----BEGIN RSA PRIVATE KEY-----")) {
            throw InvalidConfigurationException.of(
                    "privateKey",
                    "is a PKCS#1 key (BEGIN RSA PRIVATE KEY); convert it to PKCS#8 with openssl pkcs8 -topk8");
        }
        throw InvalidConfigurationException.of(
                "privateKey",
                "must be a PEM private key starting with -----BEGIN PRIVATE KEY----- or"
                        + " -----BEGIN ENCRYPTED PRIVATE KEY-----");
    }

    private static byte[] body(String text, String label) {
        String end = "-----END " + label + "-----";
        int close = text.indexOf(end);
        if (close < 0) {
            throw InvalidConfigurationException.of("privateKey", "is cut short: it has no " + end + " line");
        }
        String base64 = text.substring(("-----BEGIN " + label + "-----").length(), close)
                .replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw InvalidConfigurationException.of("privateKey", "is not valid PEM: its body is not base64");
        }
    }

    private static byte[] decrypt(byte[] der, Secret passphrase) {
        char[] password = passphrase.reveal().toCharArray();
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            // For PBES2 the parameters name the real algorithm, e.g. PBEWithHmacSHA256AndAES_256.
            String algorithm = info.getAlgParameters() == null
                    ? info.getAlgName()
                    : info.getAlgParameters().toString();
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(password)),
                    info.getAlgParameters());
            return info.getKeySpec(cipher).getEncoded();
        } catch (IOException e) {
            throw InvalidConfigurationException.of("privateKey", "is not a readable encrypted PKCS#8 key");
        } catch (GeneralSecurityException e) {
            // A wrong passphrase and an unsupported cipher both end here; neither message quotes the key.
            throw InvalidConfigurationException.of(
                    "privateKeyPassphrase",
                    "does not decrypt the private key (or the key's cipher is not one the JDK has: "
                            + e.getClass().getSimpleName() + ")");
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static PrivateKey rsa(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw InvalidConfigurationException.of(
                    "privateKey", "is not an RSA private key (Snowflake key pairs are RSA, 2048 bits or more)");
        }
    }
}
