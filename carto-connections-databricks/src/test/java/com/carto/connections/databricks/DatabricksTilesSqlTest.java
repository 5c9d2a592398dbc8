package com.carto.connections.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.spi.TileQuery;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

/** The text of the Databricks tile filter: the bare column against a constant envelope in its SRID. */
class DatabricksTilesSqlTest {
    @Test
    void theFilterOfADegreesSourceIsTheTilesSquareInDegreesWithItsSrid() {
        assertThat(DatabricksDialect.INSTANCE.tileFilter(tile(4326)))
                .hasValue("st_intersects(`the geom`, st_geomfromtext('POLYGON((-180.0 10.0, 0.0 10.0, 0.0 85.0,"
                        + " -180.0 85.0, -180.0 10.0))', 4326))");
    }

    @Test
    void theFilterOfAWebMercatorSourceIsTheTilesSquareInMetres() {
        assertThat(DatabricksDialect.INSTANCE.tileFilter(tile(3857)))
                .hasValue("st_intersects(`the geom`, st_geomfromtext('POLYGON((-2.0E7 0.0, 0.0 0.0, 0.0 2.0E7,"
                        + " -2.0E7 2.0E7, -2.0E7 0.0))', 3857))");
    }

    @Test
    void anotherSridHasNoFilterAndNoExtent() {
        assertThat(DatabricksDialect.INSTANCE.tileFilter(tile(27700))).isEmpty();
        assertThat(DatabricksDialect.INSTANCE.tileGeometry(tile(27700))).isEmpty();
        assertThat(DatabricksDialect.INSTANCE.extentInDegrees("select 1", "`g`", 27700))
                .isEmpty();
    }

    private static TileQuery tile(int srid) {
        return new TileQuery(
                "select * from t",
                "`the geom`",
                null,
                List.of(),
                srid,
                1,
                0,
                0,
                4096,
                64,
                new Envelope(-2.0E7, 0, 0, 2.0E7),
                new Envelope(-180, 0, 10, 85),
                10,
                "default");
    }
}
