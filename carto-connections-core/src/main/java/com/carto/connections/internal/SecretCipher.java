package com.carto.connections.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.secrets.KeyRing;
import com.carto.connections.secrets.Secret;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts connection secrets for storage with AES-256-GCM under a {@link KeyRing}, into a short text envelope:
 * <pre>
 * v1.&lt;keyId&gt;.&lt;base64url, unpadded: 12-byte random nonce || ciphertext || 16-byte tag&gt;
 * </pre>
 * The envelope names the key it was encrypted under, so the ring can rotate: new secrets go under the primary key,
 * old ones decrypt under theirs until the store re-encrypts them ({@link #needsReencryption}). The associated data
 * is a length-prefixed encoding of the format version, the key id, the connection id and the secret key (the
 * property name), so an envelope decrypts only in the row it was written for: copied to another connection or
 * another secret, or altered in any way, it fails. A 96-bit random nonce is safe for 2<sup>32</sup> encryptions per
 * key, far beyond what storing connection secrets needs.
 *
 * <p>This is the JDK's own AES-GCM with a small envelope rather than Google Tink: Tink would bring protobuf and a
 * large dependency into every embedding application for what is here one algorithm, one key size and a key id, and
 * the envelope is short enough to review in full. Its version prefix leaves room for another scheme later.
 *
 * <p>Every failure is a {@link ConnectionException} of category {@link ErrorCategory#INTERNAL} and fails closed:
 * an envelope under a key the ring does not hold, an altered or moved envelope, a malformed one. Messages name the
 * connection id, the secret key and the key id, never the secret or key bytes. Thread-safe.
 */
public final class SecretCipher {
    private static final String VERSION = "v1";
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern VERSION_TOKEN = Pattern.compile("v[0-9]{1,9}");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final KeyRing ring;
    private final SecureRandom random = new SecureRandom();

    public SecretCipher(KeyRing ring) {
        this.ring = requireNonNull(ring, "ring is null");
    }

    /**
     * Encrypts {@code secret}, the value of {@code secretKey} in connection {@code connectionId}, under the primary
     * key; each call draws a fresh nonce, so encrypting one value twice gives two envelopes.
     *
     * @throws ConnectionException {@link ErrorCategory#INVALID_CONFIGURATION} when the secret is not valid Unicode
     *     (it holds an unpaired surrogate), since it could not be decrypted back to the same value
     */
    public String encrypt(String connectionId, String secretKey, Secret secret) {
        requireNonNull(connectionId, "connectionId is null");
        requireNonNull(secretKey, "secretKey is null");
        requireNonNull(secret, "secret is null");
        String keyId = ring.primaryKeyId();
        byte[] plaintext = encode(secret, connectionId, secretKey);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, ring.primaryKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(keyId, connectionId, secretKey));
            byte[] payload = Arrays.copyOf(nonce, NONCE_BYTES + cipher.getOutputSize(plaintext.length));
            cipher.doFinal(plaintext, 0, plaintext.length, payload, NONCE_BYTES);
            return VERSION + "." + keyId + "." + ENCODER.encodeToString(payload);
        } catch (GeneralSecurityException e) {
            throw new ConnectionException(
                    ErrorCategory.INTERNAL,
                    "cannot encrypt " + describe(connectionId, secretKey) + " under key '" + keyId + "': "
                            + e.getMessage(),
                    e);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /**
     * Decrypts an envelope that {@link #encrypt} made for this connection id and secret key.
     *
     * @throws ConnectionException {@link ErrorCategory#INTERNAL} when the ring does not hold the envelope's key,
     *     when the envelope was altered or belongs to another connection or secret, or when it is malformed
     */
    public Secret decrypt(String connectionId, String secretKey, String envelope) {
        requireNonNull(connectionId, "connectionId is null");
        requireNonNull(secretKey, "secretKey is null");
        requireNonNull(envelope, "envelope is null");
        String subject = describe(connectionId, secretKey);
        Envelope parsed = Envelope.parse(envelope, " of " + subject);
        SecretKey key = ring.key(parsed.keyId())
                .orElseThrow(() -> new ConnectionException(
                        ErrorCategory.INTERNAL,
                        subject + " is encrypted under key '" + parsed.keyId()
                                + "' which the key ring does not hold (it holds " + ring.keyIds()
                                + "); add that key to the ring: the secret cannot be read without it"));
        byte[] payload = parsed.payload();
        byte[] plaintext = null;
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, payload, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(parsed.keyId(), connectionId, secretKey));
            plaintext = cipher.doFinal(payload, NONCE_BYTES, payload.length - NONCE_BYTES);
            return Secret.of(new String(plaintext, UTF_8));
        } catch (AEADBadTagException e) {
            throw new ConnectionException(
                    ErrorCategory.INTERNAL,
                    subject + " fails authentication under key '"
                            + parsed.keyId()
                            + "': the ciphertext was altered, copied from another connection or secret, or the"
                            + " ring's key under that id is not the one it was encrypted with",
                    e);
        } catch (GeneralSecurityException e) {
            throw new ConnectionException(
                    ErrorCategory.INTERNAL,
                    "cannot decrypt " + subject + " under key '" + parsed.keyId() + "': " + e.getMessage(),
                    e);
        } finally {
            if (plaintext != null) {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
    }

    /**
     * Whether this envelope is under a key other than the ring's primary, so the store should re-encrypt it.
     *
     * @throws ConnectionException {@link ErrorCategory#INTERNAL} when the envelope is malformed
     */
    public boolean needsReencryption(String envelope) {
        return !keyIdOf(envelope).equals(ring.primaryKeyId());
    }

    /**
     * The id of the key this envelope was encrypted under, whether or not the ring holds it.
     *
     * @throws ConnectionException {@link ErrorCategory#INTERNAL} when the envelope is malformed
     */
    public String keyIdOf(String envelope) {
        return Envelope.parse(requireNonNull(envelope, "envelope is null"), "").keyId();
    }

    @Override
    public String toString() {
        return "SecretCipher[" + ring + "]";
    }

    private static String describe(String connectionId, String secretKey) {
        return "secret '" + secretKey + "' of connection '" + connectionId + "'";
    }

    // A strict encoder: the lenient String.getBytes would silently turn an unpaired surrogate into '?', and the
    // secret would then decrypt to something else than what was stored. The encoder's whole backing array is wiped,
    // whatever part of it the buffer covers.
    @SuppressWarnings("ByteBufferBackingArray")
    private static byte[] encode(Secret secret, String connectionId, String secretKey) {
        try {
            ByteBuffer encoded = UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(secret.reveal()));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
            return bytes;
        } catch (CharacterCodingException e) {
            throw new ConnectionException(
                    ErrorCategory.INVALID_CONFIGURATION,
                    describe(connectionId, secretKey) + " is not valid Unicode text and cannot be stored");
        }
    }

    // Each field is prefixed by its length, so no two (connection id, secret key) pairs encode alike, whatever
    // characters they contain.
    private static byte[] associatedData(String keyId, String connectionId, String secretKey) {
        byte[][] fields = {
            VERSION.getBytes(UTF_8), keyId.getBytes(UTF_8), connectionId.getBytes(UTF_8), secretKey.getBytes(UTF_8)
        };
        int size = 0;
        for (byte[] field : fields) {
            size += Integer.BYTES + field.length;
        }
        ByteBuffer data = ByteBuffer.allocate(size);
        for (byte[] field : fields) {
            data.putInt(field.length).put(field);
        }
        return data.array();
    }

    // A parse result, never compared or hashed, so the array's identity equality does not matter.
    @SuppressWarnings("ArrayRecordComponent")
    private record Envelope(String keyId, byte[] payload) {
        static Envelope parse(String envelope, String subject) {
            String[] parts = envelope.split("\\.", -1);
            if (parts.length != 3 || !VERSION_TOKEN.matcher(parts[0]).matches()) {
                throw malformed(subject, "it is not " + VERSION + ".<keyId>.<payload>");
            }
            if (!parts[0].equals(VERSION)) {
                throw malformed(subject, "its version " + parts[0] + " is not one this SDK reads (" + VERSION + ")");
            }
            if (!KEY_ID.matcher(parts[1]).matches()) {
                throw malformed(subject, "its key id is not 1 to 64 letters, digits, '_' or '-'");
            }
            byte[] payload;
            try {
                payload = DECODER.decode(parts[2]);
            } catch (IllegalArgumentException e) {
                throw malformed(subject, "its payload is not base64url");
            }
            if (payload.length < NONCE_BYTES + TAG_BITS / 8) {
                throw malformed(subject, "its payload is too short to hold a nonce and a tag");
            }
            return new Envelope(parts[1], payload);
        }

        private static ConnectionException malformed(String subject, String reason) {
            return new ConnectionException(
                    ErrorCategory.INTERNAL, "malformed secret envelope" + subject + ": " + reason);
        }
    }
}
