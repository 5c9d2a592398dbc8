package com.carto.connections.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.spi.TileQuery;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

/** The text of Redshift's tile filter: the column only ever inside a bounding-box function, never transformed. */
class RedshiftTilesSqlTest {
    @Test
    void theFilterOfAProjectedSourceMovesTheEnvelopeIntoTheColumnsSridAndNeverTheColumn() {
        String filter = RedshiftDialect.INSTANCE.tileFilter(tile(27700)).orElseThrow();

        assertThat(filter)
                .contains("ST_XMin(\"the geom\") <= ST_XMax(ST_Transform(ST_GeomFromText('POLYGON((")
                .contains("', 3857), 27700)")
                .doesNotContain("ST_Transform(\"the geom\"")
                .doesNotContain("NaN")
                .doesNotContain("Infinity");
        // Each edge cut into 16 segments, closed: 65 points.
        String polygon = filter.substring(filter.indexOf("POLYGON(("), filter.indexOf("))'"));
        assertThat(polygon.split(",")).hasSize(65);
    }

    @Test
    void theFilterOfADegreesSourceIsTheTilesBoxInDegrees() {
        String filter = RedshiftDialect.INSTANCE.tileFilter(tile(4326)).orElseThrow();

        assertThat(filter)
                .isEqualTo("(ST_XMin(\"the geom\") <= 0.0 and ST_XMax(\"the geom\") >= -180.0 and ST_YMin(\"the geom\")"
                        + " <= 85.0 and ST_YMax(\"the geom\") >= 10.0)");
    }

    @Test
    void aProjectedSourceIsDrawnFromItsColumnMovedIntoWebMercator() {
        assertThat(RedshiftDialect.INSTANCE.tileGeometry(tile(27700)).orElseThrow())
                .satisfies(geometry -> {
                    assertThat(geometry.expression()).isEqualTo("ST_Transform(\"the geom\", 3857)");
                    assertThat(geometry.srid()).isEqualTo(3857);
                });
        assertThat(RedshiftDialect.INSTANCE
                        .tileGeometry(tile(4326))
                        .orElseThrow()
                        .expression())
                .isEqualTo("\"the geom\"");
    }

    private static TileQuery tile(int srid) {
        return new TileQuery(
                "select * from t",
                "\"the geom\"",
                null,
                List.of(),
                srid,
                1,
                0,
                0,
                4096,
                64,
                new Envelope(-20037508.3, 0, 0, 20037508.3),
                new Envelope(-180, 0, 10, 85),
                10,
                "default");
    }
}
