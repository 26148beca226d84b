package org.mlops4j.tracking.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.PredictionListener;
import org.mlops4j.core.feedback.FeedbackEvent;
import org.mlops4j.core.feedback.FeedbackListener;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.review.ReviewStatus;
import org.mlops4j.core.review.ReviewStore;
import org.mlops4j.serving.ClaimedReview;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.HumanReviewStrategy;
import org.mlops4j.serving.Interim;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.PredictionResult;
import org.mlops4j.serving.ReviewCase;
import org.mlops4j.serving.ReviewDesk;
import org.mlops4j.serving.ReviewDeskStats;
import org.mlops4j.serving.ReviewOutcome;
import org.mlops4j.serving.ReviewQueue;
import org.mlops4j.serving.TextCodec;
import org.mlops4j.serving.Variant;

/**
 * Human review end to end on an SQLite file: a prediction queued by one process is decided after a
 * restart (a new endpoint, desk and store on the same file), and the decision reaches feedback.
 */
class SqliteReviewDeskTest {

    /** Answers "yes@x" with confidence x / 100. */
    private static final Variant<Integer, String> MODEL = Variant.of("champion", x -> "yes@" + x,
            new ModelRef("loans", 4));

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));

    /** Stands for a monitor: the join remembers predictions for it and delivers their feedback. */
    static final class Labels implements PredictionListener<Integer, String>, FeedbackListener<Integer, String> {
        final List<FeedbackEvent<? extends Integer, ? extends String>> received = new ArrayList<>();

        @Override
        public void onPrediction(PredictionEvent<? extends Integer, ? extends String> event) {
        }

        @Override
        public void onFeedback(FeedbackEvent<? extends Integer, ? extends String> event) {
            received.add(event);
        }
    }

    /** One process: its store on the file, endpoint, desk, monitor and unmatched listener. */
    final class Process implements AutoCloseable {
        final JdbcStore jdbc;
        final ReviewStore store;
        final ModelEndpoint<Integer, String> endpoint;
        final ReviewDesk<Integer, String> desk;
        final Labels monitor = new Labels();
        final Labels unmatched = new Labels();

        Process() {
            jdbc = JdbcStore.sqlite(dir.resolve("review.db"));
            store = new JdbcReviewStore(jdbc, clock);
            ReviewQueue<Integer, String> queue = ReviewQueue.durable(store, "loans",
                    TextCodec.of(String::valueOf, Integer::valueOf), TextCodec.strings(), 100, Duration.ofHours(4));
            endpoint = ModelEndpoint.<Integer, String>builder("loans")
                    .strategy(HumanReviewStrategy.of(DeploymentStrategy.single(MODEL), 0.8, queue,
                            Interim.defer("pending")))
                    .clock(clock).confidence(out -> Integer.parseInt(out.substring(4)) / 100.0).listener(monitor)
                    .build();
            desk = ReviewDesk.builder(queue, endpoint.feedback(), GroundTruth::label).clock(clock)
                    .unmatchedListener(unmatched).build();
        }

        @Override
        public void close() {
            desk.close();
            endpoint.close();
            store.close();
            jdbc.close();
        }
    }

    @Test
    void aPredictionQueuedBeforeARestartIsDecidedAfterItAndTheDecisionBecomesFeedback() throws Exception {
        String before;
        try (Process first = new Process()) {
            PredictionResult<String> served = first.endpoint.serve(40);
            assertThat(served.output()).isEqualTo("pending");
            before = served.predictionId();
            assertThat(first.endpoint.predict(95)).isEqualTo("yes@95");
        }

        clock.advance(Duration.ofMinutes(30));
        try (Process second = new Process()) {
            // the item survived the restart, with its typed input, the model's answer and its age
            List<ReviewCase<Integer, String>> pending = second.desk.pending(10);
            assertThat(pending).hasSize(1);
            assertThat(pending.get(0).predictionId()).isEqualTo(before);
            assertThat(pending.get(0).item().input()).isEqualTo(40);
            assertThat(pending.get(0).item().modelAnswer()).isEqualTo("yes@40");
            assertThat(pending.get(0).item().model()).isEqualTo(new ModelRef("loans", 4));
            assertThat(pending.get(0).age()).isEqualTo(Duration.ofMinutes(30));

            // a caller of the new process waits for its own unsure prediction
            PredictionResult<String> now = second.endpoint.serve(30);
            CompletableFuture<ReviewOutcome<String>> handle = second.desk.await(now, Duration.ofMinutes(10));

            ClaimedReview<Integer, String> old = second.desk.claimNext("alice", Duration.ofMinutes(5)).orElseThrow();
            assertThat(old.claim().predictionId()).isEqualTo(before);
            clock.advance(Duration.ofMinutes(1));
            second.desk.resolve(old.claim(), "no", "income not verified");
            second.desk.resolve(now.predictionId(), "bob", "yes@30", null);

            // the pre-restart prediction: the new join never saw it, so the unmatched listener gets it
            assertThat(second.unmatched.received).hasSize(1);
            FeedbackEvent<? extends Integer, ? extends String> rebuilt = second.unmatched.received.get(0);
            assertThat(rebuilt.prediction().predictionId()).isEqualTo(before);
            assertThat(rebuilt.prediction().input()).isEqualTo(40);
            assertThat(rebuilt.feedback()).isEqualTo(GroundTruth.label("no"));
            // the new prediction: joined through the endpoint's feedback path, and the caller has its answer
            assertThat(second.monitor.received).hasSize(1);
            assertThat(second.monitor.received.get(0).feedback()).isEqualTo(GroundTruth.label("yes@30"));
            assertThat(handle.join().kind()).isEqualTo(ReviewOutcome.Kind.DECIDED);
            assertThat(handle.join().answer()).isEqualTo("yes@30");
            assertThat(second.desk.stats()).isEqualTo(new ReviewDeskStats(2, 1, 1, 0, 1, 0, 0, 0, 0));
        }

        clock.advance(Duration.ofMinutes(1));
        try (Process third = new Process()) {
            // the decisions are durable too
            ReviewCase<Integer, String> decided = third.desk.find(before).orElseThrow();
            assertThat(decided.status()).isEqualTo(ReviewStatus.RESOLVED);
            assertThat(decided.decision().orElseThrow().reviewer()).isEqualTo("alice");
            assertThat(decided.decision().orElseThrow().comment()).contains("income not verified");
            assertThat(decided.decision().orElseThrow().resolvedAt()).isEqualTo(Instant.parse("2026-12-05T10:31:00Z"));
            assertThat(third.desk.figures().resolved()).isEqualTo(2);
            assertThat(third.desk.figures().agreed()).isEqualTo(1);
            assertThat(third.desk.pending(10)).isEmpty();
        }
    }
}
