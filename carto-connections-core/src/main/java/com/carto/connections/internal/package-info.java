/**
 * Not API: the SDK's own machinery, which may change in any release. Types here are public only because the facade in
 * {@code com.carto.connections} uses them; applications and providers must not.
 *
 * <h2>Pools and limits</h2>
 *
 * <p>{@link com.carto.connections.internal.ClientCache} keeps one
 * {@link com.carto.connections.spi.WarehouseClient} (usually a pool) per {@link com.carto.connections.internal.ClientKey}
 * (connection id, connection version, identity), opened on its first lease and capped in number. Beyond the cap the
 * least recently leased client is evicted, preferring one with no lease out. A client that is evicted or
 * {@linkplain com.carto.connections.internal.ClientCache#retire(String) retired} leaves the cache at once, so the next
 * lease opens a fresh one, but is closed only when its last lease returns: a running query is never cut short by a
 * cache decision. Only {@link com.carto.connections.internal.ClientCache#close()} closes busy clients, cancelling what
 * runs on them.
 *
 * <p>Each connection (all its versions and identities together) runs at most {@code maxConcurrentQueries} leases at
 * once. A lease beyond that waits in a queue as long as the limit itself, in arrival order, for at most
 * {@link com.carto.connections.internal.ClientCacheOptions#maxQueueWait()}; a caller that finds the queue full is
 * rejected at once. Both rejections are {@code LIMIT_EXCEEDED}, not {@code TIMEOUT}: nothing ran on the warehouse, the
 * caller met the connection's concurrency limit, and {@code TIMEOUT} means a statement was cancelled. Memory stays
 * bounded because nothing but a counter grows with the callers turned away.
 *
 * <p>A lease holds its permit until it is closed; a lease turned into a streaming result by
 * {@link com.carto.connections.internal.ClientLease#query} holds it until the result is closed, drained or fails, so a
 * result being streamed counts as running. A result that nobody reads for
 * {@link com.carto.connections.internal.ClientCacheOptions#abandonedAfter()} (no {@code next()} call, and none in
 * progress) is closed by a sweep on the shared scheduler, which returns its connection and permit; reading it later
 * fails with {@code TIMEOUT} saying it was closed as abandoned.
 *
 * <h2>Credentials</h2>
 *
 * <p>{@link com.carto.connections.internal.CredentialResolver} is the only user of the
 * {@link com.carto.connections.internal.SecretCipher}. A lease reads the connection once, with the caller's own viewer
 * credentials when they use them ({@link com.carto.connections.store.ConnectionStore#findForUser}); the resolver turns
 * that read and the access reason into an {@link com.carto.connections.internal.Identity} (the cache key's and the
 * encryption binding's) and, only when a client opens, the decrypted settings. Each client gets a
 * {@link com.carto.connections.internal.ClientRotation}: refreshes of one connection and identity run one at a time
 * under a slot shared by every client and check of that pair, start from the newest value known, and save a rotated
 * secret with a compare-and-set on the stored ciphertext, so a concurrent update wins.
 *
 * <p>The cache starts no thread: its one periodic task runs on the scheduler it is given
 * ({@link com.carto.connections.spi.ProviderContext#scheduler()}). Idle pools already hold no socket (see
 * {@link com.carto.connections.spi.jdbc.JdbcWarehouseClient}).
 */
package com.carto.connections.internal;
