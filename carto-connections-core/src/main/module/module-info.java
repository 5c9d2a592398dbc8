/**
 * The carto-connections core: the {@code Connections} facade, the connection model, queries and their writers,
 * checks, secrets, the store, and the provider SPI with its JDBC base. Providers are found with {@code ServiceLoader};
 * {@code com.carto.connections.internal} is not exported.
 */
module com.carto.connections {
    exports com.carto.connections;
    exports com.carto.connections.access;
    exports com.carto.connections.check;
    exports com.carto.connections.error;
    exports com.carto.connections.grants;
    exports com.carto.connections.query;
    exports com.carto.connections.secrets;
    exports com.carto.connections.spi;
    exports com.carto.connections.spi.jdbc;
    exports com.carto.connections.store;
    exports com.carto.connections.tiles;

    // Types of these appear in the exported API: Connection and DataSource (spi.jdbc), JTS in Geometry.
    requires transitive java.sql;
    requires transitive org.locationtech.jts;
    requires transitive org.jspecify;
    requires org.slf4j;
    requires com.zaxxer.hikari;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    // The embedded store's JDBC driver, loaded by name through HikariCP.
    requires com.h2database;
    // Signs and verifies grant tokens (ES256 JWS).
    requires com.nimbusds.jose.jwt;
    // H3 spatial-index tiles only, and optional: com.uber:h3 has no module name of its own, so its jar's file name
    // gives it (h3). An application on the module path that draws H3 cells requires h3 or adds it (--add-modules h3).
    requires static h3;

    uses com.carto.connections.spi.ConnectionProvider;
}
