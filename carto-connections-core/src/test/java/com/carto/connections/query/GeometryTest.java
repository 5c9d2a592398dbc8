package com.carto.connections.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class GeometryTest {
    // PostGIS: select ST_AsEWKB('SRID=4326;POINT(1.5 2.5)'::geometry)
    private static final byte[] POINT_EWKB_4326 =
            HexFormat.of().parseHex("0101000020E6100000000000000000F83F0000000000000440");
    private static final byte[] POINT_WKB = HexFormat.of().parseHex("0101000000000000000000F83F0000000000000440");

    @Test
    void readsTheSridFromExtendedWkbAndDropsItFromTheWkb() {
        Geometry geometry = Geometry.ofEwkb(POINT_EWKB_4326);
        assertThat(geometry.srid()).isEqualTo(4326);
        assertThat(geometry.wkb()).isEqualTo(POINT_WKB);
    }

    @Test
    void readsExtendedWkbWithoutSridAsUnknownSrid() {
        Geometry geometry = Geometry.ofEwkb(POINT_WKB);
        assertThat(geometry.srid()).isEqualTo(Geometry.UNKNOWN_SRID);
        assertThat(geometry.toWkt()).isEqualTo("POINT(1.5 2.5)");
    }

    @Test
    void readsBigEndianExtendedWkb() {
        // select ST_AsEWKB('SRID=3857;POINT(1 2)'::geometry, 'XDR')
        Geometry geometry =
                Geometry.ofEwkb(HexFormat.of().parseHex("002000000100000F113FF00000000000004000000000000000"));
        assertThat(geometry.srid()).isEqualTo(3857);
        assertThat(geometry.toWkt()).isEqualTo("POINT(1 2)");
    }

    @Test
    void keepsZCoordinatesOfExtendedWkb() {
        // select ST_AsEWKB('SRID=4326;POINT(1 2 3)'::geometry)
        Geometry geometry = Geometry.ofEwkb(
                HexFormat.of().parseHex("01010000A0E6100000000000000000F03F00000000000000400000000000000840"));
        assertThat(geometry.srid()).isEqualTo(4326);
        assertThat(geometry.toJts().getCoordinate().getZ()).isEqualTo(3.0);
    }

    @Test
    void parsesWellKnownText() {
        Geometry geometry = Geometry.ofWkt("POLYGON ((0 0, 1 0, 1 1, 0 0))", 4326);
        assertThat(geometry.toJts().getArea()).isEqualTo(0.5);
        assertThat(geometry.srid()).isEqualTo(4326);
    }

    @Test
    void wkbAndWktAgreeOnTheSameGeometry() {
        assertThat(Geometry.ofWkt("POINT (1.5 2.5)", 4326)).isEqualTo(Geometry.ofEwkb(POINT_EWKB_4326));
    }

    @Test
    void copiesTheWkbInAndOut() {
        byte[] wkb = POINT_WKB.clone();
        Geometry geometry = Geometry.ofWkb(wkb, 0);
        wkb[1] = 9;
        geometry.wkb()[1] = 9;
        assertThat(geometry.wkb()).isEqualTo(POINT_WKB);
    }

    @Test
    void rejectsTextThatIsNotWkt() {
        assertThatThrownBy(() -> Geometry.ofWkt("PINT (1 2)", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsTruncatedWkb() {
        assertThatThrownBy(() -> Geometry.ofEwkb(new byte[] {1, 1})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsMeasuresOfWellKnownTextAsIsoWkb() {
        // PostGIS: select ST_AsBinary('POINT M (1 2 4)'::geometry)
        assertThat(HexFormat.of().formatHex(Geometry.ofWkt("POINT M (1 2 4)", 0).wkb()))
                .isEqualTo("01d1070000000000000000f03f00000000000000400000000000001040");
    }

    @Test
    void writesZOfExtendedWkbAsTheIsoTypeOffset() {
        // select ST_AsEWKB('SRID=4326;POINT(1 2 3)'::geometry), then ST_AsBinary of the same
        Geometry geometry = Geometry.ofEwkb(
                HexFormat.of().parseHex("01010000A0E6100000000000000000F03F00000000000000400000000000000840"));
        assertThat(HexFormat.of().formatHex(geometry.wkb()))
                .isEqualTo("01e9030000000000000000f03f00000000000000400000000000000840");
    }

    @Test
    void rejectsExtendedWkbThatDeclaresMoreThanItHolds() {
        // A Z linestring (with its SRID) that claims a billion points and holds none.
        byte[] lying = HexFormat.of().parseHex("01020000A0E610000000CA9A3B");
        assertThatThrownBy(() -> Geometry.ofEwkb(lying))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EWKB");
    }

    @Test
    void rejectsExtendedWkbNestedDeeperThanAnyRealGeometry() {
        // Z collections of one Z collection each, 40 deep.
        byte[] header = HexFormat.of().parseHex("010700008001000000");
        byte[] nested = new byte[header.length * 40];
        for (int level = 0; level < 40; level++) {
            System.arraycopy(header, 0, nested, level * header.length, header.length);
        }
        assertThatThrownBy(() -> Geometry.ofEwkb(nested))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deeper");
    }

    @Test
    void readsGeoJsonWithTheSridOfItsCrsMember() {
        Geometry geometry = Geometry.ofGeoJson(
                "{\"type\":\"Point\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:3857\"}},\"coordinates\":[1.5,2.5]}",
                4326);
        assertThat(geometry.srid()).isEqualTo(3857);
        assertThat(geometry.wkb()).isEqualTo(POINT_WKB);
    }

    @Test
    void readsGeoJsonMembersInAnyOrderWithTheGivenSrid() {
        // As Snowflake writes a GEOGRAPHY: coordinates before type.
        Geometry geometry = Geometry.ofGeoJson("{\"coordinates\":[1.5,2.5],\"type\":\"Point\"}", 4326);
        assertThat(geometry).isEqualTo(Geometry.ofWkb(POINT_WKB, 4326));
    }

    @Test
    void rejectsGeoJsonThatIsNotAGeometryWithoutEchoingMuchOfIt() {
        String feature =
                "{\"type\":\"Feature\",\"geometry\":null,\"properties\":{\"note\":\"" + "x".repeat(200) + "\"}}";
        assertThatThrownBy(() -> Geometry.ofGeoJson(feature, 4326))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a GeoJSON geometry")
                .hasMessageNotContaining("x".repeat(50));
        assertThatThrownBy(() -> Geometry.ofGeoJson("{\"type\":\"Point\",\"coordinates\":[\"1\",2]}", 4326))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("position");
        assertThatThrownBy(() -> Geometry.ofGeoJson("[1, 2]", 4326)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesExtendedWkbWithTheSridInTheOuterHeaderAsPostgisDoes() {
        assertThat(Geometry.ofEwkb(POINT_EWKB_4326).ewkb()).isEqualTo(POINT_EWKB_4326);
    }

    @Test
    void writesExtendedWkbWithoutAnUnknownSrid() {
        assertThat(Geometry.ofWkb(POINT_WKB, Geometry.UNKNOWN_SRID).ewkb()).isEqualTo(POINT_WKB);
    }

    @Test
    void writesZAndMAsExtendedWkbFlagsInEveryHeader() {
        // PostGIS flags each header: 0x80000000 Z, 0x40000000 M; the outer one 0x20000000 and the SRID after it.
        Geometry geometry = Geometry.ofWkt("MULTIPOINT ZM ((1 2 3 4))", 3857);
        byte[] ewkb = geometry.ewkb();
        assertThat(HexFormat.of().withUpperCase().formatHex(ewkb))
                .isEqualTo(
                        HexFormat.of().withUpperCase().formatHex(geometry.wkb(), 0, 1)
                                + (ewkb[0] == 1
                                        ? "040000E0110F00000100000001010000C0000000000000F03F000000000000004000000000000008400000000000001040"
                                        : "E000000400000F110000000100C00000013FF0000000000000400000000000000040080000000000004010000000000000"));
        assertThat(Geometry.ofEwkb(ewkb)).isEqualTo(geometry);
    }

    @Test
    void writesAnEmptyGeometryAsExtendedWkb() {
        Geometry empty = Geometry.ofWkt("GEOMETRYCOLLECTION EMPTY", 4326);
        assertThat(Geometry.ofEwkb(empty.ewkb())).isEqualTo(empty);
    }
}
