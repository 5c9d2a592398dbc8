/**
 * The Snowflake provider of carto-connections: registered for ServiceLoader, nothing else exported. snowflake-jdbc
 * declares no module name, so {@code snowflake.jdbc} is the name the JDK derives from its jar's file name (see the
 * root README, "On the module path").
 */
module com.carto.connections.snowflake {
    requires com.carto.connections;
    requires com.fasterxml.jackson.databind;
    requires java.net.http;
    requires snowflake.jdbc;

    provides com.carto.connections.spi.ConnectionProvider with
            com.carto.connections.snowflake.SnowflakeProvider;
}
