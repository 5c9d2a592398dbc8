package com.carto.connections.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application that registers PostgreSQL connections and serves a map layer from them as GeoJSON,
 * through the carto-connections starter, with the actuator's health and metrics. Run it with
 * {@code mvn -pl examples/spring-boot exec:java}; see the root README.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class MapLayersApplication {
    public static void main(String[] args) {
        SpringApplication.run(MapLayersApplication.class, args);
    }
}
