package com.carto.connections.databricks.fake;

import com.databricks.internal.apache.arrow.memory.BufferAllocator;
import com.databricks.internal.apache.arrow.memory.RootAllocator;
import com.databricks.internal.apache.arrow.vector.BigIntVector;
import com.databricks.internal.apache.arrow.vector.BitVector;
import com.databricks.internal.apache.arrow.vector.DateDayVector;
import com.databricks.internal.apache.arrow.vector.DecimalVector;
import com.databricks.internal.apache.arrow.vector.FieldVector;
import com.databricks.internal.apache.arrow.vector.Float4Vector;
import com.databricks.internal.apache.arrow.vector.Float8Vector;
import com.databricks.internal.apache.arrow.vector.IntVector;
import com.databricks.internal.apache.arrow.vector.SmallIntVector;
import com.databricks.internal.apache.arrow.vector.TimeStampMicroTZVector;
import com.databricks.internal.apache.arrow.vector.TimeStampMicroVector;
import com.databricks.internal.apache.arrow.vector.TinyIntVector;
import com.databricks.internal.apache.arrow.vector.VarBinaryVector;
import com.databricks.internal.apache.arrow.vector.VarCharVector;
import com.databricks.internal.apache.arrow.vector.VectorSchemaRoot;
import com.databricks.internal.apache.arrow.vector.ipc.ArrowStreamWriter;
import com.databricks.internal.jpountz.lz4.LZ4FrameOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Result chunks as Apache Arrow IPC streams ({@code ARROW_STREAM}: "the Apache Arrow streaming format", one stream per
 * chunk, docs.databricks.com/api/workspace/statementexecution/executestatement, "format"), LZ4-framed when the
 * statement asked for {@code result_compression=LZ4_FRAME}.
 *
 * <p>Written with the Arrow 17.0.0 that databricks-jdbc 3.0.1 bundles (relocated under
 * {@code com.databricks.internal.apache.arrow}) and its relocated lz4-java: the very version the driver reads with, and
 * no second Arrow on the test class path. Arrow's memory code needs {@code java.nio} opened to it on Java 17, so this
 * runs only in the JVM of the surefire execution {@code arrow}. A driver upgrade that moves these classes breaks this
 * file's compilation, which is where it should show.
 */
final class FakeArrow {
    private FakeArrow() {}

    /** One chunk: the schema, then one record batch of the rows (values in their JSON_ARRAY text form). */
    static byte[] chunk(List<FakeResult.Column> columns, List<List<String>> rows, boolean lz4) {
        try (BufferAllocator allocator = new RootAllocator()) {
            List<FieldVector> vectors = new ArrayList<>();
            try {
                for (int index = 0; index < columns.size(); index++) {
                    FieldVector vector = vector(columns.get(index), allocator);
                    vectors.add(vector);
                    vector.allocateNew();
                    for (int row = 0; row < rows.size(); row++) {
                        set(vector, columns.get(index), row, rows.get(row).get(index));
                    }
                    vector.setValueCount(rows.size());
                }
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (VectorSchemaRoot root = new VectorSchemaRoot(vectors);
                        OutputStream output = lz4 ? new LZ4FrameOutputStream(bytes) : bytes;
                        ArrowStreamWriter writer = new ArrowStreamWriter(root, null, output)) {
                    root.setRowCount(rows.size());
                    writer.start();
                    writer.writeBatch();
                    writer.end();
                }
                return bytes.toByteArray();
            } finally {
                vectors.forEach(FieldVector::close);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Arrow's types for the Databricks SQL types the fake's results have. */
    private static FieldVector vector(FakeResult.Column column, BufferAllocator allocator) {
        String name = column.name();
        return switch (column.sqlType()) {
            case "TINYINT" -> new TinyIntVector(name, allocator);
            case "SMALLINT" -> new SmallIntVector(name, allocator);
            case "INT" -> new IntVector(name, allocator);
            case "BIGINT" -> new BigIntVector(name, allocator);
            case "FLOAT" -> new Float4Vector(name, allocator);
            case "DOUBLE" -> new Float8Vector(name, allocator);
            case "DECIMAL" -> new DecimalVector(name, allocator, column.precision(), column.scale());
            case "BOOLEAN" -> new BitVector(name, allocator);
            case "DATE" -> new DateDayVector(name, allocator);
            case "TIMESTAMP" -> new TimeStampMicroTZVector(name, allocator, "UTC");
            case "TIMESTAMP_NTZ" -> new TimeStampMicroVector(name, allocator);
            case "BINARY" -> new VarBinaryVector(name, allocator);
            default -> new VarCharVector(name, allocator);
        };
    }

    private static void set(FieldVector vector, FakeResult.Column column, int row, String value) {
        if (value == null) {
            vector.setNull(row);
            return;
        }
        if (vector instanceof TinyIntVector tiny) {
            tiny.setSafe(row, Byte.parseByte(value));
        } else if (vector instanceof SmallIntVector small) {
            small.setSafe(row, Short.parseShort(value));
        } else if (vector instanceof IntVector integer) {
            integer.setSafe(row, Integer.parseInt(value));
        } else if (vector instanceof BigIntVector big) {
            big.setSafe(row, Long.parseLong(value));
        } else if (vector instanceof Float4Vector single) {
            single.setSafe(row, Float.parseFloat(value));
        } else if (vector instanceof Float8Vector dual) {
            dual.setSafe(row, Double.parseDouble(value));
        } else if (vector instanceof DecimalVector decimal) {
            decimal.setSafe(row, new BigDecimal(value).setScale(column.scale(), RoundingMode.UNNECESSARY));
        } else if (vector instanceof BitVector bit) {
            bit.setSafe(row, Boolean.parseBoolean(value) ? 1 : 0);
        } else if (vector instanceof DateDayVector date) {
            date.setSafe(row, (int) LocalDate.parse(value).toEpochDay());
        } else if (vector instanceof TimeStampMicroTZVector instant) {
            instant.setSafe(row, ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(value)));
        } else if (vector instanceof TimeStampMicroVector local) {
            local.setSafe(
                    row,
                    ChronoUnit.MICROS.between(
                            Instant.EPOCH, LocalDateTime.parse(value).toInstant(ZoneOffset.UTC)));
        } else if (vector instanceof VarBinaryVector binary) {
            binary.setSafe(row, Base64.getDecoder().decode(value));
        } else {
            ((VarCharVector) vector).setSafe(row, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
