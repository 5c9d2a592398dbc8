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
            insert.setString(3, key.privateKey().ciphertext());
            insert.setString(4, key.privateKey().keyId());
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
                OffsetDateTime retired = row.getObject(6, OffsetDateTime.class);
                keys.add(new StoredSigningKey(
                        row.getString(1),
                        row.getString(2),
                        new EncryptedSecret(row.getString(4), row.getString(3)),
                        row.getObject(5, OffsetDateTime.class).toInstant(),
                        Optional.ofNullable(retired).map(OffsetDateTime::toInstant)));
            }
            return keys;
        }
    }

    static boolean retireKey(Connection database, String keyId, Instant at) throws SQLException {
        try (PreparedStatement update = database.prepareStatement(
                "update carto_grant_signing_keys set retired_at = ? where key_id = ? and retired_at is null")) {
            update.setObject(1, utc(at));
            update.setString(2, keyId);
            return update.executeUpdate() == 1;
        }
    }

    private static Grant grant(ResultSet row) throws SQLException {
        OffsetDateTime revoked = row.getObject(10, OffsetDateTime.class);
        Set<GrantOperation> operations = EnumSet.noneOf(GrantOperation.class);
        parseStrings(row.getString(6)).forEach(operation -> operations.add(GrantOperation.valueOf(operation)));
        return new Grant(
                row.getString(1),
                row.getString(2),
                row.getString(3),
                row.getString(4),
                parseSources(row.getString(5)),
                operations,
                new LinkedHashSet<>(parseStrings(row.getString(7))),
                row.getObject(8, OffsetDateTime.class).toInstant(),
                row.getObject(9, OffsetDateTime.class).toInstant(),
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
