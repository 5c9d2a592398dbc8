/** A runnable Spring Boot application on the carto-connections starter. */
@NullMarked
package com.carto.connections.examples.spring;

import org.jspecify.annotations.NullMarked;
