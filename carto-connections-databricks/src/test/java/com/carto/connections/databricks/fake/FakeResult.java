package com.carto.connections.databricks.fake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A statement's rows and how the service hands them out, in the shapes of docs.databricks.com/api/workspace/
 * statementexecution (cited per rule as [RESULT]):
 * <ul>
 *   <li>the rows are cut into chunks; the {@code manifest} lists them ({@code chunks} with {@code chunk_index},
 *       {@code row_offset}, {@code row_count}, {@code byte_count}) with {@code total_chunk_count},
 *       {@code total_row_count} (every row of the result, not of one chunk) and {@code truncated}
 *       (executestatement, "manifest");
 *   <li>{@code INLINE} ({@code JSON_ARRAY} only): the statement's {@code result} is chunk 0 with its
 *       {@code data_array}, and {@code next_chunk_index}/{@code next_chunk_internal_link} while chunks remain;
 *       {@code GET …/result/chunks/{n}} answers chunk n the same way (getstatementresultchunkn: "the response structure
 *       is identical to the nested result element … and similarly includes the next_chunk_index and
 *       next_chunk_internal_link fields for simple iteration through the result set");
 *   <li>{@code EXTERNAL_LINKS}: the {@code result} holds {@code external_links}, each a chunk's {@code external_link}
 *       (a pre-signed URL, "a short expiration time (&lt;= 15 minutes)"), its {@code expiration} and the chunk's
 *       fields; {@code …/result/chunks/{n}} answers a fresh link for chunk n, which is how a client replaces an expired
 *       one;
 *   <li>{@code INLINE_OR_EXTERNAL_LINKS} (databricks-jdbc's default, {@code EnableSQLExecHybridResults=1}; not in the
 *       public reference, whose SDK model has {@code result.attachment}): a result of one chunk comes inline as
 *       {@code attachment} (the chunk's Arrow bytes, base64 in JSON), a larger one as external links.
 * </ul>
 */
final class FakeResult {
    /**
     * A result column as the manifest's {@code schema.columns} describes it, from its Databricks SQL type
     * ({@code BIGINT}, {@code TIMESTAMP_NTZ}, …).
     */
    record Column(String name, String sqlType, int precision, int scale) {
        Column {
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(sqlType, "sqlType is null");
        }

        /** [RESULT] {@code type_text}: the SQL type as written, with a decimal's precision and scale. */
        String typeText() {
            return sqlType.equals("DECIMAL") ? "DECIMAL(" + precision + "," + scale + ")" : sqlType;
        }

        /**
         * [RESULT] {@code type_name}: "the name of the base data type", an enum (BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT,
         * DOUBLE, DATE, TIMESTAMP, STRING, BINARY, DECIMAL, …) that names integers by their Java width and has no
         * TIMESTAMP_NTZ.
         */
        String typeName() {
            return switch (sqlType) {
                case "TINYINT" -> "BYTE";
                case "SMALLINT" -> "SHORT";
                case "BIGINT" -> "LONG";
                case "TIMESTAMP_NTZ" -> "TIMESTAMP";
                default -> sqlType;
            };
        }
    }

    /** What the statement asked for: {@code format}, {@code disposition} and {@code result_compression}. */
    record Shape(String format, String disposition, boolean lz4) {
        Shape {
            Objects.requireNonNull(format, "format is null");
            Objects.requireNonNull(disposition, "disposition is null");
        }

        boolean arrow() {
            return format.equals("ARROW_STREAM");
        }
    }

    private final String statementId;
    private final List<Column> columns;
    private final List<List<String>> rows;
    private final boolean truncated;
    private final Shape shape;
    private final int chunkRows;
    private final FakeStorage storage;
    private final List<byte[]> arrowChunks = new ArrayList<>();

    FakeResult(
            String statementId,
            List<Column> columns,
            List<List<String>> rows,
            boolean truncated,
            Shape shape,
            int chunkRows,
            FakeStorage storage) {
        this.statementId = statementId;
        this.columns = List.copyOf(columns);
        this.rows = rows;
        this.truncated = truncated;
        this.shape = shape;
        this.chunkRows = chunkRows;
        this.storage = storage;
        if (shape.arrow()) {
            for (int chunk = 0; chunk < chunkCount(); chunk++) {
                arrowChunks.add(FakeArrow.chunk(columns, rowsOf(chunk), shape.lz4()));
            }
        }
    }

    /** [RESULT] an empty result is still one chunk of no rows, so that its schema travels with it. */
    int chunkCount() {
        return Math.max(1, (rows.size() + chunkRows - 1) / chunkRows);
    }

    private List<List<String>> rowsOf(int chunk) {
        return rows.subList(chunk * chunkRows, Math.min(rows.size(), (chunk + 1) * chunkRows));
    }

    private boolean inlineAttachment() {
        return shape.disposition().equals("INLINE_OR_EXTERNAL_LINKS") && chunkCount() == 1;
    }

    /** The {@code manifest} and chunk 0's {@code result} of a statement that SUCCEEDED, into {@code reply}. */
    void into(ObjectNode reply) {
        ObjectNode manifest = reply.putObject("manifest").put("format", shape.format());
        ObjectNode schema = manifest.putObject("schema").put("column_count", columns.size());
        ArrayNode described = schema.putArray("columns");
        for (int index = 0; index < columns.size(); index++) {
            Column column = columns.get(index);
            ObjectNode one = described
                    .addObject()
                    .put("name", column.name())
                    .put("type_name", column.typeName())
                    .put("type_text", column.typeText())
                    .put("position", index);
            if (column.typeName().equals("DECIMAL")) {
                one.put("type_precision", column.precision()).put("type_scale", column.scale());
            }
        }
        manifest.put("total_chunk_count", chunkCount())
                .put("total_row_count", rows.size())
                .put("truncated", truncated);
        if (shape.arrow() && shape.lz4()) {
            manifest.put("result_compression", "LZ4_FRAME");
        }
        ArrayNode chunks = manifest.putArray("chunks");
        for (int chunk = 0; chunk < chunkCount(); chunk++) {
            described(chunks.addObject(), chunk);
        }
        ObjectNode result = reply.putObject("result");
        if (shape.disposition().equals("INLINE")) {
            inline(result, 0);
        } else if (inlineAttachment()) {
            described(result, 0);
            result.put("attachment", Base64.getEncoder().encodeToString(arrowChunks.get(0)));
        } else {
            link(result.putArray("external_links").addObject(), 0);
        }
    }

    /**
     * [RESULT] {@code GET …/result/chunks/{n}}: chunk n, inline or as a fresh external link; a chunk the result does not
     * have is refused.
     */
    ObjectNode chunk(int index) {
        if (index < 0 || index >= chunkCount()) {
            throw new IllegalArgumentException(
                    "chunk_index " + index + " is out of range: the result has " + chunkCount() + " chunks");
        }
        ObjectNode result = StatementExecutionFake.json().createObjectNode();
        if (shape.disposition().equals("INLINE")) {
            inline(result, index);
        } else if (inlineAttachment()) {
            described(result, index);
            result.put("attachment", Base64.getEncoder().encodeToString(arrowChunks.get(index)));
        } else {
            link(result.putArray("external_links").addObject(), index);
        }
        return result;
    }

    private void inline(ObjectNode result, int chunk) {
        described(result, chunk);
        ArrayNode data = result.putArray("data_array");
        for (List<String> row : rowsOf(chunk)) {
            ArrayNode values = data.addArray();
            row.forEach(values::add);
        }
        next(result, chunk);
    }

    private void link(ObjectNode link, int chunk) {
        described(link, chunk);
        FakeStorage.Link stored = storage.put(arrowChunks.get(chunk));
        link.put("external_link", stored.url())
                .put("expiration", stored.expiration().toString());
        next(link, chunk);
    }

    private void described(ObjectNode node, int chunk) {
        node.put("chunk_index", chunk)
                .put("row_offset", (long) chunk * chunkRows)
                .put("row_count", rowsOf(chunk).size());
        if (shape.arrow()) {
            node.put("byte_count", arrowChunks.get(chunk).length);
        }
    }

    private void next(ObjectNode node, int chunk) {
        if (chunk + 1 < chunkCount()) {
            node.put("next_chunk_index", chunk + 1)
                    .put(
                            "next_chunk_internal_link",
                            String.format(
                                    Locale.ROOT,
                                    "/api/2.0/sql/statements/%s/result/chunks/%d",
                                    statementId,
                                    chunk + 1));
        }
    }
}
