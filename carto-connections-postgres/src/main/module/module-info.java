/** The Postgres provider of carto-connections: registered for ServiceLoader, nothing else exported. */
module com.carto.connections.postgres {
    requires com.carto.connections;
    requires org.postgresql.jdbc;

    provides com.carto.connections.spi.ConnectionProvider with
            com.carto.connections.postgres.PostgresProvider;
}
