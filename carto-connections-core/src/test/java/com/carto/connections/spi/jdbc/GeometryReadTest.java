package com.carto.connections.spi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.query.Geometry;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.testing.PostgresFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every geometry encoding of the read hook, decoded from what PostGIS itself writes for the same geometries and
 * compared byte for byte with PostGIS's own ISO WKB ({@code ST_AsBinary}) and SRID ({@code ST_SRID}).
 */
class GeometryReadTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    /** Geometries every encoding carries: Z and M, empty ones, nested members, several SRIDs, and a null. */
    private static final List<String> SHAPES = List.of(
            "SRID=4326;POINT(1.5 2.5)",
            "SRID=4326;POINT(-122.35 47.62)",
            "SRID=3857;POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 3 2, 3 3, 2 2))",
            "SRID=4326;POINT Z (1 2 3)",
            "SRID=4326;POINT M (1 2 4)",
            "SRID=4326;LINESTRING ZM (1 2 3 4, 5 6 7 8)",
            "MULTIPOLYGON Z (((0 0 1, 1 0 1, 1 1 1, 0 0 1)))",
            "SRID=4326;MULTIPOINT M ((1 2 3), (4 5 6))",
            "SRID=4326;MULTILINESTRING((0 0, 1 1), (2 2, 3 3))",
            "SRID=4326;GEOMETRYCOLLECTION(POINT(1 2), LINESTRING(0 0, 1 1))",
            "SRID=4326;GEOMETRYCOLLECTION(POINT EMPTY, POINT(1 2))",
            "POINT EMPTY",
            "SRID=4326;POLYGON EMPTY",
            "GEOMETRYCOLLECTION EMPTY");

    /** Curve and surface types JTS cannot represent: only the binary encodings carry them. */
    private static final List<String> CURVES = List.of(
            "SRID=4326;CIRCULARSTRING Z (0 0 1, 1 1 1, 2 0 1)",
            "CURVEPOLYGON(CIRCULARSTRING(0 0, 4 0, 4 4, 0 4, 0 0))",
            "COMPOUNDCURVE M (CIRCULARSTRING M (0 0 1, 1 1 2, 1 0 3), (1 0 3, 0 1 4))",
            "MULTICURVE((0 0, 5 5), CIRCULARSTRING(4 0, 4 4, 8 4))",
            "MULTISURFACE(CURVEPOLYGON(CIRCULARSTRING(0 0, 4 0, 4 4, 0 4, 0 0)))",
            "POLYHEDRALSURFACE Z (((0 0 0, 0 1 0, 1 1 0, 0 0 0)))",
            "SRID=3857;TIN Z (((0 0 0, 0 0 1, 0 1 0, 0 0 0)))",
            "TRIANGLE ((0 0, 0 9, 9 0, 0 0))");

    private static String database;

    @BeforeAll
    static void createTables() {
        database = POSTGRES.createDatabase("geometry_reads", true);
        StringBuilder sql = new StringBuilder("create table shapes (id int primary key, g geometry);"
                + " create table curves (id int primary key, g geometry);"
                + " create table places (id int primary key, g geography(Point, 4326));"
                + " insert into places values (1, 'SRID=4326;POINT(-3.7 40.4)');");
        for (int index = 0; index < SHAPES.size(); index++) {
            sql.append(" insert into shapes values (")
                    .append(index + 1)
                    .append(", '")
                    .append(SHAPES.get(index))
                    .append("');");
        }
        sql.append(" insert into shapes values (").append(SHAPES.size() + 1).append(", null);");
        for (int index = 0; index < CURVES.size(); index++) {
            sql.append(" insert into curves values (")
                    .append(index + 1)
                    .append(", '")
                    .append(CURVES.get(index))
                    .append("');");
        }
        POSTGRES.psql(database, sql.toString());
    }

    static Stream<Arguments> encodings() {
        return Stream.of(
                Arguments.of("EWKB", read((column, type) -> GeometryRead.ewkb("ST_AsEWKB(" + column + ")"))),
                Arguments.of(
                        "WKB beside ST_SRID",
                        read((column, type) -> GeometryRead.wkb("ST_AsBinary(" + column + ")")
                                .withSridFrom("ST_SRID(" + column + ")"))),
                Arguments.of(
                        "WKT beside ST_SRID",
                        read((column, type) ->
                                GeometryRead.wkt("ST_AsText(" + column + ")").withSridFrom("ST_SRID(" + column + ")"))),
                // PostGIS's own EWKT implies Z and M from the number of ordinates; warehouses that write EWKT keep the
                // ISO keywords behind the SRID prefix, as this does.
                Arguments.of(
                        "extended WKT",
                        read((column, type) -> GeometryRead.wkt(
                                "'SRID=' || ST_SRID(" + column + ") || ';' || ST_AsText(" + column + ")"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void decodesWhatPostgisWritesIntoItsOwnIsoWkbAndSrid(
            String encoding, BiFunction<String, String, GeometryRead> reads) throws SQLException {
        assertThat(readThrough(reads, "shapes")).isEqualTo(expected("shapes", "g"));
    }

    @Test
    void decodesGeoJsonWithZButWithoutMWhichGeoJsonCannotCarry() throws SQLException {
        BiFunction<String, String, GeometryRead> reads = (column, type) ->
                GeometryRead.geoJson("ST_AsGeoJSON(" + column + ")").withSridFrom("ST_SRID(" + column + ")");
        assertThat(readThrough(reads, "shapes"))
                .isEqualTo(expected(
                        "shapes", "case when ST_Zmflag(g) in (2, 3) then ST_Force3DZ(g) else ST_Force2D(g) end"));
    }

    @Test
    void takesTheSridOfAGeoJsonCrsMemberOverEverythingElse() throws SQLException {
        BiFunction<String, String, GeometryRead> reads = (column, type) ->
                GeometryRead.geoJson("ST_AsGeoJSON(" + column + ")").withSrid(4326);
        List<String> decoded = readThrough(reads, "shapes");
        // Row 3 is in EPSG:3857, which PostGIS names in a crs member; row 7 has no SRID and so takes the known one.
        assertThat(decoded.get(2)).startsWith("3 3857 ");
        assertThat(decoded.get(6)).startsWith("7 4326 ");
    }

    @Test
    void keepsCurvesZAndMOfExtendedWkbByteForByte() throws SQLException {
        assertThat(readThrough((column, type) -> GeometryRead.ewkb("ST_AsEWKB(" + column + ")"), "curves"))
                .isEqualTo(expected("curves", "g"));
    }

    @Test
    void takesTheSridOfTheTypeWhenTheEncodingCarriesNone() throws SQLException {
        BiFunction<String, String, GeometryRead> reads = (column, type) ->
                GeometryRead.wkb("ST_AsBinary(" + column + ")").withSrid(4326);
        assertThat(readThrough(reads, "places")).isEqualTo(expected("places", "g::geometry"));
    }

    @Test
    void wrapsNothingWhenEveryColumnIsReadAsItIs() {
        BiFunction<String, String, GeometryRead> reads = (column, type) -> GeometryRead.wkt(column);
        WarehouseClient client = new FixtureProvider(
                        new FixtureProvider.ReadingDialect(reads),
                        FixtureProvider.ALL,
                        settings -> FixtureProvider.factory(settings, new org.postgresql.Driver())
                                .credentials(CredentialSource.secret("password", settings.get(JdbcProperties.PASSWORD)))
                                .build())
                .open(POSTGRES, database);
        // A text column stands in for a warehouse whose driver hands geometry over as text by itself.
        try (client;
                QueryResult result = client.query(Query.sql("select ST_AsText(g) as g from shapes where id = 1")
                        .maxRows(5))) {
            assertThat(result.columns())
                    .extracting(column -> column.type())
                    .containsExactly(com.carto.connections.query.ColumnType.STRING);
            assertThat(result.next()).isTrue();
            assertThat(result.value(0)).isEqualTo("POINT(1.5 2.5)");
        }
    }

    /** Each row as "id srid wkb-hex" (or "id null"), read through the provider with the given geometry reads. */
    private static List<String> readThrough(BiFunction<String, String, GeometryRead> reads, String table) {
        FixtureProvider provider = new FixtureProvider(
                new FixtureProvider.ReadingDialect(reads),
                FixtureProvider.ALL,
                settings -> FixtureProvider.factory(settings, new org.postgresql.Driver())
                        .credentials(CredentialSource.secret("password", settings.get(JdbcProperties.PASSWORD)))
                        .build());
        List<String> rows = new ArrayList<>();
        try (WarehouseClient client = provider.open(POSTGRES, database);
                QueryResult result = client.query(Query.sql("select id, g from " + table + " order by id"))) {
            while (result.next()) {
                Geometry geometry = (Geometry) result.value(1);
                rows.add(result.longValue(0)
                        + (geometry == null
                                ? " null"
                                : " " + geometry.srid() + " " + HexFormat.of().formatHex(geometry.wkb())));
            }
        }
        return rows;
    }

    /** The same rows as PostGIS writes them itself: ST_AsBinary of {@code expression} (NDR) and ST_SRID. */
    private static List<String> expected(String table, String expression) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", POSTGRES.superuser());
        properties.setProperty("password", POSTGRES.superuserPassword());
        List<String> rows = new ArrayList<>();
        try (Connection connection = new org.postgresql.Driver().connect(POSTGRES.jdbcUrl(database), properties);
                Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery("select id, ST_AsBinary(" + expression
                        + ", 'NDR'), ST_SRID(g::geometry) from " + table + " order by id")) {
            while (resultSet.next()) {
                byte[] wkb = resultSet.getBytes(2);
                rows.add(resultSet.getLong(1)
                        + (wkb == null
                                ? " null"
                                : " " + resultSet.getInt(3) + " "
                                        + HexFormat.of().formatHex(wkb)));
            }
        }
        return rows;
    }

    private static BiFunction<String, String, GeometryRead> read(BiFunction<String, String, GeometryRead> reads) {
        return reads;
    }
}
