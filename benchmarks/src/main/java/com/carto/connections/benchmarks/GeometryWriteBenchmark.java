package com.carto.connections.benchmarks;

import com.carto.connections.query.Column;
import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Geometry;
import com.carto.connections.query.QueryResult;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH, no database: GeoJSON for in-memory geometries through the SDK's writer (WKB straight to the generator)
 * against WKB → JTS → the same generator, the client-side path DESIGN §9 quotes at ~1.4M features/s.
 * Run with {@code benchmarks/run jmh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GeometryWriteBenchmark {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();
    private static final List<Column> COLUMNS = List.of(new Column("geom", ColumnType.GEOMETRY, "geometry"));

    @Param({"point", "polygon"})
    public String shape;

    private List<List<Object>> rows;
    private byte[][] wkbs;

    @Setup
    public void createGeometries() {
        GeometryFactory factory = new GeometryFactory();
        rows = new java.util.ArrayList<>();
        wkbs = new byte[1000][];
        for (int index = 0; index < 1000; index++) {
            org.locationtech.jts.geom.Geometry geometry = shape.equals("point")
                    ? factory.createPoint(new Coordinate(-3.7 + index * 1e-4, 40.4 - index * 1e-4))
                    : factory.createPoint(new Coordinate(index, index)).buffer(10, 4);
            Geometry normalized = Geometry.ofJts(geometry, 4326);
            rows.add(List.of(normalized));
            wkbs[index] = normalized.wkb();
        }
    }

    @Benchmark
    public long sdkWriter() throws IOException {
        DiscardingOutputStream out = new DiscardingOutputStream();
        try (QueryResult result = new InMemoryResult(COLUMNS, rows)) {
            result.writeGeoJson(out);
        }
        return out.bytes();
    }

    @Benchmark
    public long wkbToJtsToGenerator() throws IOException, ParseException {
        DiscardingOutputStream out = new DiscardingOutputStream();
        WKBReader reader = new WKBReader();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("type", "FeatureCollection");
            json.writeArrayFieldStart("features");
            for (byte[] wkb : wkbs) {
                org.locationtech.jts.geom.Geometry geometry = reader.read(wkb);
                json.writeStartObject();
                json.writeStringField("type", "Feature");
                json.writeObjectFieldStart("geometry");
                json.writeStringField("type", geometry.getGeometryType());
                json.writeArrayFieldStart("coordinates");
                if (geometry instanceof org.locationtech.jts.geom.Point point) {
                    json.writeNumber(point.getX());
                    json.writeNumber(point.getY());
                } else {
                    org.locationtech.jts.geom.Polygon polygon = (org.locationtech.jts.geom.Polygon) geometry;
                    json.writeStartArray();
                    for (Coordinate coordinate : polygon.getExteriorRing().getCoordinates()) {
                        json.writeStartArray();
                        json.writeNumber(coordinate.x);
                        json.writeNumber(coordinate.y);
                        json.writeEndArray();
                    }
                    json.writeEndArray();
                }
                json.writeEndArray();
                json.writeEndObject();
                json.writeObjectFieldStart("properties");
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        return out.bytes();
    }
}
