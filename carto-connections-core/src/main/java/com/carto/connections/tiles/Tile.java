package com.carto.connections.tiles;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.HexFormat;

/**
 * One vector tile as a map's backend answers it: the MVT bytes, an entity tag, how long it may be kept, and whether it
 * was cut short. {@link Status} tells the three answers apart, the way HTTP's 200, 204 and 304 do.
 */
public final class Tile {
    /** What the tile is. */
    public enum Status {
        /** The tile has features: {@link #bytes()} is an MVT ({@code application/vnd.mapbox-vector-tile}). */
        CONTENT,
        /** Nothing of the source is on the tile: no bytes, nothing to draw. */
        NO_CONTENT,
        /** The caller's entity tag matches the tile's: it already holds these bytes, which are not sent again. */
        NOT_MODIFIED
    }

    /** Where the tile's bytes were encoded. */
    public enum Encoder {
        /** By the warehouse itself (PostGIS's {@code ST_AsMVT}). */
        WAREHOUSE,
        /** By the SDK, from the rows the warehouse found on the tile. */
        CLIENT
    }

    /** Why a tile holds fewer features than its source has there. */
    public enum Truncation {
        NONE,
        /** The source's {@code maxFeatures} was reached. */
        MAX_FEATURES,
        /** The source's {@code maxBytes} was reached. */
        MAX_BYTES
    }

    private final Status status;
    private final byte[] bytes;
    private final String etag;
    private final int featureCount;
    private final Truncation truncation;
    private final Encoder encoder;
    private final Duration maxAge;

    Tile(
            Status status,
            byte[] bytes,
            String etag,
            int featureCount,
            Truncation truncation,
            Encoder encoder,
            Duration maxAge) {
        this.status = requireNonNull(status, "status is null");
        this.bytes = requireNonNull(bytes, "bytes is null");
        this.etag = requireNonNull(etag, "etag is null");
        this.featureCount = featureCount;
        this.truncation = requireNonNull(truncation, "truncation is null");
        this.encoder = requireNonNull(encoder, "encoder is null");
        this.maxAge = requireNonNull(maxAge, "maxAge is null");
    }

    public Status status() {
        return status;
    }

    /** The MVT bytes; empty unless the status is {@link Status#CONTENT}. A copy. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The number of MVT bytes, without copying them. */
    public int size() {
        return bytes.length;
    }

    /**
     * A strong entity tag, quoted as HTTP's {@code ETag} header wants it: the same for the same bytes, whoever asked and
     * however the tile was encoded.
     */
    public String etag() {
        return etag;
    }

    /** The features in the tile; 0 when there is no content, and unknown (−1) when not modified. */
    public int featureCount() {
        return featureCount;
    }

    public Truncation truncation() {
        return truncation;
    }

    public boolean isTruncated() {
        return truncation != Truncation.NONE;
    }

    public Encoder encoder() {
        return encoder;
    }

    /** How long a caller may keep the tile before asking again: {@code Cache-Control: private, max-age=…}. */
    public Duration maxAge() {
        return maxAge;
    }

    /** The {@code Cache-Control} header for this tile: private, since each principal reads with their own access. */
    public String cacheControl() {
        return "private, max-age=" + maxAge.toSeconds();
    }

    @Override
    public String toString() {
        return "Tile[" + status + ", " + bytes.length + " bytes, " + featureCount + " features, " + truncation + ", "
                + encoder + ", etag " + etag + "]";
    }

    static String etagOf(byte[] bytes, java.security.MessageDigest sha256) {
        byte[] digest = sha256.digest(bytes);
        return '"' + HexFormat.of().formatHex(digest, 0, 16) + '"';
    }
}
