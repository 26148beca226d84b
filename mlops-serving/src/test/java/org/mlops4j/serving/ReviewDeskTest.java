package org.mlops4j.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.PredictionListener;
import org.mlops4j.core.feedback.FeedbackEvent;
import org.mlops4j.core.feedback.FeedbackListener;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.review.ReviewException;
import org.mlops4j.core.review.ReviewFigures;
import org.mlops4j.core.review.ReviewStatus;
import org.mlops4j.core.review.ReviewStore;

/** The back office of a durable review queue on the in-memory store, with real endpoints. */
class ReviewDeskTest {

    /** Answers "yes@x" with confidence x / 100. */
    private static final Variant<Integer, String> MODEL = Variant.of("champion", x -> "yes@" + x, new ModelRef("m", 1));
    private static final TextCodec<Integer> INTS = TextCodec.of(String::valueOf, Integer::valueOf);
    private static final Duration LEASE = Duration.ofMinutes(5);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));
    private final ReviewStore store = ReviewStore.inMemory(clock);

    /** Stands for a monitor: sees predictions (so the feedback join remembers them) and their feedback. */
    static final class Truths implements PredictionListener<Integer, String>, FeedbackListener<Integer, String> {
        final List<FeedbackEvent<? extends Integer, ? extends String>> events = new ArrayList<>();

        @Override
        public void onPrediction(PredictionEvent<? extends Integer, ? extends String> event) {
        }

        @Override
        public void onFeedback(FeedbackEvent<? extends Integer, ? extends String> event) {
            events.add(event);
        }
    }

    /** One replica: its endpoint, strategy, desk, and what its monitor and unmatched listener received. */
    final class Replica {
        final ReviewQueue<Integer, String> queue;
        final HumanReviewStrategy<Integer, String> strategy;
        final ModelEndpoint<Integer, String> endpoint;
        final ReviewDesk<Integer, String> desk;
        final Truths monitor = new Truths();
        final Truths unmatched = new Truths();

        Replica(AutomationLevel level) {
            // Inputs below 20 are urgent: priority 1.
            queue = ReviewQueue.durable(store, "loans", INTS, TextCodec.strings(), 100, Duration.ofHours(1),
                    item -> item.input() < 20 ? 1 : 0);
            strategy = HumanReviewStrategy.of(DeploymentStrategy.single(MODEL), 0.8, queue, Interim.defer("pending"))
                    .withAutomation(level);
            endpoint = ModelEndpoint.<Integer, String>builder("loans").strategy(strategy).clock(clock)
                    .confidence(out -> Integer.parseInt(out.substring(4)) / 100.0).listener(monitor).build();
            desk = ReviewDesk.builder(queue, endpoint.feedback(), GroundTruth::label).clock(clock)
                    .unmatchedListener(unmatched).build();
        }
    }

    @Test
    void aLowConfidenceCallerGetsTheReviewersDecisionThroughItsFuture() throws Exception {
        Replica r = new Replica(AutomationLevel.PARTIAL);
        PredictionResult<String> unsure = r.endpoint.serve(40);
        assertThat(unsure.output()).isEqualTo("pending");
        CompletableFuture<ReviewOutcome<String>> handle = r.desk.await(unsure, Duration.ofMinutes(10));
        assertThat(handle).isNotDone();
        assertThat(r.desk.waitingHandles()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(30));
        ClaimedReview<Integer, String> claimed = r.desk.claimNext("alice", LEASE).orElseThrow();
        assertThat(claimed.review().item()).isEqualTo(new ReviewItem<>(unsure.predictionId(), 40, "yes@40", 0.4,
                new ModelRef("m", 1), Instant.parse("2026-12-05T10:00:00Z")));
        assertThat(claimed.review().status()).isEqualTo(ReviewStatus.CLAIMED);
        assertThat(claimed.review().claimedBy()).contains("alice");
        assertThat(claimed.claim().until()).isEqualTo(Instant.parse("2026-12-05T10:05:30Z"));
        clock.advance(Duration.ofSeconds(15));
        ReviewCase<Integer, String> done = r.desk.resolve(claimed.claim(), "no", "income not verified");

        HumanDecision<String> decision = new HumanDecision<>("no", "alice", Optional.of("income not verified"), false,
                Instant.parse("2026-12-05T10:00:45Z"));
        assertThat(done.status()).isEqualTo(ReviewStatus.RESOLVED);
        assertThat(done.decision()).contains(decision);
        assertThat(done.age()).isEqualTo(Duration.ofSeconds(45));
        assertThat(handle).isCompletedWithValue(new ReviewOutcome<>(unsure.predictionId(), "no",
                ReviewOutcome.Kind.DECIDED, Optional.of(decision)));
        // the decision reached the endpoint's feedback path as ground truth, joined to the model's answer
        assertThat(r.monitor.events).hasSize(1);
        assertThat(r.monitor.events.get(0).feedback()).isEqualTo(GroundTruth.label("no"));
        assertThat(r.monitor.events.get(0).prediction().predictionId()).isEqualTo(unsure.predictionId());
        assertThat(r.monitor.events.get(0).prediction().output().orElseThrow()).isEqualTo("yes@40");
        assertThat(r.desk.stats()).isEqualTo(new ReviewDeskStats(1, 1, 0, 0, 1, 0, 0, 0, 0));
        ReviewFigures figures = r.desk.figures();
        assertThat(figures.resolved()).isEqualTo(1);
        assertThat(figures.agreed()).isZero();
        assertThat(r.desk.find(unsure.predictionId())).contains(done);
    }

    @Test
    void anotherCallerTimesOutToItsInterimAnswerAndASureOneIsNotReviewed() {
        Replica r = new Replica(AutomationLevel.PARTIAL);
        PredictionResult<String> unsure = r.endpoint.serve(30);
        CompletableFuture<ReviewOutcome<String>> handle = r.desk.await(unsure, Duration.ofMinutes(1));
        clock.advance(Duration.ofSeconds(59));
        assertThat(r.desk.sweep()).isZero();
        assertThat(handle).isNotDone();
        clock.advance(Duration.ofSeconds(1));
        r.desk.sweep();
        assertThat(handle).isCompletedWithValue(new ReviewOutcome<>(unsure.predictionId(), "pending",
                ReviewOutcome.Kind.TIMED_OUT, Optional.empty()));
        // the item still waits for a person after the caller stopped waiting
        assertThat(r.desk.pending(10)).extracting(ReviewCase::predictionId).containsExactly(unsure.predictionId());

        PredictionResult<String> sure = r.endpoint.serve(95);
        assertThat(r.desk.await(sure, Duration.ofMinutes(1))).isCompletedWithValue(new ReviewOutcome<>(
                sure.predictionId(), "yes@95", ReviewOutcome.Kind.NOT_REVIEWED, Optional.empty()));
        assertThat(r.desk.stats()).isEqualTo(new ReviewDeskStats(0, 0, 0, 0, 0, 1, 0, 1, 0));
        assertThat(r.desk.waitingHandles()).isZero();
    }

    @Test
    void anItemPastItsDeadlineExpiresAtTheSweepAndItsHandleKeepsTheInterimAnswer() {
        Replica r = new Replica(AutomationLevel.SHADOW);
        PredictionResult<String> p = r.endpoint.serve(90);
        CompletableFuture<ReviewOutcome<String>> handle = r.desk.await(p, Duration.ofHours(3));
        CompletableFuture<ReviewOutcome<String>> again = r.desk.await(p.predictionId(), "other", Duration.ofHours(3));
        assertThat(again).isSameAs(handle);
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertThat(r.desk.sweep()).isEqualTo(1);
        assertThat(handle).isCompletedWithValue(new ReviewOutcome<>(p.predictionId(), "pending",
                ReviewOutcome.Kind.EXPIRED, Optional.empty()));
        assertThat(r.desk.stats().expired()).isEqualTo(1);
        assertThat(r.desk.sweep()).as("expired once").isZero();
        assertThatThrownBy(() -> r.desk.resolve(p.predictionId(), "alice", "no", null))
                .isInstanceOf(ReviewException.class)
                .satisfies(e -> assertThat(((ReviewException) e).reason()).isEqualTo(ReviewException.Reason.EXPIRED))
                .hasMessageContaining(p.predictionId()).hasMessageContaining("loans");
        // waiting on an item already expired completes at once
        assertThat(r.desk.await(p, Duration.ofMinutes(1)).join().kind()).isEqualTo(ReviewOutcome.Kind.EXPIRED);
    }

    @Test
    void pendingListsByPriorityThenAgeWithTheirAges() {
        Replica r = new Replica(AutomationLevel.SHADOW);
        String first = r.endpoint.serve(50).predictionId();
        clock.advance(Duration.ofSeconds(1));
        String urgent = r.endpoint.serve(10).predictionId();
        clock.advance(Duration.ofSeconds(1));
        String third = r.endpoint.serve(60).predictionId();
        clock.advance(Duration.ofSeconds(8));
        List<ReviewCase<Integer, String>> pending = r.desk.pending(10);
        assertThat(pending).extracting(ReviewCase::predictionId).containsExactly(urgent, first, third);
        assertThat(pending).extracting(ReviewCase::age).containsExactly(Duration.ofSeconds(9),
                Duration.ofSeconds(10), Duration.ofSeconds(8));
        assertThat(pending).extracting(ReviewCase::priority).containsExactly(1, 0, 0);
        assertThat(pending.get(0).deadline()).isEqualTo(Instant.parse("2026-12-05T11:00:01Z"));
        assertThat(r.desk.pending(1)).hasSize(1);
        assertThatThrownBy(() -> r.desk.pending(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be >= 1 but was 0");
    }

    @Test
    void twoReviewersNeverHoldTheSameItemAndAReleasedItemWaitsAgain() {
        Replica r = new Replica(AutomationLevel.SHADOW);
        String p1 = r.endpoint.serve(50).predictionId();
        clock.advance(Duration.ofSeconds(1));
        String p2 = r.endpoint.serve(51).predictionId();
        ClaimedReview<Integer, String> alice = r.desk.claimNext("alice", LEASE).orElseThrow();
        ClaimedReview<Integer, String> bob = r.desk.claimNext("bob", LEASE).orElseThrow();
        assertThat(alice.claim().predictionId()).isEqualTo(p1);
        assertThat(bob.claim().predictionId()).isEqualTo(p2);
        assertThat(r.desk.claimNext("carol", LEASE)).isEmpty();
        assertThatThrownBy(() -> r.desk.claim(p1, "bob", LEASE)).isInstanceOf(ReviewException.class)
                .satisfies(e -> assertThat(((ReviewException) e).reason())
                        .isEqualTo(ReviewException.Reason.CLAIMED_BY_OTHER))
                .hasMessageContaining(p1).hasMessageContaining("alice");
        assertThatThrownBy(() -> r.desk.resolve(p1, "bob", "no", null)).isInstanceOf(ReviewException.class)
                .satisfies(e -> assertThat(((ReviewException) e).reason())
                        .isEqualTo(ReviewException.Reason.CLAIMED_BY_OTHER));

        r.desk.release(alice.claim());
        assertThat(r.desk.pending(10)).extracting(ReviewCase::predictionId).containsExactly(p1);
        ClaimedReview<Integer, String> bobToo = r.desk.claim(p1, "bob", LEASE);
        assertThat(bobToo.review().claimedBy()).contains("bob");
        assertThatThrownBy(() -> r.desk.resolve(alice.claim(), "no", null)).isInstanceOf(ReviewException.class)
                .satisfies(e -> assertThat(((ReviewException) e).reason()).isEqualTo(ReviewException.Reason.CLAIM_LOST));
        assertThat(r.desk.resolve(bobToo.claim(), "yes@50", "fine").decision().orElseThrow().agreesWithModel())
                .isTrue();
        // a lapsed lease puts the item back in the queue
        clock.advance(LEASE.plusSeconds(1));
        assertThat(r.desk.pending(10)).extracting(ReviewCase::predictionId).containsExactly(p2);
    }

    @Test
    void badResolutionsGetClearErrorsAndRecordNothing() {
        Replica r = new Replica(AutomationLevel.SHADOW);
        String p = r.endpoint.serve(50).predictionId();
        assertThatThrownBy(() -> r.desk.resolve("nope", "alice", "no", null)).isInstanceOf(ReviewException.class)
                .satisfies(e -> assertThat(((ReviewException) e).reason()).isEqualTo(ReviewException.Reason.UNKNOWN))
                .hasMessageContaining("'nope'").hasMessageContaining("'loans'");
        assertThatThrownBy(() -> r.desk.resolve(p, "alice", " ", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ground truth label must not be blank but was ' '");
        assertThat(r.desk.find(p).orElseThrow().status()).isEqualTo(ReviewStatus.PENDING);
        r.desk.resolve(p, "alice", "no", null);
        assertThatThrownBy(() -> r.desk.resolve(p, "bob", "yes", null)).isInstanceOf(ReviewException.class)
                .satisfies(e -> assertThat(((ReviewException) e).reason())
                        .isEqualTo(ReviewException.Reason.ALREADY_RESOLVED));
        assertThat(r.monitor.events).hasSize(1);
        assertThat(r.desk.stats().resolved()).isEqualTo(1);
        assertThatThrownBy(() -> r.desk.await(p, "x", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout must be positive but was PT0S");
        assertThatThrownBy(() -> ReviewDesk.builder(ReviewQueue.<Integer, String>of(1), r.endpoint.feedback(),
                GroundTruth::label).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not durable");
        assertThatThrownBy(() -> ReviewQueue.durable(store, " ", INTS, TextCodec.strings(), 1, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> ReviewQueue.durable(store, "q", INTS, TextCodec.strings(), 0, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("capacity must be >= 1 but was 0");
        assertThatThrownBy(() -> ReviewQueue.durable(store, "q", INTS, TextCodec.strings(), 1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxWait must be positive but was PT0S");
        assertThatThrownBy(() -> r.queue.poll(Duration.ZERO)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("through a ReviewDesk");
    }

    @Test
    void aDecisionMadeOnAnotherReplicaCompletesTheHandleAtTheNextSweep() {
        Replica a = new Replica(AutomationLevel.SHADOW);
        Replica b = new Replica(AutomationLevel.SHADOW);
        PredictionResult<String> p = a.endpoint.serve(70);
        CompletableFuture<ReviewOutcome<String>> handle = a.desk.await(p, Duration.ofMinutes(10));
        clock.advance(Duration.ofSeconds(5));
        b.desk.resolve(p.predictionId(), "bob", "yes@70", null);
        assertThat(handle).isNotDone();
        a.desk.sweep();
        assertThat(handle.join().kind()).isEqualTo(ReviewOutcome.Kind.DECIDED);
        assertThat(handle.join().answer()).isEqualTo("yes@70");
        assertThat(handle.join().decision().orElseThrow().agreesWithModel()).isTrue();
        // b's join never saw a's prediction: the decision goes to b's unmatched listeners, rebuilt from the store
        assertThat(b.desk.stats().feedbackUnmatched()).isEqualTo(1);
        assertThat(b.unmatched.events).hasSize(1);
        assertThat(a.monitor.events).isEmpty();
    }

    @Test
    void aDecisionAfterARestartReachesTheUnmatchedListenersWithTheStoredPrediction() {
        Replica before = new Replica(AutomationLevel.PARTIAL);
        PredictionResult<String> p = before.endpoint.serve(40);
        before.endpoint.close();
        clock.advance(Duration.ofMinutes(3));
        Replica after = new Replica(AutomationLevel.PARTIAL);
        after.desk.resolve(p.predictionId(), "alice", "no", "after the restart");

        assertThat(after.monitor.events).isEmpty();
        assertThat(after.unmatched.events).hasSize(1);
        FeedbackEvent<? extends Integer, ? extends String> e = after.unmatched.events.get(0);
        assertThat(e.feedback()).isEqualTo(GroundTruth.label("no"));
        assertThat(e.receivedAt()).isEqualTo(Instant.parse("2026-12-05T10:03:00Z"));
        PredictionEvent<? extends Integer, ? extends String> prediction = e.prediction();
        assertThat(prediction.predictionId()).isEqualTo(p.predictionId());
        assertThat(prediction.input()).isEqualTo(40);
        assertThat(prediction.output().orElseThrow()).isEqualTo("yes@40");
        assertThat(prediction.confidence()).hasValue(0.4);
        assertThat(prediction.model()).isEqualTo(new ModelRef("m", 1));
        assertThat(prediction.endpoint()).isEqualTo("loans");
        assertThat(prediction.timestamp()).isEqualTo(Instant.parse("2026-12-05T10:00:00Z"));
        assertThat(after.desk.stats()).isEqualTo(new ReviewDeskStats(1, 0, 1, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void humanOnlyItemsCarryNoModelAnswerSoNoDecisionAgreesWithIt() {
        Replica r = new Replica(AutomationLevel.HUMAN_ONLY);
        String p = r.endpoint.serve(50).predictionId();
        ReviewCase<Integer, String> c = r.desk.find(p).orElseThrow();
        assertThat(c.item().modelAnswer()).isNull();
        assertThat(r.desk.resolve(p, "alice", "yes@50", null).decision().orElseThrow().agreesWithModel()).isFalse();
    }

    @Test
    void agreementFollowsAGivenEquality() {
        ReviewQueue<Integer, String> queue = ReviewQueue.durable(store, "loans", INTS, TextCodec.strings(), 10,
                Duration.ofHours(1));
        HumanReviewStrategy<Integer, String> s = HumanReviewStrategy.of(DeploymentStrategy.single(MODEL), 2.0, queue,
                Interim.defer("pending"));
        ModelEndpoint<Integer, String> e = ModelEndpoint.<Integer, String>builder("loans").strategy(s).clock(clock)
                .build();
        // "yes@50" and "yes" agree: only the word before '@' counts
        ReviewDesk<Integer, String> desk = ReviewDesk.builder(queue, e.feedback(), GroundTruth::label).clock(clock)
                .agreement((decision, model) -> decision.split("@")[0].equals(model.split("@")[0])).build();
        String agrees = e.serve(50).predictionId();
        String differs = e.serve(51).predictionId();
        assertThat(desk.resolve(agrees, "alice", "yes", null).decision().orElseThrow().agreesWithModel()).isTrue();
        assertThat(desk.resolve(differs, "alice", "no", null).decision().orElseThrow().agreesWithModel()).isFalse();
        assertThat(desk.figures().agreed()).isEqualTo(1);
        assertThat(desk.figures().agreementRate()).isEqualTo(0.5);
        // nobody listens for feedback on this endpoint: the decisions are unmatched, and counted
        assertThat(desk.stats().feedbackUnmatched()).isEqualTo(2);
    }

    @Test
    void aScheduledSweepThatFailsIsCountedAndTheNextOneRunsUntilTheDeskCloses() throws Exception {
        java.util.concurrent.atomic.AtomicInteger expires = new java.util.concurrent.atomic.AtomicInteger();
        ReviewStore failing = (ReviewStore) java.lang.reflect.Proxy.newProxyInstance(ReviewStore.class.getClassLoader(),
                new Class<?>[] {ReviewStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("expire")) {
                        expires.incrementAndGet();
                        throw new org.mlops4j.core.StoreException("database down");
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ReviewQueue<Integer, String> queue = ReviewQueue.durable(failing, "loans", INTS, TextCodec.strings(), 10,
                Duration.ofHours(1));
        ModelEndpoint<Integer, String> e = ModelEndpoint.<Integer, String>builder("loans")
                .strategy(HumanReviewStrategy.of(DeploymentStrategy.single(MODEL), 2.0, queue, Interim.defer("p")))
                .build();
        ReviewDesk<Integer, String> desk = ReviewDesk.builder(queue, e.feedback(), GroundTruth::label).build();
        assertThatThrownBy(() -> desk.schedule(java.util.concurrent.Executors.newSingleThreadScheduledExecutor(),
                Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("period must be positive but was PT0S");
        java.util.concurrent.ScheduledExecutorService scheduler =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            java.util.concurrent.ScheduledFuture<?> task = desk.schedule(scheduler, Duration.ofMillis(1));
            while (desk.stats().sweepFailures() < 2) {
                Thread.onSpinWait();
            }
            assertThat(expires.get()).isGreaterThanOrEqualTo(2);
            desk.close();
            assertThat(task.isCancelled()).isTrue();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void aBackOfficeReadsTheQueueAndItsCodecsAndResolvesFromTheStoredTextForm() {
        Replica r = new Replica(AutomationLevel.PARTIAL);
        PredictionResult<String> unsure = r.endpoint.serve(40);
        assertThat(r.desk.queue()).isEqualTo("loans");
        assertThat(r.desk.inputCodec()).isSameAs(INTS);
        ReviewCase<Integer, String> waiting = r.desk.pending(1).get(0);
        assertThat(r.desk.inputCodec().encode(waiting.item().input())).isEqualTo("40");
        assertThat(r.desk.answerCodec().encode(waiting.item().modelAnswer())).isEqualTo("yes@40");

        ReviewCase<Integer, String> done = r.desk.resolve(unsure.predictionId(), "bob",
                r.desk.answerCodec().decode("yes@40"), null);
        assertThat(done.decision().orElseThrow().decision()).isEqualTo("yes@40");
        assertThat(done.decision().orElseThrow().agreesWithModel()).isTrue();
        assertThat(r.monitor.events).extracting(FeedbackEvent::feedback).containsExactly(GroundTruth.label("yes@40"));
    }
}
