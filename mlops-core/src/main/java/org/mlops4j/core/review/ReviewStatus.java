package org.mlops4j.core.review;

/**
 * Where a review item stands, as a {@link ReviewRecord} shows it at the store's current time.
 */
public enum ReviewStatus {
    /** Waiting for a reviewer: never claimed, released, or its claim's lease ran out. */
    PENDING,
    /** Held by one reviewer under a live lease. */
    CLAIMED,
    /** A reviewer recorded a decision; final. */
    RESOLVED,
    /** Its deadline passed before anyone resolved it; final. */
    EXPIRED;

    /**
     * Tells whether an item in this status still waits for a person.
     *
     * @return true for {@link #PENDING} and {@link #CLAIMED}
     */
    public boolean isWaiting() {
        return this == PENDING || this == CLAIMED;
    }
}
