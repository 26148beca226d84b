package org.mlops4j.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.monitoring.reference.ReferenceHistory;
import org.mlops4j.monitoring.reference.ReferenceKind;
import org.mlops4j.monitoring.reference.ReferencePolicy;
import org.mlops4j.monitoring.reference.ReferenceSelection;

/**
 * A monitor's {@link ReferenceHistory} per (endpoint, variant, model version), for one baseline: a
 * re-baselined monitor starts new histories (its windows may have another schema), and keeps counting
 * warm-up windows. Memory: {@link ReferencePolicy#maxProfiles()} profiles per key; nothing for the
 * fixed policy. Thread-safe.
 */
final class ReferenceHistories {

    private final ReferencePolicy policy;
    private final Map<List<String>, ReferenceHistory> byKey = new ConcurrentHashMap<>();
    private final LongAdder warmUps;

    ReferenceHistories(ReferencePolicy policy) {
        this(policy, new LongAdder());
    }

    private ReferenceHistories(ReferencePolicy policy, LongAdder warmUps) {
        this.policy = policy;
        this.warmUps = warmUps;
    }

    /** The same policy with empty histories, sharing the warm-up count. */
    ReferenceHistories fresh() {
        return new ReferenceHistories(policy, warmUps);
    }

    ReferencePolicy policy() {
        return policy;
    }

    /** Whether windows are profiled for the policy's sake even without a fixed reference. */
    boolean active() {
        return policy.kind() != ReferenceKind.FIXED;
    }

    long warmUps() {
        return warmUps.sum();
    }

    /**
     * Selects a window's reference, then records the window's profile for the windows after it (the
     * fixed policy's history records nothing and always selects the fixed reference).
     *
     * @param fixed the baseline's reference profile, null without one
     */
    ReferenceSelection compare(String endpoint, String variant, String model, Instant start, ReferenceProfile fixed,
                               ReferenceProfile current) {
        ReferenceHistory history = byKey.computeIfAbsent(List.of(endpoint, variant, model),
                k -> ReferenceHistory.of(policy));
        ReferenceSelection chosen = fixed == null ? history.select(start) : history.select(start, fixed);
        history.record(start, current);
        if (chosen.warmUp()) {
            warmUps.increment();
        }
        return chosen;
    }
}
