package org.mlops4j.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.PredictionListener;
import org.mlops4j.core.feedback.FeedbackEvent;
import org.mlops4j.core.feedback.FeedbackListener;
import org.mlops4j.core.feedback.FeedbackMismatchException;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.feedback.PredictionField;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.review.ReviewStore;

/** The desk's less travelled paths: paging, cancelled handles, failing listeners, bad settings. */
class ReviewDeskEdgeTest {

    private static final Variant<Integer, String> MODEL = Variant.of("champion", x -> "yes@" + x, new ModelRef("m", 1));
    private static final TextCodec<Integer> INTS = TextCodec.of(String::valueOf, Integer::valueOf);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));
    private final ReviewStore store = ReviewStore.inMemory(clock);
    private final ReviewQueue<Integer, String> queue = ReviewQueue.durable(store, "loans", INTS, TextCodec.strings(),
            10_000, Duration.ofHours(1));

    private ModelEndpoint<Integer, String> endpoint(AutomationLevel level, PredictionListener<Integer, String> l) {
        HumanReviewStrategy<Integer, String> s = HumanReviewStrategy.of(DeploymentStrategy.single(MODEL), 0.8, queue,
                Interim.defer("pending")).withAutomation(level);
        ModelEndpoint.Builder<Integer, String> b = ModelEndpoint.<Integer, String>builder("loans").strategy(s)
                .clock(clock);
        return (l == null ? b : b.listener(l)).build();
    }

    private ReviewDesk<Integer, String> desk(ModelEndpoint<Integer, String> e) {
        return ReviewDesk.builder(queue, e.feedback(), GroundTruth::label).clock(clock).build();
    }

    @Test
    void aDecisionMadeBeforeTheCallerAsksCompletesItsHandleAtOnce() {
        ModelEndpoint<Integer, String> e = endpoint(AutomationLevel.SHADOW, null);
        ReviewDesk<Integer, String> desk = desk(e);
        PredictionResult<String> p = e.serve(10);
        desk.resolve(p.predictionId(), "alice", "no", null);
        CompletableFuture<ReviewOutcome<String>> handle = desk.await(p, Duration.ofMinutes(1));
        assertThat(handle).isDone();
        assertThat(handle.join().answer()).isEqualTo("no");
        assertThat(desk.stats().decided()).isEqualTo(1);
    }

    @Test
    void theSweepFindsTheDecisionsOfHandlesThatStartedWaitingAtDifferentTimes() {
        ModelEndpoint<Integer, String> e = endpoint(AutomationLevel.SHADOW, null);
        ReviewDesk<Integer, String> here = desk(e);
        ReviewDesk<Integer, String> there = desk(e);
        PredictionResult<String> older = e.serve(1);
        PredictionResult<String> newer = e.serve(2);
        CompletableFuture<ReviewOutcome<String>> olderHandle = here.await(older, Duration.ofHours(1));
        clock.advance(Duration.ofSeconds(1));
        there.resolve(older.predictionId(), "bob", "no", null);
        clock.advance(Duration.ofSeconds(1));
        CompletableFuture<ReviewOutcome<String>> newerHandle = here.await(newer, Duration.ofHours(1));
        here.sweep();
        assertThat(olderHandle).isDone();
        assertThat(newerHandle).isNotDone();
    }

    @Test
    void theSweepPagesThroughMoreDecisionsThanOnePage() {
        ModelEndpoint<Integer, String> e = endpoint(AutomationLevel.SHADOW, null);
        ReviewDesk<Integer, String> here = desk(e);
        ReviewDesk<Integer, String> there = desk(e);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i <= ReviewDesk.PAGE; i++) {
            ids.add(e.serve(i).predictionId());
        }
        CompletableFuture<ReviewOutcome<String>> last = here.await(ids.get(ReviewDesk.PAGE), "pending",
                Duration.ofHours(1));
        for (String id : ids) {
            clock.advance(Duration.ofMillis(1));
            there.resolve(id, "bob", "no", null);
        }
        here.sweep();
        assertThat(last).isDone();
        assertThat(last.join().kind()).isEqualTo(ReviewOutcome.Kind.DECIDED);
    }

    @Test
    void aHandleTheCallerCancelledIsNotCountedAsDecided() {
        ModelEndpoint<Integer, String> e = endpoint(AutomationLevel.SHADOW, null);
        ReviewDesk<Integer, String> desk = desk(e);
        PredictionResult<String> p = e.serve(10);
        desk.await(p, Duration.ofMinutes(1)).cancel(false);
        desk.resolve(p.predictionId(), "alice", "no", null);
        assertThat(desk.stats().decided()).isZero();
        assertThat(desk.waitingHandles()).isZero();
    }

    /** A monitor that cannot use a label: the join throws FeedbackMismatchException after delivering. */
    static final class Refusing implements PredictionListener<Integer, String>, FeedbackListener<Integer, String> {
        @Override
        public void onPrediction(PredictionEvent<? extends Integer, ? extends String> event) {
        }

        @Override
        public void onFeedback(FeedbackEvent<? extends Integer, ? extends String> event) {
            throw new FeedbackMismatchException("a regression monitor got a label");
        }

        @Override
        public Set<PredictionField> reads() {
            return Set.of();
        }
    }

    @Test
    void feedbackThatFailsIsCountedAndTheDecisionStaysRecorded() {
        ModelEndpoint<Integer, String> e = endpoint(AutomationLevel.SHADOW, new Refusing());
        ReviewDesk<Integer, String> desk = desk(e);
        String p = e.serve(10).predictionId();
        assertThat(desk.resolve(p, "alice", "no", null).decision()).isPresent();
        assertThat(desk.stats()).isEqualTo(new ReviewDeskStats(1, 0, 0, 1, 0, 0, 0, 0, 0));

        List<String> seen = new ArrayList<>();
        ReviewDesk<Integer, String> other = ReviewDesk.builder(queue, endpoint(AutomationLevel.SHADOW, null).feedback(),
                GroundTruth::label).clock(clock).endpoint("loans-api").unmatchedListener(f -> {
                    throw new IllegalStateException("writer down");
                }).unmatchedListener(f -> seen.add(f.prediction().endpoint())).build();
        String q = e.serve(11).predictionId();
        other.resolve(q, "alice", "no", null);
        assertThat(seen).containsExactly("loans-api");
        assertThat(other.stats()).isEqualTo(new ReviewDeskStats(1, 0, 1, 1, 0, 0, 0, 0, 0));
    }

    @Test
    void humanOnlyNeverAgreesEvenWithAnAgreementThatAlwaysSaysYes() {
        ModelEndpoint<Integer, String> e = endpoint(AutomationLevel.HUMAN_ONLY, null);
        ReviewDesk<Integer, String> desk = ReviewDesk.builder(queue, e.feedback(), GroundTruth::label).clock(clock)
                .agreement((a, b) -> true).build();
        String p = e.serve(10).predictionId();
        assertThat(desk.resolve(p, "alice", "yes@10", null).decision().orElseThrow().agreesWithModel()).isFalse();
    }

    @Test
    void aSweepExpiresItemsNobodyWaitsFor() {
        ModelEndpoint<Integer, String> e = endpoint(AutomationLevel.SHADOW, null);
        ReviewDesk<Integer, String> desk = desk(e);
        e.serve(1);
        e.serve(2);
        clock.advance(Duration.ofHours(2));
        assertThat(desk.sweep()).isEqualTo(2);
        assertThat(desk.figures().expired()).isEqualTo(2);
    }

    @Test
    void badSettingsAreRefusedAndDescriptionsNameTheQueue() throws Exception {
        ModelEndpoint<Integer, String> e = endpoint(AutomationLevel.SHADOW, null);
        ReviewDesk<Integer, String> desk = desk(e);
        assertThatThrownBy(() -> desk.await("p", "x", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be positive but was PT-1S");
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            assertThatThrownBy(() -> desk.schedule(scheduler, Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("period must be positive but was PT-1S");
        } finally {
            scheduler.shutdownNow();
            assertThat(scheduler.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
        desk.close();  // nothing scheduled: nothing to cancel
        assertThatThrownBy(() -> ReviewQueue.durable(store, "q", INTS, TextCodec.strings(), 1, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxWait must be positive but was PT-1S");
        assertThat(queue.capacity()).isEqualTo(10_000);
        assertThat(queue.toString()).startsWith("ReviewQueue.durable(loans in ").endsWith(", 10000)");
        assertThat(desk.toString()).startsWith("ReviewDesk[loans in ");
        assertThat(ReviewQueue.of(3).toString()).isEqualTo("ReviewQueue.of(3)");
        assertThat(ReviewQueue.shared(org.mlops4j.core.fleet.FleetState.inMemory(), "x", 3, INTS, TextCodec.strings())
                .toString()).startsWith("ReviewQueue.shared(review/x in ");
    }

    @Test
    void storedModelsReadBackAndAMalformedOneIsNamed() {
        assertThat(StoredReviewItems.model("fraud/3")).isEqualTo(new ModelRef("fraud", 3));
        assertThat(StoredReviewItems.model("fraud-eu/12")).isEqualTo(new ModelRef("fraud-eu", 12));
        assertThat(StoredReviewItems.model("a/1")).isEqualTo(new ModelRef("a", 1));
        assertThatThrownBy(() -> StoredReviewItems.model("/3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model must be 'name/version' but was '/3'");
        assertThatThrownBy(() -> StoredReviewItems.model("fraud")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOutcomeCarriesADecisionExactlyWhenDecided() {
        HumanDecision<String> d = new HumanDecision<>("no", "alice", Optional.empty(), false, Instant.EPOCH);
        assertThatThrownBy(() -> new ReviewOutcome<>("p", "no", ReviewOutcome.Kind.DECIDED, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("decision must be present exactly for DECIDED but kind was DECIDED and decision Optional.empty");
        assertThatThrownBy(() -> new ReviewOutcome<>("p", "no", ReviewOutcome.Kind.TIMED_OUT, Optional.of(d)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new ReviewOutcome<>("p", "no", ReviewOutcome.Kind.DECIDED, Optional.of(d)).answer()).isEqualTo("no");
    }

    @Test
    void aBlockedOfferOnADurableQueueGoesInWhenAReviewerMakesRoom() throws Exception {
        ReviewQueue<Integer, String> small = ReviewQueue.durable(store, "small", INTS, TextCodec.strings(), 1,
                Duration.ofHours(1));
        HumanReviewStrategy<Integer, String> s = HumanReviewStrategy.of(DeploymentStrategy.single(MODEL), 2.0, small,
                Interim.defer("pending")).whenFull(QueueFullPolicy.block(Duration.ofSeconds(30)));
        ModelEndpoint<Integer, String> e = ModelEndpoint.<Integer, String>builder("small").strategy(s).clock(clock)
                .build();
        ReviewDesk<Integer, String> desk = ReviewDesk.builder(small, e.feedback(), GroundTruth::label).clock(clock)
                .build();
        String first = e.serve(1).predictionId();
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> e.predict(2));
        while (s.stats().blockedWhenFull() == 0) {
            Thread.onSpinWait();
        }
        desk.resolve(first, "alice", "no", null);
        assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo("pending");
        assertThat(desk.pending(10)).extracting(c -> c.item().input()).containsExactly(2);
        assertThat(s.stats()).isEqualTo(new HumanReviewStats(0, 2, 2, 1, 0, 0, 0));
    }

    @Test
    void theDecoratorDelegatesRoutingFeedbackAttachAndClose() {
        List<String> calls = new ArrayList<>();
        DeploymentStrategy<Integer, String> inner = new DeploymentStrategy<>() {
            @Override
            public Variant<Integer, String> select(String routingKey) {
                return MODEL;
            }

            @Override
            public Variant<Integer, String> fallback() {
                return MODEL;
            }

            @Override
            public List<Variant<Integer, String>> variants() {
                return List.of(MODEL);
            }

            @Override
            public Map<String, Double> trafficShares() {
                return Map.of("champion", 1.0);
            }

            @Override
            public boolean observesFeedback() {
                return true;
            }

            @Override
            public void onFeedback(FeedbackEvent<? extends Integer, ? extends String> event) {
                calls.add("feedback " + event.feedback());
            }

            @Override
            public void attach(RoutingChangeSink sink) {
                calls.add("attach");
            }

            @Override
            public void close() {
                calls.add("close");
            }
        };
        HumanReviewStrategy<Integer, String> s = HumanReviewStrategy.of(inner, 0.5, ReviewQueue.of(1),
                Interim.defer("p"));
        ModelEndpoint<Integer, String> e = ModelEndpoint.<Integer, String>builder("x").strategy(s).build();
        assertThat(s.fallback()).isSameAs(MODEL);
        assertThat(s.variants()).containsExactly(MODEL);
        assertThat(s.trafficShares()).isEqualTo(Map.of("champion", 1.0));
        assertThat(s.observesFeedback()).isTrue();
        String id = e.serve(1).predictionId();
        e.feedback().record(id, GroundTruth.label("no"));
        e.close();
        assertThat(calls).containsExactly("attach", "feedback GroundTruth[label=no]", "close");
    }
}
