package org.mlops4j.serving;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The answers of a {@link BanditStrategy} that await their reward: prediction id to arm, bounded
 * to the most recent {@code capacity} answers. A ring of the last {@code capacity} entries evicts
 * the oldest one when a new one comes, so memory stays bounded however many rewards never arrive.
 *
 * <p>Thread-safe and lock-free apart from the concurrent map's own bins.
 */
final class PendingRewards {

    /** One remembered answer; identity equality, so only this very entry is ever evicted. */
    private static final class Entry {
        private final String id;
        private final int arm;

        private Entry(String id, int arm) {
            this.id = id;
            this.arm = arm;
        }
    }

    private final ConcurrentHashMap<String, Entry> byId = new ConcurrentHashMap<>();
    private final AtomicReferenceArray<Entry> ring;
    private final AtomicLong sequence = new AtomicLong();
    private final LongAdder evicted = new LongAdder();

    PendingRewards(int capacity) {
        this.ring = new AtomicReferenceArray<>(capacity);
    }

    /**
     * Remembers an answer, evicting the oldest one when full.
     *
     * @param predictionId the prediction's id
     * @param arm the index of the arm that answered
     */
    void put(String predictionId, int arm) {
        Entry entry = new Entry(predictionId, arm);
        // Into the map first: an entry in the ring is then always removable by whoever displaces it.
        byId.put(predictionId, entry);
        int slot = (int) Long.remainderUnsigned(sequence.getAndIncrement(), ring.length());
        Entry displaced = ring.getAndSet(slot, entry);
        if (displaced != null && byId.remove(displaced.id, displaced)) {
            evicted.increment();
        }
    }

    /**
     * Forgets an answer and returns its arm.
     *
     * @param predictionId the prediction's id
     * @return the arm's index, or -1 when the id is unknown, already taken or evicted
     */
    int take(String predictionId) {
        Entry entry = byId.remove(predictionId);
        return entry == null ? -1 : entry.arm;
    }

    /** @return answers awaiting their reward */
    long size() {
        return byId.mappingCount();
    }

    /** @return answers evicted unrewarded */
    long evicted() {
        return evicted.sum();
    }
}
