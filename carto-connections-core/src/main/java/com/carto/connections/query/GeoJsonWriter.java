package com.carto.connections.query;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * Writes a result as a GeoJSON FeatureCollection: one Feature per row, its geometry from the chosen GEOMETRY
 * column (null geometry for SQL NULL), every other column a property. Coordinates are written from the WKB as
 * stored: GeoJSON (RFC 7946) means WGS 84 longitude/latitude, so select {@code ST_Transform(geom, 4326)} for a
 * geometry in another SRID; the SDK does not reproject.
 */
final class GeoJsonWriter {
    private static final SerializedString TYPE = new SerializedString("type");
    private static final SerializedString FEATURE = new SerializedString("Feature");
    private static final SerializedString GEOMETRY = new SerializedString("geometry");
    private static final SerializedString PROPERTIES = new SerializedString("properties");

    private GeoJsonWriter() {}

    static void write(QueryResult result, OutputStream out, Optional<String> geometryColumn) throws IOException {
        List<Column> columns = result.columns();
        int geometryIndex = geometryIndex(columns, geometryColumn);
        SerializedString[] names = RowObjects.names(columns);
        try (JsonGenerator generator = ResultValues.generator(out)) {
            ResultValues values = new ResultValues(generator);
            WkbGeoJson geometries = new WkbGeoJson(generator);
            OutputFlushes flushes = new OutputFlushes(generator);
            generator.writeStartObject();
            generator.writeStringField("type", "FeatureCollection");
            generator.writeArrayFieldStart("features");
            while (result.next()) {
                RowObjects.check(result, columns, "GeoJSON");
                generator.writeStartObject();
                generator.writeFieldName(TYPE);
                generator.writeString(FEATURE);
                generator.writeFieldName(GEOMETRY);
                if (result.value(geometryIndex) instanceof Geometry geometry) {
                    geometries.writeChecked(geometry);
                } else {
                    generator.writeNull();
                }
                generator.writeFieldName(PROPERTIES);
                RowObjects.write(generator, values, result, columns, names, geometryIndex);
                generator.writeEndObject();
                flushes.afterRow();
            }
            generator.writeEndArray();
            generator.writeEndObject();
            generator.flush();
        }
    }

    /** Checked before anything is written, so a wrong column name leaves the output untouched. */
    private static int geometryIndex(List<Column> columns, Optional<String> name) {
        for (int index = 0; index < columns.size(); index++) {
            Column column = columns.get(index);
            if (name.map(column.name()::equals).orElse(column.type() == ColumnType.GEOMETRY)) {
                if (column.type() != ColumnType.GEOMETRY) {
                    throw new ConnectionException(
                            ErrorCategory.INVALID_CONFIGURATION,
                            "geometryColumn " + column.name() + " is of type " + ResultValues.typeName(column.type())
                                    + ", not geometry");
                }
                return index;
            }
        }
        throw new ConnectionException(
                ErrorCategory.INVALID_CONFIGURATION,
                name.map(missing -> "geometryColumn " + missing + " is not a column of the result; its columns are "
                                + columns.stream().map(Column::name).toList())
                        .orElse("the result has no geometry column to write as GeoJSON"));
    }
}
