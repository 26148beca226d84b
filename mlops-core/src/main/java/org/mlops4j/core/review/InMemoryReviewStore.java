package org.mlops4j.core.review;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.mlops4j.core.Clock;

/**
 * {@link ReviewStore#inMemory(Clock)}: one map per queue under one monitor; every transition is a
 * {@link ReviewState} method, so the rules are the JDBC store's.
 */
final class InMemoryReviewStore implements ReviewStore {

    private final Clock clock;
    private final Map<String, Map<String, ReviewState>> queues = new HashMap<>();

    InMemoryReviewStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized Admission add(String queue, NewReview item, int capacity) {
        ReviewLimits.checkName("queue", queue);
        Objects.requireNonNull(item, "item");
        ReviewLimits.checkCapacity(capacity);
        Map<String, ReviewState> items = queues.computeIfAbsent(queue, q -> new HashMap<>());
        if (items.containsKey(item.predictionId())) {
            return Admission.DUPLICATE;
        }
        Instant now = clock.now();
        long waiting = items.values().stream().filter(s -> s.statusAt(now).isWaiting()).count();
        if (waiting >= capacity) {
            return Admission.FULL;
        }
        items.put(item.predictionId(), ReviewState.added(queue, item));
        return Admission.ADDED;
    }

    @Override
    public synchronized List<ReviewRecord> pending(String queue, int limit) {
        return list(queue, limit, status -> status == ReviewStatus.PENDING);
    }

    @Override
    public synchronized List<ReviewRecord> waiting(String queue, int limit) {
        return list(queue, limit, ReviewStatus::isWaiting);
    }

    private List<ReviewRecord> list(String queue, int limit, Predicate<ReviewStatus> wanted) {
        ReviewLimits.checkName("queue", queue);
        ReviewLimits.checkLimit(limit);
        Instant now = clock.now();
        return items(queue).stream().map(s -> s.view(now)).filter(r -> wanted.test(r.status()))
                .sorted(Comparator.comparing(ReviewRecord::item, ReviewState.REVIEW_ORDER)).limit(limit).toList();
    }

    @Override
    public synchronized Optional<ReviewRecord> find(String queue, String predictionId) {
        ReviewLimits.checkName("queue", queue);
        ReviewLimits.checkName("predictionId", predictionId);
        return Optional.ofNullable(queues.getOrDefault(queue, Map.of()).get(predictionId))
                .map(s -> s.view(clock.now()));
    }

    @Override
    public synchronized ReviewClaim claim(String queue, String predictionId, String reviewer, Duration lease) {
        ReviewState next = state(queue, predictionId).claim(reviewer, lease, clock.now());
        queues.get(queue).put(predictionId, next);
        return next.claimOf();
    }

    @Override
    public synchronized Optional<ReviewClaim> claimNext(String queue, String reviewer, Duration lease) {
        ReviewLimits.checkName("reviewer", reviewer);
        ReviewLimits.checkLease(lease);
        List<ReviewRecord> first = pending(queue, 1);
        if (first.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(claim(queue, first.get(0).predictionId(), reviewer, lease));
    }

    @Override
    public synchronized void release(ReviewClaim claim) {
        Objects.requireNonNull(claim, "claim");
        ReviewState next = state(claim.queue(), claim.predictionId()).release(claim, clock.now());
        queues.get(claim.queue()).put(claim.predictionId(), next);
    }

    @Override
    public synchronized ReviewRecord resolve(String queue, String predictionId, ReviewDecision decision,
            OptionalLong claimToken) {
        Instant now = clock.now();
        ReviewState next = state(queue, predictionId).resolve(decision, claimToken, now);
        queues.get(queue).put(predictionId, next);
        return next.view(now);
    }

    @Override
    public synchronized List<ReviewRecord> expire(String queue) {
        ReviewLimits.checkName("queue", queue);
        Instant now = clock.now();
        List<ReviewState> expired = new ArrayList<>();
        for (ReviewState state : items(queue)) {
            state.expire(now).ifPresent(expired::add);
        }
        expired.sort(Comparator.comparing(ReviewState::item, ReviewState.REVIEW_ORDER));
        expired.forEach(s -> queues.get(queue).put(s.item().predictionId(), s));
        return expired.stream().map(s -> s.view(now)).toList();
    }

    @Override
    public synchronized List<ReviewRecord> resolvedSince(String queue, Instant since, int limit) {
        ReviewLimits.checkName("queue", queue);
        Objects.requireNonNull(since, "since");
        ReviewLimits.checkLimit(limit);
        Instant now = clock.now();
        return items(queue).stream()
                .filter(s -> s.stored() == ReviewStatus.RESOLVED && !s.resolvedAt().orElseThrow().isBefore(since))
                .sorted(Comparator.comparing((ReviewState s) -> s.resolvedAt().orElseThrow())
                        .thenComparing(s -> s.item().predictionId()))
                .limit(limit).map(s -> s.view(now)).toList();
    }

    @Override
    public synchronized ReviewFigures figures(String queue) {
        ReviewLimits.checkName("queue", queue);
        Instant now = clock.now();
        List<Duration> ages = new ArrayList<>();
        int claimed = 0;
        long resolved = 0;
        long expired = 0;
        long agreed = 0;
        for (ReviewState state : items(queue)) {
            ReviewRecord record = state.view(now);
            switch (record.status()) {
                case CLAIMED -> {
                    claimed++;
                    ages.add(record.age(now));
                }
                case PENDING -> ages.add(record.age(now));
                case RESOLVED -> {
                    resolved++;
                    agreed += record.decision().orElseThrow().agreesWithModel() ? 1 : 0;
                }
                case EXPIRED -> expired++;
            }
        }
        return ReviewFigures.of(queue, now, claimed, resolved, expired, agreed, ages.toArray(Duration[]::new));
    }

    @Override
    public synchronized int purge(String queue, Instant resolvedBefore) {
        ReviewLimits.checkName("queue", queue);
        Objects.requireNonNull(resolvedBefore, "resolvedBefore");
        Map<String, ReviewState> items = queues.get(queue);
        if (items == null) {
            return 0;
        }
        int before = items.size();
        items.values().removeIf(s -> s.resolvedAt().isPresent() && s.resolvedAt().get().isBefore(resolvedBefore));
        return before - items.size();
    }

    @Override
    public void close() {
        // nothing to release: the items live on the heap
    }

    private List<ReviewState> items(String queue) {
        return List.copyOf(queues.getOrDefault(queue, Map.of()).values());
    }

    private ReviewState state(String queue, String predictionId) {
        ReviewLimits.checkName("queue", queue);
        ReviewLimits.checkName("predictionId", predictionId);
        ReviewState state = queues.getOrDefault(queue, Map.of()).get(predictionId);
        if (state == null) {
            throw ReviewState.unknown(queue, predictionId);
        }
        return state;
    }
}
