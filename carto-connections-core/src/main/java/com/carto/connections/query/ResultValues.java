package com.carto.connections.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.NumberOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How the writers spell each normalized value: decimals exact and never in exponent form, dates and times ISO-8601
 * (seconds always present, fractions in groups of three digits, {@code Z} for UTC), bytes base64, NaN and infinities
 * as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} (JSON has no such numbers; PostgreSQL's
 * {@code to_json} writes them the same way), JSON documents embedded as JSON, geometry as a GeoJSON geometry.
 *
 * <p>PostgreSQL's special dates and times arrive as the sentinels pgjdbc gives them, and are spelled as
 * {@code to_json} spells them: {@link LocalDate#MAX}, {@link LocalDateTime#MAX} and an {@link OffsetDateTime} at
 * {@code LocalDateTime.MAX} as {@code "infinity"} (MIN as {@code "-infinity"}), and {@link LocalTime#MAX} (time
 * {@code 24:00}, which PostgreSQL allows and {@link LocalTime} cannot hold) as {@code "24:00:00"}. A {@link Float} is
 * spelled with its own shortest digits ({@code 1.1}), not those of the double it widens to.
 */
final class ResultValues {
    static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            // The caller owns the output stream: a response body must stay open for what follows.
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            // A result cut by a failure must look cut, not be closed into valid-looking JSON.
            .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
            .build();

    private final JsonGenerator generator;
    private final WkbGeoJson geometries;
    private final char[] timeBuffer = new char[40];

    ResultValues(JsonGenerator generator) {
        this.generator = generator;
        this.geometries = new WkbGeoJson(generator);
    }

    static JsonGenerator generator(OutputStream out) throws IOException {
        return JSON.createGenerator(out);
    }

    /** The name a column type has in the JSON schema: {@code timestamp_with_time_zone}, {@code geometry}, … */
    static String typeName(ColumnType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    void write(@Nullable Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof String text) {
            generator.writeString(text);
        } else if (value instanceof Long number) {
            generator.writeNumber(number);
        } else if (value instanceof Double number) {
            writeDouble(number);
        } else if (value instanceof Boolean bool) {
            generator.writeBoolean(bool);
        } else if (value instanceof BigDecimal decimal) {
            generator.writeNumber(decimal);
        } else if (value instanceof Geometry geometry) {
            geometries.write(geometry);
        } else if (value instanceof Float number) {
            writeDouble(widen(number));
        } else if (value instanceof byte[] bytes) {
            generator.writeBinary(bytes);
        } else if (value instanceof List<?> list) {
            generator.writeStartArray();
            for (Object element : list) {
                write(element);
            }
            generator.writeEndArray();
        } else if (value instanceof Map<?, ?> map) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                generator.writeFieldName(String.valueOf(entry.getKey()));
                write(entry.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof Integer || value instanceof Short) {
            generator.writeNumber(((Number) value).longValue());
        } else {
            int length = formatTime(value, timeBuffer);
            if (length >= 0) {
                generator.writeString(timeBuffer, 0, length);
            } else {
                generator.writeString(value.toString());
            }
        }
    }

    /** The current row's value in a column, read without boxing where the type allows. */
    void writeColumn(QueryResult result, int index, ColumnType type) throws IOException {
        switch (type) {
            case INTEGER -> {
                long value = result.longValue(index);
                if (value == 0 && result.isNull(index)) {
                    generator.writeNull();
                } else {
                    generator.writeNumber(value);
                }
            }
            case FLOAT -> {
                double value = result.doubleValue(index);
                if (value == 0 && result.isNull(index)) {
                    generator.writeNull();
                } else {
                    writeDouble(value);
                }
            }
            case JSON -> writeJson(result.value(index));
            case GEOMETRY -> {
                // Checked by the writer before the row was started (see check).
                if (result.value(index) instanceof Geometry geometry) {
                    geometries.writeChecked(geometry);
                } else {
                    write(result.value(index));
                }
            }
            default -> write(result.value(index));
        }
    }

    /**
     * Throws {@link UnwritableValue} when the value has no form in JSON: a geometry GeoJSON cannot hold, alone or
     * inside an array or struct. Writers call it for every value of a row before writing the row, so a row is
     * written whole or not at all.
     */
    static void check(@Nullable Object value) {
        if (value instanceof Geometry geometry) {
            WkbGeoJson.check(geometry);
        } else if (value instanceof List<?> list) {
            list.forEach(ResultValues::check);
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(ResultValues::check);
        }
    }

    /** The double whose shortest digits are the float's own: {@code 1.1f} becomes {@code 1.1}, not 1.100000023841858. */
    static double widen(float value) {
        // Schubfach's shortest digits: JDK 17's Float.toString sometimes gives more (JDK-4511638).
        return Float.isFinite(value) ? Double.parseDouble(NumberOutput.toString(value, true)) : value;
    }

    /** A JSON column's document, embedded as JSON rather than as a string; the warehouse validated it. */
    void writeJson(@Nullable Object value) throws IOException {
        if (value instanceof String document) {
            generator.writeRawValue(document);
        } else {
            write(value);
        }
    }

    void writeDouble(double value) throws IOException {
        if (Double.isFinite(value)) {
            generator.writeNumber(value);
        } else {
            generator.writeString(nonFinite(value));
        }
    }

    static String nonFinite(double value) {
        return Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
    }

    /** The text of a scalar for CSV, spelled as in JSON; null for a value that needs JSON encoding. */
    static @Nullable String text(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Double number) {
            // The shortest digits, as the JSON writers' Schubfach writes them; JDK 17's Double.toString is not always.
            return Double.isFinite(number) ? NumberOutput.toString(number, true) : nonFinite(number);
        }
        if (value instanceof Float number) {
            return text(widen(number));
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof Geometry geometry) {
            return geometry.toWkt();
        }
        if (value instanceof Long || value instanceof Boolean || value instanceof Integer) {
            return value.toString();
        }
        char[] buffer = new char[40];
        int length = formatTime(value, buffer);
        return length >= 0 ? new String(buffer, 0, length) : null;
    }

    /**
     * Formats a date or time as ISO-8601 into the buffer and returns the length, or -1 when the value is not one.
     * Written by hand because {@link DateTimeFormatter} costs several times more per value, which shows at
     * millions of rows; years outside 0–9999 fall back to it.
     */
    static int formatTime(Object value, char[] buffer) {
        String special = special(value);
        if (special != null) {
            return copy(special, buffer);
        }
        if (value instanceof OffsetDateTime timestamp) {
            if (timestamp.getYear() < 0 || timestamp.getYear() > 9999) {
                return copy(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(timestamp), buffer);
            }
            int length = date(timestamp.toLocalDate(), buffer, 0);
            buffer[length++] = 'T';
            length = time(timestamp.toLocalTime(), buffer, length);
            if (timestamp.getOffset().equals(ZoneOffset.UTC)) {
                buffer[length++] = 'Z';
                return length;
            }
            String offset = timestamp.getOffset().getId();
            offset.getChars(0, offset.length(), buffer, length);
            return length + offset.length();
        }
        if (value instanceof LocalDateTime timestamp) {
            if (timestamp.getYear() < 0 || timestamp.getYear() > 9999) {
                return copy(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(timestamp), buffer);
            }
            int length = date(timestamp.toLocalDate(), buffer, 0);
            buffer[length++] = 'T';
            return time(timestamp.toLocalTime(), buffer, length);
        }
        if (value instanceof LocalDate date) {
            return date.getYear() < 0 || date.getYear() > 9999 ? copy(date.toString(), buffer) : date(date, buffer, 0);
        }
        if (value instanceof LocalTime time) {
            return time(time, buffer, 0);
        }
        return -1;
    }

    /** PostgreSQL's infinities and time 24:00, spelled as {@code to_json} spells them; null for any other value. */
    private static @Nullable String special(Object value) {
        if (value instanceof LocalTime time) {
            return time.equals(LocalTime.MAX) ? "24:00:00" : null;
        }
        Object local = value instanceof OffsetDateTime timestamp ? timestamp.toLocalDateTime() : value;
        if (local.equals(LocalDate.MAX) || local.equals(LocalDateTime.MAX)) {
            return "infinity";
        }
        if (local.equals(LocalDate.MIN) || local.equals(LocalDateTime.MIN)) {
            return "-infinity";
        }
        return null;
    }

    private static int date(LocalDate date, char[] buffer, int start) {
        int length = digits(date.getYear(), 4, buffer, start);
        buffer[length++] = '-';
        length = digits(date.getMonthValue(), 2, buffer, length);
        buffer[length++] = '-';
        return digits(date.getDayOfMonth(), 2, buffer, length);
    }

    private static int time(LocalTime time, char[] buffer, int start) {
        int length = digits(time.getHour(), 2, buffer, start);
        buffer[length++] = ':';
        length = digits(time.getMinute(), 2, buffer, length);
        buffer[length++] = ':';
        length = digits(time.getSecond(), 2, buffer, length);
        int nanos = time.getNano();
        if (nanos == 0) {
            return length;
        }
        buffer[length++] = '.';
        if (nanos % 1_000_000 == 0) {
            return digits(nanos / 1_000_000, 3, buffer, length);
        }
        if (nanos % 1_000 == 0) {
            return digits(nanos / 1_000, 6, buffer, length);
        }
        return digits(nanos, 9, buffer, length);
    }

    private static int digits(int value, int width, char[] buffer, int start) {
        int remaining = value;
        for (int index = start + width - 1; index >= start; index--) {
            buffer[index] = (char) ('0' + remaining % 10);
            remaining /= 10;
        }
        return start + width;
    }

    private static int copy(String text, char[] buffer) {
        text.getChars(0, text.length(), buffer, 0);
        return text.length();
    }
}
