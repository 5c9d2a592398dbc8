package com.carto.connections.bigquery;

import java.sql.SQLException;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * GoogleSQL functions the fake's H2 lacks, as Java aliases. Public only because H2 calls aliases by reflection
 * from its own package.
 */
public final class FakeBigQueryFunctions {
    private static final GeometryFactory WGS84 = new GeometryFactory(new PrecisionModel(), 4326);

    private FakeBigQueryFunctions() {}

    public static Geometry geogPoint(double longitude, double latitude) {
        return WGS84.createPoint(new Coordinate(longitude, latitude));
    }

    public static Geometry geogFromText(String wkt) throws ParseException {
        return new WKTReader(WGS84).read(wkt);
    }

    /** Sleeps in the job's thread; cancelling the job interrupts it. */
    public static int sleep(int seconds) throws SQLException {
        try {
            Thread.sleep(seconds * 1000L);
            return seconds;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Job execution was cancelled: User requested cancellation", "57014", 57014);
        }
    }
}
