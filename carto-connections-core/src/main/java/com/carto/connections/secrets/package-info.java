/**
 * Secrets and the keys that encrypt them at rest: {@link com.carto.connections.secrets.Secret} (redacted
 * {@code toString}, one accessor, constant-time equality), {@link com.carto.connections.secrets.KeyRing} (from bytes, a
 * key file, the environment, or data keys wrapped by a {@link com.carto.connections.secrets.KeyEncryptionService}).
 * The cipher itself is not API: it lives in {@code internal}.
 */
@NullMarked
package com.carto.connections.secrets;

import org.jspecify.annotations.NullMarked;
