package com.carto.connections.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.carto.connections.secrets.Secret;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One {@link Slot} per connection and identity while any client or check of that pair holds it: the lock that lets
 * one refresh run at a time, and the rotations this process saw. A slot nobody holds any more is forgotten, so the
 * registry grows with the clients in use, not with every connection ever used.
 */
final class RotationSlots {
    private final Map<SlotKey, SlotReference> slots = new ConcurrentHashMap<>();
    private final ReferenceQueue<Slot> forgotten = new ReferenceQueue<>();

    /** The slot of the connection and identity; the caller keeps it for as long as it may refresh. */
    Slot slot(String connectionId, Identity identity) {
        expunge();
        SlotKey key = new SlotKey(connectionId, identity);
        for (; ; ) {
            SlotReference reference = slots.get(key);
            Slot slot = reference == null ? null : reference.get();
            if (slot != null) {
                return slot;
            }
            Slot fresh = new Slot();
            SlotReference freshReference = new SlotReference(key, fresh, forgotten);
            boolean won = reference == null
                    ? slots.putIfAbsent(key, freshReference) == null
                    : slots.replace(key, reference, freshReference);
            if (won) {
                return fresh;
            }
        }
    }

    int size() {
        expunge();
        return slots.size();
    }

    private void expunge() {
        for (java.lang.ref.Reference<? extends Slot> cleared; (cleared = forgotten.poll()) != null; ) {
            SlotReference reference = (SlotReference) cleared;
            slots.remove(reference.key, reference);
        }
    }

    private record SlotKey(String connectionId, Identity identity) {}

    private static final class SlotReference extends WeakReference<Slot> {
        final SlotKey key;

        SlotReference(SlotKey key, Slot slot, ReferenceQueue<Slot> queue) {
            super(slot, queue);
            this.key = key;
        }
    }

    /**
     * The lock and the rotation history of one connection and identity. The history maps a rotated-out value (by its
     * digest, so no revoked secret is kept) to what replaced it, for the secrets' last rotations.
     */
    static final class Slot {
        private static final int REMEMBERED_ROTATIONS = 16;

        final ReentrantLock lock = new ReentrantLock();
        // Guarded by lock.
        private final Map<String, Map<ByteBuffer, Secret>> successors = new HashMap<>();

        /** The newest value this process knows {@code value} became: itself when it was never rotated here. */
        Secret newest(String secretKey, Secret value) {
            Map<ByteBuffer, Secret> history = history(secretKey);
            Secret newest = value;
            // Bounded: a history of distinct rotations has no cycle, and at most REMEMBERED_ROTATIONS links.
            for (int step = 0; step <= REMEMBERED_ROTATIONS; step++) {
                Secret next = history.get(digest(newest));
                if (next == null) {
                    return newest;
                }
                newest = next;
            }
            return newest;
        }

        /** Whether {@code older} is {@code newer}, or became it through rotations this process saw. */
        boolean leadsTo(String secretKey, Secret older, Secret newer) {
            Map<ByteBuffer, Secret> history = history(secretKey);
            Secret value = older;
            for (int step = 0; step <= REMEMBERED_ROTATIONS; step++) {
                if (value.equals(newer)) {
                    return true;
                }
                value = history.get(digest(value));
                if (value == null) {
                    return false;
                }
            }
            return false;
        }

        void rotated(String secretKey, Secret from, Secret to) {
            history(secretKey).put(digest(from), to);
        }

        private Map<ByteBuffer, Secret> history(String secretKey) {
            if (!lock.isHeldByCurrentThread()) {
                throw new IllegalStateException("a slot's history is read and written under its lock");
            }
            return successors.computeIfAbsent(secretKey, key -> new LinkedHashMap<>(4, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Secret> eldest) {
                    return size() > REMEMBERED_ROTATIONS;
                }
            });
        }

        private static ByteBuffer digest(Secret value) {
            try {
                return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256")
                        .digest(value.reveal().getBytes(UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-256", e);
            }
        }
    }
}
