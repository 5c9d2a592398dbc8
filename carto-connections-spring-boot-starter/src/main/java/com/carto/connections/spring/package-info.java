/**
 * Spring Boot auto-configuration for carto-connections: a {@link com.carto.connections.Connections} bean from the
 * {@code carto.connections.*} properties, a health indicator that reaches the store only, a shutdown that drains
 * running queries, and meters when Micrometer is present. See the module README for every property.
 */
@NullMarked
package com.carto.connections.spring;

import org.jspecify.annotations.NullMarked;
