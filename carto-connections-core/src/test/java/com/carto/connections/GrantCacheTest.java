package com.carto.connections;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.access.Sharing;
import com.carto.connections.grants.Grant;
import com.carto.connections.grants.GrantOperation;
import com.carto.connections.grants.GrantSource;
import com.carto.connections.store.ConnectionStore;
import com.carto.connections.store.StoredConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The grant cache on a real embedded store: how long it keeps a grant, measured on its ticker alone, and that a read
 * racing a revocation on this instance cannot put the grant back as it was before the revocation. The race is played
 * step by step with latches, not timing.
 */
class GrantCacheTest {
    private static final Duration RECHECK = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @TempDir
    Path directory;

    private ConnectionStore store;
    private final AtomicLong ticks = new AtomicLong(123_456_789L);
    private final AtomicInteger reads = new AtomicInteger();
    private String grantId;

    @BeforeEach
    void open() {
        store = ConnectionStore.embedded(directory);
        store.insert(new StoredConnection(
                "c1",
                "org",
                "alice",
                "cached",
                "memory",
                "password",
                Map.of("host", "memory"),
                Map.of(),
                Map.of(),
                NOW,
                NOW,
                1,
                Sharing.PRIVATE));
        grantId = "g1";
        store.insertGrant(new Grant(
                grantId,
                "c1",
                "org",
                "alice",
                List.of(GrantSource.NamedQuery.of("one", "select 1")),
                Set.of(GrantOperation.QUERY),
                Set.of(),
                NOW,
                NOW.plus(Duration.ofDays(1)),
                Optional.empty()));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private GrantCache cache(Duration recheck) {
        return cache(recheck, id -> {
            reads.incrementAndGet();
            return store.findGrant(id);
        });
    }

    private GrantCache cache(Duration recheck, Function<String, Optional<Grant>> reader) {
        return new GrantCache(reader, store::findGrantAndActiveSigningKeys, ticks::get, recheck, 100);
    }

    private static boolean revoked(Optional<Grant> grant) {
        return grant.orElseThrow().revokedAt().isPresent();
    }

    @Test
    void aReadThatBeganBeforeARevocationDoesNotPutTheOldGrantBack() throws Exception {
        CountDownLatch readDone = new CountDownLatch(1);
        CountDownLatch revocationDone = new CountDownLatch(1);
        AtomicBoolean pauseNextRead = new AtomicBoolean(true);
        GrantCache cache = cache(RECHECK, id -> {
            Optional<Grant> grant = store.findGrant(id);
            if (pauseNextRead.getAndSet(false)) {
                // The row is read, not yet cached: the revocation happens now.
                readDone.countDown();
                await(revocationDone);
            }
            return grant;
        });
        CompletableFuture<Optional<Grant>> racing = CompletableFuture.supplyAsync(() -> cache.get(grantId));
        await(readDone);

        store.revokeGrant(grantId, NOW);
        cache.forget(grantId);
        revocationDone.countDown();

        assertThat(revoked(racing.get(30, TimeUnit.SECONDS))).isFalse();
        assertThat(revoked(cache.get(grantId))).isTrue();
    }

    @Test
    void aGrantIsReadOnceWithinTheRecheckIntervalOfTheTicker() {
        GrantCache cache = cache(RECHECK);

        cache.get(grantId);
        ticks.addAndGet(RECHECK.toNanos() - 1);
        cache.get(grantId);
        assertThat(reads).hasValue(1);

        ticks.incrementAndGet();
        cache.get(grantId);
        assertThat(reads).hasValue(2);
    }

    @Test
    void theRecheckIntervalHoldsAcrossTheTickersWrap() {
        ticks.set(Long.MAX_VALUE - RECHECK.toNanos() / 2);
        GrantCache cache = cache(RECHECK);

        cache.get(grantId);
        cache.get(grantId);
        assertThat(reads).hasValue(1);
        ticks.addAndGet(RECHECK.toNanos() - 1);
        cache.get(grantId);
        assertThat(reads).hasValue(1);

        ticks.incrementAndGet();
        cache.get(grantId);
        assertThat(reads).hasValue(2);
    }

    @Test
    void aGrantRevokedElsewhereIsSeenOnceTheIntervalHasPassed() {
        GrantCache cache = cache(RECHECK);
        cache.get(grantId);

        store.revokeGrant(grantId, NOW);

        assertThat(revoked(cache.get(grantId))).isFalse();
        ticks.addAndGet(RECHECK.toNanos());
        assertThat(revoked(cache.get(grantId))).isTrue();
    }

    @Test
    void aGrantReadWithTheSigningKeysIsKeptAsIfReadAlone() {
        GrantCache cache = cache(RECHECK);

        assertThat(cache.readWithSigningKeys(grantId).grant()).isPresent();
        cache.get(grantId);

        assertThat(reads).hasValue(0);
    }

    @Test
    void forgettingAGrantReadsItAgainAtOnce() {
        GrantCache cache = cache(RECHECK);
        cache.get(grantId);

        cache.forget(grantId);
        cache.get(grantId);

        assertThat(reads).hasValue(2);
    }

    @Test
    void aZeroIntervalReadsTheGrantOnEveryUse() {
        GrantCache cache = cache(Duration.ZERO);

        cache.get(grantId);
        cache.get(grantId);

        assertThat(reads).hasValue(2);
    }

    private static void await(CountDownLatch latch) {
        try {
            // Bounded so that a broken interleaving fails the test instead of hanging the build.
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other side of the interleaving never came");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
