/**
 * Who may do what: the acting {@link com.carto.connections.access.Principal} and its
 * {@link com.carto.connections.access.Role}, {@link com.carto.connections.access.Sharing} and the
 * {@link com.carto.connections.access.AccessReason} a principal sees a connection for, the organization's
 * {@link com.carto.connections.access.Governance} policy, and the {@link com.carto.connections.access.Dependent}s that
 * deleting or narrowing a connection would break. The decisions themselves are made by the facade.
 */
@NullMarked
package com.carto.connections.access;

import org.jspecify.annotations.NullMarked;
