/** The Oracle provider of carto-connections: registered for ServiceLoader, nothing else exported. */
module com.carto.connections.oracle {
    requires com.carto.connections;
    requires com.oracle.database.jdbc;
    requires org.slf4j;

    provides com.carto.connections.spi.ConnectionProvider with
            com.carto.connections.oracle.OracleProvider;
}
