package com.carto.connections.store;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.grants.Grant;
import com.carto.connections.grants.GrantOperation;
import com.carto.connections.grants.GrantSource;
import com.carto.connections.grants.ParameterType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The SQL of grants and signing keys, on a connection the store's transaction gives. */
final class GrantRows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GRANT_COLUMNS = "id, connection_id, organization_id, creator_id, sources, operations,"
            + " referrers, created_at, expires_at, revoked_at";
    private static final String KEY_COLUMNS =
            "key_id, public_key, private_key, encryption_key_id, created_at, retired_at";
    private static final int KEY_COLUMN_COUNT = 6;

    private GrantRows() {}

    static void insert(Connection database, Grant grant) throws SQLException {
        try (PreparedStatement insert = database.prepareStatement(
                "insert into carto_grants (" + GRANT_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, grant.id());
            insert.setString(2, grant.connectionId());
            insert.setString(3, grant.organizationId());
            insert.setString(4, grant.creatorId());
            insert.setString(5, sources(grant.sources()));
            insert.setString(
                    6,
                    strings(grant.operations().stream().map(Enum::name).sorted().toList()));
            insert.setString(7, strings(List.copyOf(grant.referrers())));
            insert.setObject(8, utc(grant.createdAt()));
            insert.setObject(9, utc(grant.expiresAt()));
            if (grant.revokedAt().isPresent()) {
                insert.setObject(10, utc(grant.revokedAt().get()));
            } else {
                insert.setNull(10, Types.TIMESTAMP_WITH_TIMEZONE);
            }
            insert.executeUpdate();
        }
    }

    static Optional<Grant> find(Connection database, String id) throws SQLException {
        try (PreparedStatement select =
                database.prepareStatement("select " + GRANT_COLUMNS + " from carto_grants where id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(grant(row)) : Optional.empty();
            }
        }
    }

    static List<Grant> ofConnection(Connection database, String connectionId) throws SQLException {
        try (PreparedStatement select = database.prepareStatement(
                "select " + GRANT_COLUMNS + " from carto_grants where connection_id = ? order by created_at, id")) {
            select.setString(1, connectionId);
            List<Grant> grants = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    grants.add(grant(row));
                }
            }
            return grants;
        }
    }

    static boolean revoke(Connection database, String id, Instant at) throws SQLException {
        try (PreparedStatement update = database.prepareStatement(
                "update carto_grants set revoked_at = ? where id = ? and revoked_at is null")) {
            update.setObject(1, utc(at));
            update.setString(2, id);
            return update.executeUpdate() == 1;
        }
    }

    static boolean transfer(Connection database, String id, String fromCreatorId, String toCreatorId)
            throws SQLException {
        try (PreparedStatement update = database.prepareStatement(
                "update carto_grants set creator_id = ?" + " where id = ? and creator_id = ? and revoked_at is null")) {
            update.setString(1, toCreatorId);
            update.setString(2, id);
            update.setString(3, fromCreatorId);
            return update.executeUpdate() == 1;
        }
    }

    static void insertKey(Connection database, StoredSigningKey key) throws SQLException {
        try (PreparedStatement insert = database.prepareStatement(
                "insert into carto_grant_signing_keys (" + KEY_COLUMNS + ") values (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, key.keyId());
            insert.setString(2, key.publicKey());
            // The columns are not null: a key without a private half (only ever a retired one) stores empty text.
            insert.setString(
                    3, key.privateKey().map(EncryptedSecret::ciphertext).orElse(""));
            insert.setString(4, key.privateKey().map(EncryptedSecret::keyId).orElse(""));
            insert.setObject(5, utc(key.createdAt()));
            if (key.retiredAt().isPresent()) {
                insert.setObject(6, utc(key.retiredAt().get()));
            } else {
                insert.setNull(6, Types.TIMESTAMP_WITH_TIMEZONE);
            }
            insert.executeUpdate();
        }
    }

    static List<StoredSigningKey> keys(Connection database) throws SQLException {
        try (PreparedStatement select = database.prepareStatement(
                        "select " + KEY_COLUMNS + " from carto_grant_signing_keys order by created_at, key_id");
                ResultSet row = select.executeQuery()) {
            List<StoredSigningKey> keys = new ArrayList<>();
            while (row.next()) {
                keys.add(key(row));
            }
            return keys;
        }
    }

    /**
     * One statement: a row per signing key that is not retired (or one row of nulls when there is none), each with the
     * grant's columns beside it (nulls when it does not exist).
     */
    static GrantAndSigningKeys findWithActiveKeys(Connection database, String grantId) throws SQLException {
        try (PreparedStatement select = database.prepareStatement("select k."
                + KEY_COLUMNS.replace(", ", ", k.") + ", g." + GRANT_COLUMNS.replace(", ", ", g.")
                + " from (select 1 as one) o"
                + " left join carto_grant_signing_keys k on k.retired_at is null"
                + " left join carto_grants g on g.id = ?"
                + " order by k.created_at, k.key_id")) {
            select.setString(1, grantId);
            List<StoredSigningKey> keys = new ArrayList<>();
            Optional<Grant> grant = Optional.empty();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    if (row.getString(1) != null) {
                        keys.add(key(row));
                    }
                    if (grant.isEmpty() && row.getString(KEY_COLUMN_COUNT + 1) != null) {
                        grant = Optional.of(grant(row, KEY_COLUMN_COUNT + 1));
                    }
                }
            }
            return new GrantAndSigningKeys(grant, keys);
        }
    }

    private static StoredSigningKey key(ResultSet row) throws SQLException {
        OffsetDateTime retired = row.getObject(6, OffsetDateTime.class);
        String ciphertext = row.getString(3);
        return new StoredSigningKey(
                row.getString(1),
                row.getString(2),
                ciphertext.isEmpty()
                        ? Optional.empty()
                        : Optional.of(new EncryptedSecret(row.getString(4), ciphertext)),
                row.getObject(5, OffsetDateTime.class).toInstant(),
                Optional.ofNullable(retired).map(OffsetDateTime::toInstant));
    }

    static boolean retireKey(Connection database, String keyId, Instant at) throws SQLException {
        try (PreparedStatement update = database.prepareStatement(
                "update carto_grant_signing_keys set retired_at = ?, private_key = '', encryption_key_id = ''"
                        + " where key_id = ? and retired_at is null")) {
            update.setObject(1, utc(at));
            update.setString(2, keyId);
            return update.executeUpdate() == 1;
        }
    }

    static boolean replaceKeyCiphertext(Connection database, StoredSigningKey previous, EncryptedSecret privateKey)
            throws SQLException {
        if (previous.privateKey().isEmpty()) {
            return false;
        }
        try (PreparedStatement update =
                database.prepareStatement("update carto_grant_signing_keys set private_key = ?, encryption_key_id = ?"
                        + " where key_id = ? and private_key = ? and retired_at is null")) {
            update.setString(1, privateKey.ciphertext());
            update.setString(2, privateKey.keyId());
            update.setString(3, previous.keyId());
            update.setString(4, previous.privateKey().get().ciphertext());
            return update.executeUpdate() == 1;
        }
    }

    private static Grant grant(ResultSet row) throws SQLException {
        return grant(row, 1);
    }

    /** The grant whose {@link #GRANT_COLUMNS} start at column {@code first}. */
    private static Grant grant(ResultSet row, int first) throws SQLException {
        int at = first - 1;
        OffsetDateTime revoked = row.getObject(at + 10, OffsetDateTime.class);
        Set<GrantOperation> operations = EnumSet.noneOf(GrantOperation.class);
        parseStrings(row.getString(at + 6)).forEach(operation -> operations.add(GrantOperation.valueOf(operation)));
        return new Grant(
                row.getString(at + 1),
                row.getString(at + 2),
                row.getString(at + 3),
                row.getString(at + 4),
                parseSources(row.getString(at + 5)),
                operations,
                new LinkedHashSet<>(parseStrings(row.getString(at + 7))),
                row.getObject(at + 8, OffsetDateTime.class).toInstant(),
                row.getObject(at + 9, OffsetDateTime.class).toInstant(),
                Optional.ofNullable(revoked).map(OffsetDateTime::toInstant));
    }

    static String sources(List<GrantSource> sources) {
        ArrayNode array = JSON.createArrayNode();
        for (GrantSource source : sources) {
            ObjectNode node = array.addObject();
            if (source instanceof GrantSource.Table table) {
                table.name().forEach(node.putArray("table")::add);
                table.columns().forEach(node.putArray("columns")::add);
            } else if (source instanceof GrantSource.NamedQuery query) {
                node.put("query", query.name());
                node.put("sql", query.sql());
                ObjectNode parameters = node.putObject("parameters");
                query.parameters().forEach((name, type) -> parameters.put(name, type.name()));
            }
        }
        return write(array);
    }

    static List<GrantSource> parseSources(String json) {
        List<GrantSource> sources = new ArrayList<>();
        for (JsonNode node : read(json)) {
            if (node.has("table")) {
                sources.add(new GrantSource.Table(texts(node.get("table")), texts(node.get("columns"))));
            } else {
                Map<String, ParameterType> parameters = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> parameter :
                        node.get("parameters").properties()) {
                    parameters.put(
                            parameter.getKey(),
                            ParameterType.valueOf(parameter.getValue().asText()));
                }
                sources.add(new GrantSource.NamedQuery(
                        node.get("query").asText(), node.get("sql").asText(), parameters));
            }
        }
        return sources;
    }

    private static String strings(List<String> strings) {
        ArrayNode array = JSON.createArrayNode();
        strings.forEach(array::add);
        return write(array);
    }

    private static List<String> parseStrings(String json) {
        return texts(read(json));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new ConnectionException(ErrorCategory.INTERNAL, "cannot write a grant as JSON", e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConnectionException(ErrorCategory.INTERNAL, "a stored grant is not valid JSON", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
