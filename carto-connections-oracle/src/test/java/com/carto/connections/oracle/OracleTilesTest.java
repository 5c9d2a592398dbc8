package com.carto.connections.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Catalog;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.Dialect.TileGeometrySql;
import com.carto.connections.spi.TileQuery;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.tiles.CellAggregate;
import com.carto.connections.tiles.TileCoordinates;
import com.carto.connections.tiles.TileSource;
import com.carto.connections.tiles.VectorTiles;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

/**
 * The SQL text of Oracle's tiles, as golden strings and parsed by JSqlParser (no Oracle runs here): the window in the
 * column's SRID, every number finite, names quoted, the column never transformed in the filter.
 */
class OracleTilesTest {
    private static final OracleDialect DIALECT = OracleDialect.INSTANCE;
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?(?:E-?\\d+)?");

    @Test
    void theWindowOfADegreesSourceIsAnOptimizedRectangleInDegreesWithSrid4326() throws JSQLParserException {
        String filter = DIALECT.tileFilter(tile(4326)).orElseThrow();

        assertThat(filter)
                .isEqualTo("SDO_FILTER(\"the geom; --\", SDO_GEOMETRY(2003, 4326, NULL, SDO_ELEM_INFO_ARRAY(1, 1003,"
                        + " 3), SDO_ORDINATE_ARRAY(-180.0, 10.0, 0.0, 85.0))) = 'TRUE'");
        assertParses(filter);
    }

    @Test
    void theWindowOfAWebMercatorSourceIsTheSquareInMetresWithSrid3857() throws JSQLParserException {
        String filter = DIALECT.tileFilter(tile(3857)).orElseThrow();

        assertThat(filter)
                .contains("SDO_GEOMETRY(2003, 3857, NULL, SDO_ELEM_INFO_ARRAY(1, 1003, 3),"
                        + " SDO_ORDINATE_ARRAY(-2.0E7, 0.0, 0.0, 2.0E7))");
        assertParses(filter);
    }

    @Test
    void theWindowOfAProjectedSourceIsACounterclockwiseCutSquareMovedIntoItsSrid() throws JSQLParserException {
        String filter = DIALECT.tileFilter(tile(27700)).orElseThrow();

        assertThat(filter)
                .startsWith("SDO_FILTER(\"the geom; --\", SDO_CS.TRANSFORM(SDO_GEOMETRY(2003, 3857, NULL,"
                        + " SDO_ELEM_INFO_ARRAY(1, 1003, 1), SDO_ORDINATE_ARRAY(")
                .endsWith("), 27700)) = 'TRUE'")
                .doesNotContain("TRANSFORM(\"the geom");
        String ordinates = filter.substring(filter.indexOf("SDO_ORDINATE_ARRAY(") + 19, filter.indexOf("))"));
        List<Double> values = numbers(ordinates);
        // Sixteen segments an edge, closed: 65 points; an exterior ring must run counterclockwise.
        assertThat(values).hasSize(130);
        assertThat(values.subList(0, 2)).isEqualTo(values.subList(128, 130));
        assertThat(signedArea(values)).isPositive();
        assertParses(filter);
    }

    @Test
    void everyNumberInTheSqlIsFiniteAndAnInfiniteEnvelopeIsRefused() {
        for (int srid : List.of(4326, 3857, 27700)) {
            String filter = DIALECT.tileFilter(tile(srid)).orElseThrow();
            assertThat(filter).doesNotContain("NaN", "Infinity");
            assertThat(numbers(filter)).allMatch(Double::isFinite);
        }
        TileQuery infinite = new TileQuery(
                "select * from t\n",
                DIALECT.quoteIdentifier("g"),
                null,
                List.of(),
                4326,
                0,
                0,
                0,
                4096,
                64,
                new Envelope(Double.NEGATIVE_INFINITY, 0, 0, 1),
                new Envelope(Double.NaN, 0, 0, 1),
                10,
                "default");
        assertThatIllegalArgumentException().isThrownBy(() -> DIALECT.tileFilter(infinite));
    }

    @Test
    void aProjectedSourceIsDrawnFromItsColumnMovedToWebMercator() {
        TileGeometrySql projected = DIALECT.tileGeometry(tile(27700)).orElseThrow();
        assertThat(projected.expression()).isEqualTo("SDO_CS.TRANSFORM(\"the geom; --\", 3857)");
        assertThat(projected.srid()).isEqualTo(3857);
        assertThat(DIALECT.tileGeometry(tile(4326)).orElseThrow().expression()).isEqualTo("\"the geom; --\"");
    }

