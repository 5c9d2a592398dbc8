/** The Redshift provider of carto-connections: registered for ServiceLoader, nothing else exported. */
module com.carto.connections.redshift {
    requires com.carto.connections;
    requires com.amazon.redshift.jdbc;

    provides com.carto.connections.spi.ConnectionProvider with
            com.carto.connections.redshift.RedshiftProvider;
}
