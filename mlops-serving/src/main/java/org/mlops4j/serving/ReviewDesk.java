package org.mlops4j.serving;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.mlops4j.core.Clock;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.feedback.FeedbackEvent;
import org.mlops4j.core.feedback.FeedbackJoin;
import org.mlops4j.core.feedback.FeedbackListener;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.review.ReviewClaim;
import org.mlops4j.core.review.ReviewDecision;
import org.mlops4j.core.review.ReviewFigures;
import org.mlops4j.core.review.ReviewRecord;
import org.mlops4j.core.review.ReviewStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The back office of a {@linkplain ReviewQueue#durable durable} review queue: what a review UI calls
 * to list the waiting predictions, claim one with a lease (so two reviewers never take the same),
 * release it, and resolve it with a decision; and what a caller calls to wait for that decision.
 *
 * <p><b>A decision</b> ({@link #resolve}) is recorded in the store (durably, with who, when, an
 * optional comment and whether it agrees with the model's answer), then sent through the endpoint's
 * one feedback path as ground truth ({@link FeedbackJoin#record}: the monitor's accuracy, the canary
 * analysis and retraining data see it like any label), and completes the handles waiting for it on
 * this replica. When the join does not know the prediction (it was served before a restart, by
 * another replica, or the join forgot it), nothing is lost: the desk rebuilds the prediction from the
 * stored item and delivers the feedback to its {@linkplain Builder#unmatchedListener unmatched
 * listeners} (for example the writer of retraining data), counts it and logs it.
 *
 * <p><b>Handles.</b> {@link #await} gives a caller a future completed with the person's decision, or
 * with the interim answer when its wait runs out or the item expires first. Handles complete at once
 * when the decision is made through this desk; for a decision made on another replica, at the next
 * {@link #sweep()} (so within one sweep period plus a store read). The sweep also expires the items
 * past their deadline and times out handles, by the desk's clock: {@link #schedule} runs it on the
 * host's scheduler.
 *
 * <p>Errors name the queue, the prediction id and what was found: resolving an unknown, expired or
 * already resolved item, or one another reviewer holds, throws
 * {@link org.mlops4j.core.review.ReviewException} with its reason. Thread-safe.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class ReviewDesk<I, O> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReviewDesk.class);
    /** The most resolutions one sweep reads per page. */
    static final int PAGE = 500;

    /** A caller waiting for a decision. */
    private record Handle<O>(CompletableFuture<ReviewOutcome<O>> future, O interim, Instant since, Instant until) {
    }

    private final StoredReviewItems<I, O> items;
    private final FeedbackJoin<I, O> feedback;
    private final Function<? super O, GroundTruth> truth;
    private final BiPredicate<? super O, ? super O> agreement;
    private final Clock clock;
    private final String endpoint;
    private final List<FeedbackListener<? super I, ? super O>> unmatchedListeners;
    private final Map<String, Handle<O>> handles = new ConcurrentHashMap<>();
    private volatile ScheduledFuture<?> scheduled;

    private final LongAdder resolved = new LongAdder();
    private final LongAdder joined = new LongAdder();
    private final LongAdder unmatched = new LongAdder();
    private final LongAdder feedbackFailures = new LongAdder();
    private final LongAdder decided = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final LongAdder notReviewed = new LongAdder();
    private final LongAdder sweepFailures = new LongAdder();

    private ReviewDesk(Builder<I, O> b) {
        this.items = b.queue.stored().orElseThrow(() -> new IllegalArgumentException("queue " + b.queue
                + " is not durable: a desk needs one built with ReviewQueue.durable(store, ...)"));
        this.feedback = b.feedback;
        this.truth = b.truth;
        this.agreement = b.agreement != null ? b.agreement
                : (decision, model) -> items.answers.encode(cast(decision)).equals(items.answers.encode(cast(model)));
        this.clock = b.clock;
        this.endpoint = b.endpoint != null ? b.endpoint : items.queue;
        this.unmatchedListeners = new CopyOnWriteArrayList<>(b.unmatchedListeners);
    }

    @SuppressWarnings("unchecked")
    private O cast(Object value) {
        return (O) value;
    }

    /**
     * Starts building a desk.
     *
     * @param queue the durable queue the endpoint's {@link HumanReviewStrategy} fills
     * @param feedback the endpoint's feedback entry, {@code endpoint.feedback()}
     * @param truth turns a decision into ground truth, for example {@code GroundTruth::label} for
     *     string answers or {@code p -> GroundTruth.label(p.getOutput().getLabel())} for Tribuo's
     * @param <I> the input type
     * @param <O> the output type
     * @return the builder
     */
    public static <I, O> Builder<I, O> builder(ReviewQueue<I, O> queue, FeedbackJoin<I, O> feedback,
                                               Function<? super O, GroundTruth> truth) {
        return new Builder<>(queue, feedback, truth);
    }

    /**
     * Lists the waiting predictions, higher priority first, then oldest first (a claim whose lease
     * ran out is waiting again).
     *
     * @param limit how many at most, at least 1
     * @return the cases, with their ages by the desk's clock
     * @throws IllegalArgumentException if {@code limit < 1}
     * @throws org.mlops4j.core.StoreException if the store fails
     */
    public List<ReviewCase<I, O>> pending(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1 but was " + limit);
        }
        List<ReviewCase<I, O>> out = new ArrayList<>();
        for (ReviewRecord r : items.store.pending(items.queue, limit)) {
            out.add(toCase(r));
        }
        return out;
    }

    /**
     * Looks a prediction up: the poll form of waiting for a decision.
     *
     * @param predictionId the prediction's id
     * @return the case, or empty when it was never queued (or was purged)
     * @throws org.mlops4j.core.StoreException if the store fails
     */
    public Optional<ReviewCase<I, O>> find(String predictionId) {
        Objects.requireNonNull(predictionId, "predictionId");
        return items.store.find(items.queue, predictionId).map(this::toCase);
    }

    /**
     * Claims a prediction for a reviewer until the lease runs out; the same reviewer claiming again renews it.
     *
     * @param predictionId the prediction's id
     * @param reviewer who claims it, non-blank
     * @param lease how long the claim holds, positive
     * @return the claim and the case
     * @throws org.mlops4j.core.review.ReviewException if the item is unknown, expired, resolved, or
     *     another reviewer holds a live claim on it
     */
    public ClaimedReview<I, O> claim(String predictionId, String reviewer, Duration lease) {
        ReviewClaim claim = items.store.claim(items.queue, predictionId, reviewer, lease);
        return new ClaimedReview<>(claim, found(predictionId));
    }

    /**
     * Claims the first waiting prediction (the order of {@link #pending}) for a reviewer; two
     * reviewers never get the same one.
     *
     * @param reviewer who claims, non-blank
     * @param lease how long the claim holds, positive
     * @return the claim and the case, or empty when nothing waits
     */
    public Optional<ClaimedReview<I, O>> claimNext(String reviewer, Duration lease) {
        return items.store.claimNext(items.queue, reviewer, lease)
                .map(claim -> new ClaimedReview<>(claim, found(claim.predictionId())));
    }

    /**
     * Gives a claimed prediction back to the queue undecided.
     *
     * @param claim the claim
     * @throws org.mlops4j.core.review.ReviewException (CLAIM_LOST) if the claim is no longer the live one
     */
    public void release(ReviewClaim claim) {
        items.store.release(Objects.requireNonNull(claim, "claim"));
    }

    /**
     * Resolves a claimed prediction: see the class comment.
     *
     * @param claim the reviewer's live claim
     * @param decision the answer the reviewer gives
     * @param comment what the reviewer notes, or null
     * @return the resolved case
     * @throws org.mlops4j.core.review.ReviewException (CLAIM_LOST, EXPIRED, ALREADY_RESOLVED, UNKNOWN)
     * @throws IllegalArgumentException if the decision cannot be ground truth (the truth function refuses it)
     */
    public ReviewCase<I, O> resolve(ReviewClaim claim, O decision, String comment) {
        Objects.requireNonNull(claim, "claim");
        return resolve(claim.predictionId(), claim.reviewer(), decision, comment, OptionalLong.of(claim.token()));
    }

    /**
     * Resolves a prediction without claiming it first: allowed while nobody else holds a live claim.
     *
     * @param predictionId the prediction's id
     * @param reviewer who decided, non-blank
     * @param decision the answer the reviewer gives
     * @param comment what the reviewer notes, or null
     * @return the resolved case
     * @throws org.mlops4j.core.review.ReviewException (UNKNOWN, EXPIRED, ALREADY_RESOLVED, CLAIMED_BY_OTHER)
     * @throws IllegalArgumentException if the decision cannot be ground truth
     */
    public ReviewCase<I, O> resolve(String predictionId, String reviewer, O decision, String comment) {
        return resolve(predictionId, reviewer, decision, comment, OptionalLong.empty());
    }

    private ReviewCase<I, O> resolve(String predictionId, String reviewer, O decision, String comment,
                                     OptionalLong token) {
        Objects.requireNonNull(predictionId, "predictionId");
        Objects.requireNonNull(decision, "decision");
        // Checked before anything is recorded: a decision that cannot be ground truth is refused whole.
        GroundTruth groundTruth = Objects.requireNonNull(truth.apply(decision), "truth of the decision");
        ReviewRecord before = items.store.find(items.queue, predictionId).orElse(null);
        O modelAnswer = before == null ? null : items.modelAnswer(before.item().modelAnswerText());
        boolean agrees = modelAnswer != null && agreement.test(decision, modelAnswer);
        ReviewRecord after = items.store.resolve(items.queue, predictionId,
                new ReviewDecision(items.answers.encode(decision), reviewer, Optional.ofNullable(comment), agrees),
                token);
        resolved.increment();
        ReviewCase<I, O> done = toCase(after);
        deliver(after, done, groundTruth);
        complete(done);
        return done;
    }

    /** Sends the decision as feedback; a prediction the join does not know goes to the unmatched listeners. */
    private void deliver(ReviewRecord record, ReviewCase<I, O> done, GroundTruth groundTruth) {
        String id = done.predictionId();
        try {
            if (feedback.record(id, groundTruth)) {
                joined.increment();
                return;
            }
        } catch (RuntimeException e) {
            feedbackFailures.increment();
            LOG.warn("review desk {}: delivering the decision on {} as feedback failed; the decision stays recorded",
                    items, id, e);
            return;
        }
        unmatched.increment();
        ReviewItem<I, O> item = done.item();
        PredictionEvent<I, O> prediction = PredictionEvent.success(id, null, null, item.enqueuedAt(), endpoint,
                item.model().name(), item.model(), item.input(), item.modelAnswer(), item.confidence(), 0L, false);
        FeedbackEvent<I, O> event = new FeedbackEvent<>(prediction, groundTruth,
                record.resolvedAt().orElse(clock.now()));
        LOG.info("review desk {}: the feedback join does not know prediction {} (served before a restart, by another "
                + "replica, or forgotten); its decision goes to {} unmatched listeners ({} so far)", items, id,
                unmatchedListeners.size(), unmatched.sum());
        for (FeedbackListener<? super I, ? super O> l : unmatchedListeners) {
            try {
                l.onFeedback(event);
            } catch (RuntimeException e) {
                feedbackFailures.increment();
                LOG.warn("review desk {}: unmatched listener {} failed on {}", items, l, id, e);
            }
        }
    }

    /**
     * Gives a caller a handle on the decision about a prediction it was served: see the class comment.
     *
     * @param result what the endpoint returned; its output is the interim answer
     * @param timeout how long the caller is ready to wait, positive
     * @return the future outcome
     * @throws org.mlops4j.core.StoreException if the store fails
     */
    public CompletableFuture<ReviewOutcome<O>> await(PredictionResult<O> result, Duration timeout) {
        Objects.requireNonNull(result, "result");
        return await(result.predictionId(), result.output(), timeout);
    }

    /**
     * Gives a caller a handle on the decision about a prediction, by its id.
     *
     * @param predictionId the prediction's id
     * @param interim the answer the caller has meanwhile, what the handle completes with when no decision comes
     * @param timeout how long the caller is ready to wait, positive
     * @return the future outcome; a second call for the same prediction returns the first one's future
     * @throws IllegalArgumentException if the timeout is not positive
     * @throws org.mlops4j.core.StoreException if the store fails
     */
    public CompletableFuture<ReviewOutcome<O>> await(String predictionId, O interim, Duration timeout) {
        Objects.requireNonNull(predictionId, "predictionId");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive but was " + timeout);
        }
        Instant now = clock.now();
        Handle<O> mine = new Handle<>(new CompletableFuture<>(), interim, now, now.plus(timeout));
        Handle<O> handle = handles.computeIfAbsent(predictionId, id -> mine);
        if (handle != mine) {
            return handle.future();
        }
        // Registered before looking, so a decision made from now on completes it; one made before is found here.
        Optional<ReviewRecord> r = items.store.find(items.queue, predictionId);
        if (r.isEmpty()) {
            finish(predictionId, new ReviewOutcome<>(predictionId, interim, ReviewOutcome.Kind.NOT_REVIEWED,
                    Optional.empty()));
        } else {
            complete(toCase(r.get()));  // a decision or expiry found completes it; a waiting item does not
        }
        return mine.future();
    }

    /** Completes the handle of a resolved or expired case, if one waits on this desk; a waiting case changes nothing. */
    private void complete(ReviewCase<I, O> c) {
        Handle<O> h = handles.get(c.predictionId());
        if (h == null) {
            return;
        }
        if (c.decision().isPresent()) {
            finish(c.predictionId(), new ReviewOutcome<>(c.predictionId(), c.decision().get().decision(),
                    ReviewOutcome.Kind.DECIDED, c.decision()));
        } else if (c.status() == ReviewStatus.EXPIRED) {
            finish(c.predictionId(), new ReviewOutcome<>(c.predictionId(), h.interim(), ReviewOutcome.Kind.EXPIRED,
                    Optional.empty()));
        }
    }

    private void finish(String predictionId, ReviewOutcome<O> outcome) {
        Handle<O> h = handles.remove(predictionId);
        if (h == null || !h.future().complete(outcome)) {
            return;
        }
        switch (outcome.kind()) {
            case DECIDED -> decided.increment();
            case TIMED_OUT -> timedOut.increment();
            case NOT_REVIEWED -> notReviewed.increment();
            case EXPIRED -> { }
        }
    }

    /**
     * Expires the items past their deadline (fleet-wide: each once), completes the handles of
     * decisions made elsewhere, and times out the handles whose wait ran out, by the desk's clock.
     *
     * @return how many items this sweep expired
     * @throws org.mlops4j.core.StoreException if the store fails
     */
    public int sweep() {
        List<ReviewRecord> gone = items.store.expire(items.queue);
        expired.add(gone.size());
        for (ReviewRecord r : gone) {
            complete(toCase(r));
        }
        completeDecidedElsewhere();
        Instant now = clock.now();
        for (Map.Entry<String, Handle<O>> e : handles.entrySet()) {
            if (!e.getValue().until().isAfter(now)) {
                finish(e.getKey(), new ReviewOutcome<>(e.getKey(), e.getValue().interim(),
                        ReviewOutcome.Kind.TIMED_OUT, Optional.empty()));
            }
        }
        return gone.size();
    }

    /**
     * Reads the resolutions since the oldest open handle started waiting, page by page (none when no
     * handle waits). A full page whose decisions share one instant cannot be paged past with a time
     * cursor: the rest of that instant waits for the handles' timeouts.
     */
    private void completeDecidedElsewhere() {
        Optional<Instant> oldest = handles.values().stream().map(Handle::since).min(Comparator.naturalOrder());
        if (oldest.isEmpty()) {
            return;
        }
        Instant since = oldest.get();
        while (true) {
            List<ReviewRecord> page = items.store.resolvedSince(items.queue, since, PAGE);
            Instant last = since;
            for (ReviewRecord r : page) {
                if (handles.containsKey(r.predictionId())) {
                    // Decoded only for a handle waiting here.
                    complete(toCase(r));
                }
                last = r.resolvedAt().orElse(last);
            }
            if (page.size() < PAGE || !last.isAfter(since)) {
                return;
            }
            since = last;
        }
    }

    /**
     * Sweeps every {@code period} on the host's scheduler, the first time after one period; a sweep
     * that fails is logged and counted, and the next one runs as planned.
     *
     * @param scheduler the host's scheduler; the host owns it ({@link #close()} only cancels this task)
     * @param period how often, positive; it bounds how late an expiry, a timeout or a decision made
     *     on another replica reaches a handle
     * @return the scheduled task
     * @throws IllegalArgumentException if the period is not positive
     */
    public ScheduledFuture<?> schedule(ScheduledExecutorService scheduler, Duration period) {
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive but was " + period);
        }
        long every = period.toNanos();
        ScheduledFuture<?> task = scheduler.scheduleWithFixedDelay(this::sweepGuarded, every, every,
                TimeUnit.NANOSECONDS);
        scheduled = task;
        return task;
    }

    private void sweepGuarded() {
        try {
            sweep();
        } catch (RuntimeException e) {
            sweepFailures.increment();
            LOG.warn("review desk {}: sweep failed ({} failures so far); the next one tries again", items,
                    sweepFailures.sum(), e);
        }
    }

    /**
     * @return the queue's figures from the store (waiting, resolved, expired, agreement, ages)
     * @throws org.mlops4j.core.StoreException if the store fails
     */
    public ReviewFigures figures() {
        return items.store.figures(items.queue);
    }

    /**
     * The queue's name in the store: what a back office (the starter's {@code mlopsreview} Actuator
     * endpoint) names the desk by.
     *
     * @return the store's queue name
     */
    public String queue() {
        return items.queue;
    }

    /**
     * The codec the queue stores inputs with: how a back office shows an input as text.
     *
     * @return the queue's input codec
     */
    public TextCodec<I> inputCodec() {
        return items.inputs;
    }

    /**
     * The codec the queue stores the model's answers and the decisions with: how a back office
     * shows an answer as text, and turns a reviewer's text back into a decision to {@link #resolve}
     * with ({@code desk.answerCodec().decode(text)}, the form the store keeps it in).
     *
     * @return the queue's answer codec
     */
    public TextCodec<O> answerCodec() {
        return items.answers;
    }

    /** @return the desk's counters */
    public ReviewDeskStats stats() {
        return new ReviewDeskStats(resolved.sum(), joined.sum(), unmatched.sum(), feedbackFailures.sum(),
                decided.sum(), timedOut.sum(), expired.sum(), notReviewed.sum(), sweepFailures.sum());
    }

    /** @return handles waiting on this desk now */
    public int waitingHandles() {
        return handles.size();
    }

    /** Cancels the scheduled sweep, if any; the store stays open (its owner closes it). */
    @Override
    public void close() {
        ScheduledFuture<?> task = scheduled;
        if (task != null) {
            task.cancel(false);
        }
    }

    private ReviewCase<I, O> found(String predictionId) {
        return items.store.find(items.queue, predictionId).map(this::toCase)
                .orElseThrow(() -> new IllegalStateException("review " + predictionId + " of " + items
                        + " vanished right after it was claimed"));
    }

    private ReviewCase<I, O> toCase(ReviewRecord r) {
        Optional<HumanDecision<O>> decision = r.decision().map(d -> new HumanDecision<>(items.decision(d.decisionText()),
                d.reviewer(), d.comment(), d.agreesWithModel(), r.resolvedAt().orElseThrow()));
        return new ReviewCase<>(items.item(r), r.item().priority(), r.item().deadline(), r.status(), r.claimedBy(),
                r.claimedUntil(), decision, r.age(clock.now()));
    }

    @Override
    public String toString() {
        return "ReviewDesk[" + items + "]";
    }

    /**
     * Builds a {@link ReviewDesk}; not thread-safe.
     *
     * @param <I> the input type
     * @param <O> the output type
     */
    public static final class Builder<I, O> {
        private final ReviewQueue<I, O> queue;
        private final FeedbackJoin<I, O> feedback;
        private final Function<? super O, GroundTruth> truth;
        private BiPredicate<? super O, ? super O> agreement;
        private Clock clock = Clock.system();
        private String endpoint;
        private final List<FeedbackListener<? super I, ? super O>> unmatchedListeners = new ArrayList<>();

        private Builder(ReviewQueue<I, O> queue, FeedbackJoin<I, O> feedback, Function<? super O, GroundTruth> truth) {
            this.queue = Objects.requireNonNull(queue, "queue");
            this.feedback = Objects.requireNonNull(feedback, "feedback");
            this.truth = Objects.requireNonNull(truth, "truth");
        }

        /**
         * @param value whether a decision agrees with the model's answer (decision first); by default
         *     their texts in the queue's answer codec are equal
         * @return this builder
         */
        public Builder<I, O> agreement(BiPredicate<? super O, ? super O> value) {
            this.agreement = Objects.requireNonNull(value, "agreement");
            return this;
        }

        /**
         * @param value the clock of ages, handle timeouts and rebuilt feedback; the system clock by default
         * @return this builder
         */
        public Builder<I, O> clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * @param value the endpoint's name in the predictions rebuilt for unmatched feedback; the
         *     queue's name by default
         * @return this builder
         */
        public Builder<I, O> endpoint(String value) {
            this.endpoint = Objects.requireNonNull(value, "endpoint");
            return this;
        }

        /**
         * @param value told of each decision whose prediction the endpoint's feedback join does not
         *     know, with the prediction rebuilt from the stored item (its variant is the model's name,
         *     its timestamp when it was queued, its latency 0); guarded
         * @return this builder
         */
        public Builder<I, O> unmatchedListener(FeedbackListener<? super I, ? super O> value) {
            unmatchedListeners.add(Objects.requireNonNull(value, "unmatchedListener"));
            return this;
        }

        /**
         * @return the desk
         * @throws IllegalArgumentException if the queue is not durable
         */
        public ReviewDesk<I, O> build() {
            return new ReviewDesk<>(this);
        }
    }
}
