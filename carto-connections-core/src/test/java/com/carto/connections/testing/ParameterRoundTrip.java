package com.carto.connections.testing;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Geometry;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One value of a Java type the SDK documents as a parameter, sent through {@code select ? as v}: the normalized type
 * the warehouse must report for the column and the value it must give back. Every documented type is here with its
 * edges (extremes, NaN and infinities, empty and non-ASCII text, empty and 3D geometry, SQL NULL).
 *
 * @param name how the case is reported, and how a provider names it among those its warehouse refuses
 */
record ParameterRoundTrip(
        String name,
        @Nullable Object value,
        ColumnType type,
        @Nullable Object expected) {
    private static final OffsetDateTime INSTANT_UTC =
            OffsetDateTime.of(2024, 2, 29, 12, 34, 56, 123_456_000, ZoneOffset.UTC);

    ParameterRoundTrip {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }

    /** Every documented parameter type with its edges, as the README's parameter table lists them. */
    static List<ParameterRoundTrip> all() {
        return List.of(
                of("String", "plain text", ColumnType.STRING, "plain text"),
                of("String empty", "", ColumnType.STRING, ""),
                of("String unicode", "héllo wörld ✓ 中文 𝄞", ColumnType.STRING, "héllo wörld ✓ 中文 𝄞"),
                of(
                        "String with quotes and backslashes",
                        "it's a \\ \"quote\"",
                        ColumnType.STRING,
                        "it's a \\ \"quote\""),
                of("Long", 5L, ColumnType.INTEGER, 5L),
                of("Long MIN_VALUE", Long.MIN_VALUE, ColumnType.INTEGER, Long.MIN_VALUE),
                of("Long MAX_VALUE", Long.MAX_VALUE, ColumnType.INTEGER, Long.MAX_VALUE),
                of("Integer", 7, ColumnType.INTEGER, 7L),
                of("Integer MIN_VALUE", Integer.MIN_VALUE, ColumnType.INTEGER, (long) Integer.MIN_VALUE),
                of("Short", (short) -32768, ColumnType.INTEGER, -32768L),
                of("Byte", (byte) 127, ColumnType.INTEGER, 127L),
                of("Double", 1.5d, ColumnType.FLOAT, 1.5d),
                of("Double MAX_VALUE", Double.MAX_VALUE, ColumnType.FLOAT, Double.MAX_VALUE),
                of("Double NaN", Double.NaN, ColumnType.FLOAT, Double.NaN),
                of("Double +Infinity", Double.POSITIVE_INFINITY, ColumnType.FLOAT, Double.POSITIVE_INFINITY),
                of("Double -Infinity", Double.NEGATIVE_INFINITY, ColumnType.FLOAT, Double.NEGATIVE_INFINITY),
                // A float keeps its own shortest digits, 1.1, not the widened 1.100000023841858.
                of("Float", 1.1f, ColumnType.FLOAT, 1.1d),
                of("BigDecimal", new BigDecimal("12.345"), ColumnType.DECIMAL, new BigDecimal("12.345")),
                of(
                        "BigDecimal of 29 digits and 9 decimals",
                        new BigDecimal("-12345678901234567890.123456789"),
                        ColumnType.DECIMAL,
                        new BigDecimal("-12345678901234567890.123456789")),
                of("Boolean true", true, ColumnType.BOOLEAN, true),
                of("Boolean false", false, ColumnType.BOOLEAN, false),
                of("byte[]", new byte[] {0, 1, 127, -128, -1}, ColumnType.BYTES, new byte[] {0, 1, 127, -128, -1}),
                of("byte[] empty", new byte[0], ColumnType.BYTES, new byte[0]),
                of("LocalDate", LocalDate.of(2024, 2, 29), ColumnType.DATE, LocalDate.of(2024, 2, 29)),
                of("LocalDate first day of year 1", LocalDate.of(1, 1, 1), ColumnType.DATE, LocalDate.of(1, 1, 1)),
                of(
                        "LocalDate last day of year 9999",
                        LocalDate.of(9999, 12, 31),
                        ColumnType.DATE,
                        LocalDate.of(9999, 12, 31)),
                of(
                        "LocalTime",
                        LocalTime.of(23, 59, 59, 999_999_000),
                        ColumnType.TIME,
                        LocalTime.of(23, 59, 59, 999_999_000)),
                of("LocalTime midnight", LocalTime.MIDNIGHT, ColumnType.TIME, LocalTime.MIDNIGHT),
                of(
                        "LocalDateTime",
                        LocalDateTime.of(2024, 2, 29, 12, 34, 56, 123_456_000),
                        ColumnType.TIMESTAMP,
                        LocalDateTime.of(2024, 2, 29, 12, 34, 56, 123_456_000)),
                of(
                        "Instant",
                        Instant.parse("2024-02-29T12:34:56.123456Z"),
                        ColumnType.TIMESTAMP_WITH_TIME_ZONE,
                        INSTANT_UTC),
                of(
                        "OffsetDateTime",
                        INSTANT_UTC.withOffsetSameInstant(ZoneOffset.ofHoursMinutes(5, 30)),
                        ColumnType.TIMESTAMP_WITH_TIME_ZONE,
                        INSTANT_UTC),
                of(
                        "ZonedDateTime",
                        INSTANT_UTC.atZoneSameInstant(ZoneId.of("America/Los_Angeles")),
                        ColumnType.TIMESTAMP_WITH_TIME_ZONE,
                        INSTANT_UTC),
                of(
                        "Geometry point",
                        Geometry.ofWkt("POINT(1.5 2.5)", 4326),
                        ColumnType.GEOMETRY,
                        Geometry.ofWkt("POINT(1.5 2.5)", 4326)),
                of(
                        "Geometry polygon with a hole",
                        Geometry.ofWkt("POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,2 4,4 4,4 2,2 2))", 4326),
                        ColumnType.GEOMETRY,
                        Geometry.ofWkt("POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,2 4,4 4,4 2,2 2))", 4326)),
                of(
                        "Geometry empty",
                        Geometry.ofWkt("GEOMETRYCOLLECTION EMPTY", 4326),
                        ColumnType.GEOMETRY,
                        Geometry.ofWkt("GEOMETRYCOLLECTION EMPTY", 4326)),
                of(
                        "Geometry 3D point",
                        Geometry.ofWkt("POINT Z (1 2 3)", 4326),
                        ColumnType.GEOMETRY,
                        Geometry.ofWkt("POINT Z (1 2 3)", 4326)),
                // A null has no Java type to go by: it binds as an untyped NULL, which the warehouses type as text.
                of("null", null, ColumnType.STRING, null));
    }

    private static ParameterRoundTrip of(
            String name, @Nullable Object value, ColumnType type, @Nullable Object expected) {
        return new ParameterRoundTrip(name, value, type, expected);
    }

    /** Asserts that the value read back is the one sent, compared as its type compares. */
    void assertReadBack(@Nullable Object actual) {
        if (expected instanceof BigDecimal decimal) {
            assertThat(actual).isInstanceOf(BigDecimal.class);
            assertThat((BigDecimal) actual).isEqualByComparingTo(decimal);
        } else if (expected instanceof Geometry geometry) {
            // Compared as text and SRID: warehouses write WKB in either byte order.
            assertThat(actual).isInstanceOf(Geometry.class);
            assertThat(((Geometry) actual).toWkt()).isEqualTo(geometry.toWkt());
            assertThat(((Geometry) actual).srid()).isEqualTo(geometry.srid());
        } else {
            assertThat(actual).isEqualTo(expected);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
