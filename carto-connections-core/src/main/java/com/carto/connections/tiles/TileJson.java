package com.carto.connections.tiles;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A source's <a href="https://github.com/mapbox/tilejson-spec/tree/master/3.0.0">TileJSON 3.0.0</a> document: where
 * its tiles are, their zoom levels, the bounds of its geometries, and its one vector layer with the type of each
 * property ({@code Number}, {@code Boolean} or {@code String}). The tile limits are added as {@code carto_limits},
 * since a map needs to know a tile may be cut short.
 *
 * @param tiles the tile addresses, each with {@code {z}}, {@code {x}} and {@code {y}}
 * @param bounds west, south, east, north in degrees
 * @param fields each property column and its type, in the source's order
 */
public record TileJson(
        List<String> tiles,
        int minZoom,
        int maxZoom,
        List<Double> bounds,
        String layerName,
        Map<String, String> fields,
        int maxFeaturesPerTile,
        int maxTileBytes) {
    public static final String VERSION = "3.0.0";
    private static final JsonFactory JSON = new JsonFactory();

    public TileJson {
        tiles = List.copyOf(tiles);
        bounds = List.copyOf(bounds);
        if (bounds.size() != 4) {
            throw new IllegalArgumentException("bounds are west, south, east and north");
        }
        requireNonNull(layerName, "layerName is null");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The document as JSON text. */
    public String toJson() {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("tilejson", VERSION);
            json.writeArrayFieldStart("tiles");
            for (String tile : tiles) {
                json.writeString(tile);
            }
            json.writeEndArray();
            json.writeNumberField("minzoom", minZoom);
            json.writeNumberField("maxzoom", maxZoom);
            json.writeArrayFieldStart("bounds");
            for (double bound : bounds) {
                json.writeNumber(bound);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("vector_layers");
            json.writeStartObject();
            json.writeStringField("id", layerName);
            json.writeObjectFieldStart("fields");
            for (Map.Entry<String, String> field : fields.entrySet()) {
                json.writeStringField(field.getKey(), field.getValue());
            }
            json.writeEndObject();
            json.writeNumberField("minzoom", minZoom);
            json.writeNumberField("maxzoom", maxZoom);
            json.writeEndObject();
            json.writeEndArray();
            json.writeObjectFieldStart("carto_limits");
            json.writeNumberField("max_features_per_tile", maxFeaturesPerTile);
            json.writeNumberField("max_tile_bytes", maxTileBytes);
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
