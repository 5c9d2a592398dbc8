/**
 * The Spring Boot starter of carto-connections: the auto-configuration and its {@code carto.connections.*} properties.
 * Spring's jars declare their module names ({@code spring.boot}, {@code spring.context}, …); Spring Boot's health
 * support, Micrometer and the meters module stay optional, as on the class path.
 */
module com.carto.connections.spring {
    exports com.carto.connections.spring;

    requires com.carto.connections;
    requires org.slf4j;
    requires spring.beans;
    requires spring.boot;
    requires spring.boot.autoconfigure;
    requires spring.context;
    // Named here for the opens below: Spring's reflection utilities make the configuration's members accessible.
    requires spring.core;
    requires static com.carto.connections.micrometer;
    requires static micrometer.core;
    requires static spring.boot.health;

    // Spring makes the package-private configuration classes and their @Bean methods accessible to call them.
    opens com.carto.connections.spring to
            spring.core;
}
