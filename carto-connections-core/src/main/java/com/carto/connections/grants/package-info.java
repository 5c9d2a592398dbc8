/**
 * Grants: public use of a private connection without its credentials. A member who may use a connection grants
 * exactly some of its sources (tables by their fully-qualified name, or named queries whose SQL stays on the server)
 * for some operations until an expiry; the SDK signs a compact token for the grant, and whoever holds the token may
 * run exactly those sources through {@link com.carto.connections.Connections#query(TokenCall)}, nothing else. See the
 * core README, "Grants and tokens", for the model and its security properties.
 */
@NullMarked
package com.carto.connections.grants;

import org.jspecify.annotations.NullMarked;
