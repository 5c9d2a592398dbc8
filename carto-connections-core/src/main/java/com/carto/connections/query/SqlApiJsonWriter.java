package com.carto.connections.query;

import com.carto.connections.error.ConnectionException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes a result as a SQL API response:
 * {@code {"schema":[{"name":…,"type":…}],"rows":[{…}],"meta":{"rowCount":…,"elapsedMs":…}}}. When reading fails
 * part way (a limit, a timeout), the document is still closed, with
 * {@code "meta":{…,"error":{"category":…,"message":…}}}, before the failure is rethrown: a client that already
 * received a 200 status can tell a cut result from a whole one. A value with no JSON form (a curved geometry) fails
 * the same way, with an {@code UNSUPPORTED} error naming its column, before its row is started.
 */
final class SqlApiJsonWriter {
    private SqlApiJsonWriter() {}

    static void write(QueryResult result, OutputStream out) throws IOException {
        long started = System.nanoTime();
        List<Column> columns = result.columns();
        try (JsonGenerator generator = ResultValues.generator(out)) {
            ResultValues values = new ResultValues(generator);
            SerializedString[] names = RowObjects.names(columns);
            OutputFlushes flushes = new OutputFlushes(generator);
            generator.writeStartObject();
            generator.writeArrayFieldStart("schema");
            for (Column column : columns) {
                generator.writeStartObject();
                generator.writeStringField("name", column.name());
                generator.writeStringField("type", ResultValues.typeName(column.type()));
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeArrayFieldStart("rows");
            ConnectionException failure = null;
            try {
                while (result.next()) {
                    RowObjects.check(result, columns, "JSON");
                    RowObjects.write(generator, values, result, columns, names);
                    flushes.afterRow();
                }
            } catch (ConnectionException e) {
                failure = e;
            }
            generator.writeEndArray();
            generator.writeObjectFieldStart("meta");
            generator.writeNumberField("rowCount", result.rowCount());
            generator.writeNumberField("elapsedMs", (System.nanoTime() - started) / 1_000_000);
            if (failure != null) {
                generator.writeObjectFieldStart("error");
                generator.writeStringField("category", failure.category().name());
                generator.writeStringField("message", failure.getMessage());
                generator.writeEndObject();
            }
            generator.writeEndObject();
            generator.writeEndObject();
            generator.flush();
            if (failure != null) {
                throw failure;
            }
        }
    }
}
