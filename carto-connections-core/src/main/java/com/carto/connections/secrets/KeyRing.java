package com.carto.connections.secrets;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AES-256 keys that encrypt connection secrets (the SDK's internal cipher uses them), by key id: the primary key
 * encrypts, every key decrypts.
 *
 * <p>Rotate by adding a key and making it primary ({@code ring.withKey("k2", key).withPrimary("k2")}): secrets
 * encrypted under older keys still decrypt, and the cipher tells the store which ones
 * to re-encrypt. Drop an old key only once nothing is encrypted under it; a secret whose key is gone cannot be
 * recovered.
 *
 * <p>Where the keys come from:
 * <ul>
 *   <li>{@link #fromKeyFile(Path)}, the embedded default: a key file beside the database, created on first start;
 *   <li>{@link #fromEnvironment()}: {@code CARTO_CONNECTIONS_KEYS}, for deployments whose secret manager injects
 *       environment variables;
 *   <li>{@link #wrapped(KeyEncryptionService, Path)}: envelope encryption, the data keys stored wrapped by a KMS;
 *   <li>{@link #of} and {@link #generate} for keys the application holds itself.
 * </ul>
 *
 * <p>A key id is 1 to 64 letters, digits, {@code _} or {@code -}; it names one key forever. A key is 32 bytes.
 *
 * <p>Immutable and thread-safe. {@code toString()} lists key ids only, and nothing public returns key bytes. A
 * broken key source (a malformed variable, an unreadable or malformed file) fails with a {@link ConnectionException}
 * of category {@link ErrorCategory#INVALID_CONFIGURATION} naming the variable or file but never its content; invalid
 * arguments to {@link #of}, {@link #withKey} and {@link #withPrimary} are {@link IllegalArgumentException}s.
 */
public final class KeyRing {
    static final String ENVIRONMENT_VARIABLE = "CARTO_CONNECTIONS_KEYS";
    static final int KEY_BYTES = 32;

    private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final String KEY_ID_RULE = "a key id is 1 to 64 letters, digits, '_' or '-'";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String primaryKeyId;
    private final SortedMap<String, SecretKey> keys;

    private KeyRing(String primaryKeyId, SortedMap<String, SecretKey> keys) {
        this.primaryKeyId = primaryKeyId;
        this.keys = Collections.unmodifiableSortedMap(keys);
    }

    /** A ring of these 32-byte keys by id, {@code primaryKeyId} among them. The bytes are copied. */
    public static KeyRing of(String primaryKeyId, Map<String, byte[]> keys) {
        requireNonNull(primaryKeyId, "primaryKeyId is null");
        requireNonNull(keys, "keys is null");
        SortedMap<String, SecretKey> copy = new TreeMap<>();
        keys.forEach((id, key) -> copy.put(checkKeyId(id), aesKey(id, key)));
        if (!copy.containsKey(checkKeyId(primaryKeyId))) {
            throw new IllegalArgumentException(
                    "the primary key '" + primaryKeyId + "' is not among the keys " + copy.keySet());
        }
        return new KeyRing(primaryKeyId, copy);
    }

    /** A ring of one fresh random key, primary, under this id. */
    public static KeyRing generate(String keyId) {
        byte[] key = randomKey();
        try {
            return of(keyId, Map.of(checkKeyId(keyId), key));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * The keys in the environment variable {@code CARTO_CONNECTIONS_KEYS}: {@code id1:base64key,id2:base64key}, the
     * first one primary, each key 32 bytes in standard base64 (for example from {@code openssl rand -base64 32}).
     * To rotate, put the new key first and keep the old ones after it.
     *
     * @throws ConnectionException {@link ErrorCategory#INVALID_CONFIGURATION} when the variable is missing or
     *     malformed; the message names the variable and the entry's position, never a key
     */
    public static KeyRing fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static KeyRing fromEnvironment(Map<String, String> environment) {
        String value = environment.get(ENVIRONMENT_VARIABLE);
        if (value == null || value.isBlank()) {
            throw invalid(ENVIRONMENT_VARIABLE + " is not set or is empty; set it to id:base64key[,id:base64key...],"
                    + " the primary key first, each key 32 random bytes in base64 (openssl rand -base64 32)");
        }
        String primary = null;
        Map<String, byte[]> keys = new LinkedHashMap<>();
        Map<String, Integer> positions = new LinkedHashMap<>();
        try {
            String[] entries = value.split(",", -1);
            for (int i = 0; i < entries.length; i++) {
                // Entries are named by position only: a key pasted where its id belongs must not be echoed.
                String where = "entry " + (i + 1) + " of " + ENVIRONMENT_VARIABLE;
                String entry = entries[i].strip();
                int colon = entry.indexOf(':');
                if (colon < 0) {
                    throw invalid(where + " is not id:base64key");
                }
                String id = entry.substring(0, colon).strip();
                if (!KEY_ID.matcher(id).matches()) {
                    throw invalid(where + " has an invalid key id; " + KEY_ID_RULE);
                }
                byte[] key = decodeBase64(entry.substring(colon + 1).strip());
                if (key == null) {
                    throw invalid(where + " has a key that is not valid base64");
                }
                if (key.length != KEY_BYTES) {
                    Arrays.fill(key, (byte) 0);
                    throw invalid(where + " has a key of " + key.length + " bytes; an AES-256 key is " + KEY_BYTES);
                }
                Integer first = positions.putIfAbsent(id, i + 1);
                if (first != null) {
                    Arrays.fill(key, (byte) 0);
                    throw invalid(where + " repeats the key id of entry " + first);
                }
                keys.put(id, key);
                if (primary == null) {
                    primary = id;
                }
            }
            // split(",", -1) yields at least one entry, and the first one either sets primary or throws.
            return of(requireNonNull(primary, "primary is null"), keys);
        } finally {
            keys.values().forEach(key -> Arrays.fill(key, (byte) 0));
        }
    }

    /**
     * The keys in a key file, created with one fresh key if it does not exist: the embedded default, kept beside
     * the database. The file is created atomically (two processes starting at once agree on one key) and readable
     * by its owner only (POSIX {@code 600}, or an owner-only ACL); opening a file that others can read logs a
     * warning.
     *
     * <p>The format is UTF-8 text, one {@code name=value} per line; blank lines and lines starting with {@code #}
     * are ignored:
     * <pre>
     * version=1
     * primary=local-3f9c2a7e51d0b846
     * key.local-3f9c2a7e51d0b846=&lt;32 bytes in standard base64&gt;
     * </pre>
     * To rotate by hand, add a {@code key.<id>} line and point {@code primary} at it. Back the file up with the
     * database: secrets encrypted under a lost key cannot be recovered.
     *
     * @throws ConnectionException {@link ErrorCategory#INVALID_CONFIGURATION} when the file cannot be created or
     *     read, or is malformed (the message names the file and line, never its content)
     */
    public static KeyRing fromKeyFile(Path file) {
        requireNonNull(file, "file is null");
        if (Files.notExists(file)) {
            KeyRing created = generate(newKeyId("local"));
            byte[] key = created.primaryKey().getEncoded();
            try {
                String content = KeyFile.render(KeyFile.PLAIN, created.primaryKeyId, Map.of(created.primaryKeyId, key));
                if (KeyFile.create(file, content)) {
                    LOG.info(
                            "Created key file {} with key {}; back it up with the database",
                            file,
                            created.primaryKeyId);
                    return created;
                }
                // Another process created the file first: its key wins, and ours was never used.
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
        KeyFile.Content content = KeyFile.read(file, KeyFile.PLAIN);
        try {
            content.entries().forEach((id, key) -> {
                if (key.length != KEY_BYTES) {
                    throw invalid("key file " + file + " holds key '" + id + "' of " + key.length
                            + " bytes; an AES-256 key is " + KEY_BYTES);
                }
            });
            return of(content.primary(), content.entries());
        } finally {
            content.erase();
        }
    }

    /**
     * The data keys stored in {@code wrappedKeysFile}, wrapped by {@code service} (envelope encryption): the file
     * holds only wrapped keys, and each is unwrapped once, here. When the file does not exist it is created with one
     * fresh data key, which is checked to unwrap back to itself before it is stored. The file has the format of
     * {@link #fromKeyFile(Path)} with {@code wrapped-key.<id>} lines, and the same owner-only permissions.
     *
     * @throws ConnectionException the service's own exception ({@link ErrorCategory#UNAVAILABLE},
     *     {@link ErrorCategory#AUTHENTICATION}) when it fails, or {@link ErrorCategory#INVALID_CONFIGURATION} when
     *     the file is unusable or the service returns something that is not a wrapped 32-byte key
     */
    public static KeyRing wrapped(KeyEncryptionService service, Path wrappedKeysFile) {
        requireNonNull(service, "service is null");
        requireNonNull(wrappedKeysFile, "wrappedKeysFile is null");
        if (Files.notExists(wrappedKeysFile)) {
            String id = newKeyId("data");
            byte[] key = randomKey();
            try {
                byte[] wrappedKey = wrapChecked(service, key);
                String content = KeyFile.render(KeyFile.WRAPPED, id, Map.of(id, wrappedKey));
                if (KeyFile.create(wrappedKeysFile, content)) {
                    LOG.info("Created wrapped key file {} with data key {}", wrappedKeysFile, id);
                    return of(id, Map.of(id, key));
                }
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
        KeyFile.Content content = KeyFile.read(wrappedKeysFile, KeyFile.WRAPPED);
        Map<String, byte[]> keys = new TreeMap<>();
        try {
            content.entries().forEach((id, wrappedKey) -> {
                byte[] key = service.unwrap(wrappedKey);
                if (key == null || key.length != KEY_BYTES) {
                    throw invalid("wrapped key file " + wrappedKeysFile + ": key '" + id + "' does not unwrap to "
                            + KEY_BYTES + " bytes; is it the file of another key encryption service?");
                }
                keys.put(id, key);
            });
            return of(content.primary(), keys);
        } finally {
            keys.values().forEach(key -> Arrays.fill(key, (byte) 0));
        }
    }

    /**
     * A ring that also holds {@code key} under {@code keyId}; the primary is unchanged. Adding the same key under
     * its id again returns this ring; another key under a held id is refused, since ciphertexts name keys by id.
     */
    public KeyRing withKey(String keyId, byte[] key) {
        SecretKey added = aesKey(checkKeyId(keyId), key);
        SecretKey held = keys.get(keyId);
        if (held != null) {
            byte[] heldBytes = held.getEncoded();
            try {
                if (MessageDigest.isEqual(heldBytes, key)) {
                    return this;
                }
            } finally {
                Arrays.fill(heldBytes, (byte) 0);
            }
            throw new IllegalArgumentException("the ring already holds another key under '" + keyId
                    + "'; a key id names one key forever, or the secrets encrypted under it stop decrypting");
        }
        SortedMap<String, SecretKey> copy = new TreeMap<>(keys);
        copy.put(keyId, added);
        return new KeyRing(primaryKeyId, copy);
    }

    /** A ring whose primary, the key new secrets are encrypted under, is {@code keyId}, which this ring holds. */
    public KeyRing withPrimary(String keyId) {
        requireNonNull(keyId, "keyId is null");
        if (!keys.containsKey(keyId)) {
            throw new IllegalArgumentException("the ring holds no key '" + keyId + "' (it holds " + keys.keySet()
                    + "); add it with withKey first");
        }
        return keyId.equals(primaryKeyId) ? this : new KeyRing(keyId, new TreeMap<>(keys));
    }

    /** The id of the key new secrets are encrypted under. */
    public String primaryKeyId() {
        return primaryKeyId;
    }

    /** The ids of every key, the primary included, in id order. */
    public Set<String> keyIds() {
        return keys.keySet();
    }

    /**
     * The primary key, for the SDK's cipher. A ring hands its keys to whoever holds it, as whoever holds it built it
     * from those keys (bytes, a key file or the environment it can read); the SDK never logs or prints them.
     */
    public SecretKey primaryKey() {
        // Every ring is built with its primary id among its keys.
        return requireNonNull(keys.get(primaryKeyId), "the primary key is missing");
    }

    /** The key with this id, for the SDK's cipher; see {@link #primaryKey()}. */
    public Optional<SecretKey> key(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    @Override
    public String toString() {
        return "KeyRing[primary=" + primaryKeyId + ", keys=" + keys.keySet() + "]";
    }

    private static String checkKeyId(String keyId) {
        requireNonNull(keyId, "keyId is null");
        if (!KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("invalid key id; " + KEY_ID_RULE);
        }
        return keyId;
    }

    private static SecretKey aesKey(String keyId, byte[] key) {
        requireNonNull(key, "key is null");
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException(
                    "key '" + keyId + "' has " + key.length + " bytes; an AES-256 key is " + KEY_BYTES);
        }
        return new SecretKeySpec(key, "AES");
    }

    private static byte[] randomKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    // Random rather than sequential: a key file that is lost and recreated gets a new id, so old secrets then fail
    // with "unknown key" instead of a misleading authentication failure under a reused id.
    private static String newKeyId(String prefix) {
        byte[] suffix = new byte[8];
        RANDOM.nextBytes(suffix);
        return prefix + "-" + HexFormat.of().formatHex(suffix);
    }

    private static byte[] wrapChecked(KeyEncryptionService service, byte[] key) {
        byte[] wrappedKey = service.wrap(key.clone());
        if (wrappedKey == null || wrappedKey.length == 0) {
            throw invalid("the key encryption service " + service.getClass().getName() + " returned no wrapped key");
        }
        if (contains(wrappedKey, key)) {
            throw invalid("the key encryption service " + service.getClass().getName()
                    + " returned the data key in clear; refusing to store it");
        }
        // A data key whose wrapped form cannot be unwrapped would make every secret encrypted under it unrecoverable,
        // so prove the round trip once before the key is ever used.
        byte[] unwrapped = service.unwrap(wrappedKey.clone());
        try {
            if (unwrapped == null || !MessageDigest.isEqual(unwrapped, key)) {
                throw invalid("the key encryption service " + service.getClass().getName()
                        + " does not unwrap what it wrapped; refusing to store the data key");
            }
        } finally {
            if (unwrapped != null) {
                Arrays.fill(unwrapped, (byte) 0);
            }
        }
        return wrappedKey;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int start = 0; start + needle.length <= haystack.length; start++) {
            if (Arrays.equals(haystack, start, start + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    // The decoder's own message quotes the offending character, a piece of the key, so it is dropped.
    private static byte @Nullable [] decodeBase64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ConnectionException invalid(String message) {
        return new ConnectionException(ErrorCategory.INVALID_CONFIGURATION, message);
    }

    private static ConnectionException invalid(String message, Throwable cause) {
        return new ConnectionException(ErrorCategory.INVALID_CONFIGURATION, message, cause);
    }

    /** The text format of key files and wrapped key files; see {@link #fromKeyFile(Path)}. */
    private static final class KeyFile {
        static final String PLAIN = "key.";
        static final String WRAPPED = "wrapped-key.";
        private static final Set<PosixFilePermission> OWNER_ONLY =
                EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        private KeyFile() {}

        /** The primary key id and the decoded bytes of each key entry. */
        record Content(String primary, Map<String, byte[]> entries) {
            void erase() {
                entries.values().forEach(bytes -> Arrays.fill(bytes, (byte) 0));
            }
        }

        static String render(String kind, String primary, Map<String, byte[]> entries) {
            StringBuilder text = new StringBuilder();
            text.append(
                    kind.equals(PLAIN)
                            ? "# carto-connections key ring. Keep it readable by its owner only and back it up with the\n"
                            : "# carto-connections data keys, each wrapped by the key encryption service. Back it up with the\n");
            text.append(
                    "# database: secrets encrypted under a lost key cannot be recovered. The primary key encrypts,\n");
            text.append("# every key decrypts.\n");
            text.append("version=1\n");
            text.append("primary=").append(primary).append('\n');
            entries.forEach((id, bytes) -> text.append(kind)
                    .append(id)
                    .append('=')
                    .append(Base64.getEncoder().encodeToString(bytes))
                    .append('\n'));
            return text.toString();
        }

        /** Creates {@code file} with this content unless it exists; returns whether this call created it. */
        static boolean create(Path file, String content) {
            Path target = file.toAbsolutePath();
            Path directory = target.getParent();
            if (directory == null) {
                throw invalid("cannot create key file " + file + ": it names no file in a directory");
            }
            Path temporary = null;
            try {
                Files.createDirectories(directory);
                temporary = ownerOnlyTemporaryFile(directory);
                try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                    ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(UTF_8));
                    while (bytes.hasRemaining()) {
                        channel.write(bytes);
                    }
                    channel.force(true);
                }
                if (!publish(temporary, target)) {
                    return false;
                }
                syncDirectory(directory);
                return true;
            } catch (IOException e) {
                throw invalid("cannot create key file " + file + ": " + e, e);
            } finally {
                if (temporary != null) {
                    try {
                        Files.deleteIfExists(temporary);
                    } catch (IOException e) {
                        LOG.warn("Could not delete the temporary key file {}; delete it by hand", temporary, e);
                    }
                }
            }
        }

        // A hard link publishes the complete file at once and fails when the name exists, so of two processes
        // creating the file together exactly one wins; a rename would silently replace the first one's key.
        private static boolean publish(Path temporary, Path target) throws IOException {
            try {
                Files.createLink(target, temporary);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException | IOException e) {
                // No hard links on this filesystem: a move that refuses to replace, with a small window for a race.
                try {
                    Files.move(temporary, target);
                    return true;
                } catch (FileAlreadyExistsException raced) {
                    return false;
                }
            }
        }

        private static Path ownerOnlyTemporaryFile(Path directory) throws IOException {
            if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                return Files.createTempFile(
                        directory, ".carto-keys-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            Path temporary = Files.createTempFile(directory, ".carto-keys-", ".tmp");
            AclFileAttributeView acl = Files.getFileAttributeView(temporary, AclFileAttributeView.class);
            if (acl != null) {
                acl.setAcl(List.of(AclEntry.newBuilder()
                        .setType(AclEntryType.ALLOW)
                        .setPrincipal(acl.getOwner())
                        .setPermissions(EnumSet.allOf(AclEntryPermission.class))
                        .build()));
            } else {
                File asFile = temporary.toFile();
                // Not && and ||: every setter must run, whatever the one before it returned.
                @SuppressWarnings("ShortCircuitBoolean")
                boolean restricted = asFile.setReadable(false, false)
                        & asFile.setReadable(true, true)
                        & asFile.setWritable(false, false)
                        & asFile.setWritable(true, true);
                if (!restricted) {
                    LOG.warn("Could not restrict the new key file in {} to its owner; restrict it by hand", directory);
                }
            }
            return temporary;
        }

        // Makes the new directory entry durable too; not every platform can open a directory, hence best effort.
        private static void syncDirectory(Path directory) {
            try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                channel.force(true);
            } catch (IOException | RuntimeException e) {
                LOG.debug("Could not sync directory {} after creating a key file", directory, e);
            }
        }

        static Content read(Path file, String kind) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, UTF_8);
            } catch (IOException e) {
                throw invalid("cannot read key file " + file + ": " + e, e);
            }
            warnIfOthersCanAccess(file);
            String other = kind.equals(PLAIN) ? WRAPPED : PLAIN;
            boolean versioned = false;
            String primary = null;
            Map<String, byte[]> entries = new TreeMap<>();
            try {
                for (int i = 0; i < lines.size(); i++) {
                    // Lines are named by number only: they may hold key material.
                    String where = "key file " + file + " line " + (i + 1);
                    String line = lines.get(i).strip();
                    if (line.isEmpty() || line.startsWith("#")) {
                        continue;
                    }
                    int equals = line.indexOf('=');
                    if (equals < 0) {
                        throw invalid(where + " is not name=value");
                    }
                    String name = line.substring(0, equals).strip();
                    String value = line.substring(equals + 1).strip();
                    if (name.equals("version")) {
                        if (!value.equals("1")) {
                            throw invalid(where + " has a version this SDK cannot read (it reads version=1)");
                        }
                        versioned = true;
                    } else if (name.equals("primary")) {
                        if (primary != null) {
                            throw invalid(where + " repeats primary");
                        }
                        if (!KEY_ID.matcher(value).matches()) {
                            throw invalid(where + " has an invalid primary key id; " + KEY_ID_RULE);
                        }
                        primary = value;
                    } else if (name.startsWith(kind)) {
                        String id = name.substring(kind.length());
                        if (!KEY_ID.matcher(id).matches()) {
                            throw invalid(where + " has an invalid key id; " + KEY_ID_RULE);
                        }
                        byte[] bytes = decodeBase64(value);
                        if (bytes == null) {
                            throw invalid(where + " has a key that is not valid base64");
                        }
                        if (entries.putIfAbsent(id, bytes) != null) {
                            Arrays.fill(bytes, (byte) 0);
                            throw invalid(where + " repeats key '" + id + "'");
                        }
                    } else if (name.startsWith(other)) {
                        throw invalid(
                                kind.equals(PLAIN)
                                        ? "key file " + file + " holds wrapped keys; open it with KeyRing.wrapped"
                                        : "key file " + file
                                                + " holds keys in clear, not wrapped ones; open it with KeyRing.fromKeyFile");
                    } else {
                        throw invalid(where + " is none of version, primary or " + kind + "<id>");
                    }
                }
                if (!versioned) {
                    throw invalid("key file " + file + " has no version=1 line");
                }
                if (primary == null) {
                    throw invalid("key file " + file + " has no primary line");
                }
                if (!entries.containsKey(primary)) {
                    throw invalid(
                            "key file " + file + " names primary key '" + primary + "' but holds no key with that id");
                }
                return new Content(primary, entries);
            } catch (RuntimeException e) {
                entries.values().forEach(bytes -> Arrays.fill(bytes, (byte) 0));
                throw e;
            }
        }

        private static void warnIfOthersCanAccess(Path file) {
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (view == null) {
                return;
            }
            try {
                Set<PosixFilePermission> permissions = view.readAttributes().permissions();
                if (!OWNER_ONLY.containsAll(permissions)) {
                    LOG.warn(
                            "Key file {} is accessible to other users ({}); restrict it to its owner: chmod 600 {}",
                            file,
                            PosixFilePermissions.toString(permissions),
                            file);
                }
            } catch (IOException e) {
                LOG.debug("Could not read the permissions of key file {}", file, e);
            }
        }
    }
}
