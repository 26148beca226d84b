package org.mlops4j.core.review;

import org.mlops4j.core.ManualClock;

/** The review store contract on the in-memory store. */
class InMemoryReviewStoreTest extends ReviewStoreContract {

    @Override
    protected ReviewStore create(ManualClock clock) {
        return ReviewStore.inMemory(clock);
    }
}