    @Test
    void theClientPathsSelectAndTheExtentParseAsOracleSql() throws JSQLParserException {
        TileQuery tile = tile(27700);
        String select = "select " + DIALECT.tileGeometry(tile).orElseThrow().expression() + " as "
                + TileQuery.GEOMETRY_ALIAS + ", \"id\" as " + TileQuery.FEATURE_ID_ALIAS + " from (" + tile.source()
                + "\n) tile_source where " + DIALECT.tileFilter(tile).orElseThrow() + " order by \"id\"";
        assertParses(DIALECT.limit(select, 50_001));
        String extent = DIALECT.extentInDegrees("select * from \"places\"", "\"geom\"", 27700)
                .orElseThrow();
        assertThat(extent).contains("SDO_AGGR_MBR(SDO_CS.TRANSFORM(\"geom\", 4326))");
        assertParses(extent);
        assertThat(DIALECT.extentInDegrees("select * from \"places\"", "\"geom\"", 4326)
                        .orElseThrow())
                .contains("SDO_AGGR_MBR(\"geom\")");
    }

    @Test
    void aSpatialIndexTileGathersCellsWithBitandAndParsesAsOracleSql() throws JSQLParserException {
        TileSource cells = TileSource.spatialIndex(List.of("STATS", "CELLS"), "qb", TileSource.IndexType.QUADBIN, 12)
                .aggregates(CellAggregate.sum("people", "POP"), CellAggregate.count("cells"));

        String statement = recordedStatement(cells);

        assertThat(statement)
                .contains("BITAND(\"qb\", ")
                .contains("sum(\"POP\") as \"people\", count(*) as \"cells\"")
                .contains("from \"STATS\".\"CELLS\" where \"qb\" between ")
                .endsWith("fetch first 50001 rows only");
        assertParses(statement);
    }

    @Test
    void anH3TileGathersCellsWithBitandOverItsRunsAndParsesAsOracleSql() throws JSQLParserException {
        TileSource cells = TileSource.spatialIndex(List.of("STATS", "HEXAGONS"), "h3", TileSource.IndexType.H3, 8)
                .aggregates(CellAggregate.sum("people", "POP"), CellAggregate.count("cells"));

        String statement = recordedStatement(cells);

        assertThat(statement)
                .contains("BITAND(\"h3\", ")
                .contains("from \"STATS\".\"HEXAGONS\" where \"h3\" between ")
                .contains(" or \"h3\" between ")
                .endsWith("fetch first 50001 rows only");
        assertParses(statement);
    }

    /** The one statement a tile of the source sends, recorded instead of run. */
    private static String recordedStatement(TileSource cells) {
        List<String> statements = new ArrayList<>();
        WarehouseClient recording = new WarehouseClient() {
            @Override
            public CheckReport check(CheckOptions options) {
                throw new UnsupportedOperationException();
            }

            @Override
            public QueryResult query(Query query) {
                statements.add(query.sql());
                throw new ConnectionException(ErrorCategory.UNAVAILABLE, "recorded, not run");
            }

            @Override
            public long execute(Query statement) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Catalog catalog() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {}
        };
        assertThatThrownBy(() -> VectorTiles.tile(recording, DIALECT, cells, new TileCoordinates(6, 31, 23), null))
                .hasMessageContaining("recorded");
        assertThat(statements).hasSize(1);
        return statements.get(0);
    }

    @Test
    void noTileIsBuiltInTheDatabase() {
        assertThat(DIALECT.vectorTile(tile(4326))).isEmpty();
    }

    private static TileQuery tile(int srid) {
        return new TileQuery(
                "select * from \"places\"",
                DIALECT.quoteIdentifier("the geom; --"),
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

    private static List<Double> numbers(String sql) {
        List<Double> numbers = new ArrayList<>();
        Matcher matcher = NUMBER.matcher(sql);
        while (matcher.find()) {
            numbers.add(Double.parseDouble(matcher.group()));
        }
        return numbers;
    }

    private static double signedArea(List<Double> ordinates) {
        double area = 0;
        for (int index = 0; index + 3 < ordinates.size(); index += 2) {
            area += ordinates.get(index) * ordinates.get(index + 3)
                    - ordinates.get(index + 2) * ordinates.get(index + 1);
        }
        return area / 2;
    }

    private static void assertParses(String sql) throws JSQLParserException {
        String statement = sql.startsWith("select") ? sql : "select 1 from dual where " + sql;
        assertThat(CCJSqlParserUtil.parse(statement)).as(statement).isNotNull();
    }
}
