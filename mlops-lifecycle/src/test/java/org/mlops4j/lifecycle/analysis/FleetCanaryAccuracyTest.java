package org.mlops4j.lifecycle.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.feedback.FeedbackEvent;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.fleet.FleetFigures;
import org.mlops4j.core.fleet.FleetWindows;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.rollout.AnalysisOutcome;
import org.mlops4j.core.rollout.CheckResult;
import org.mlops4j.core.rollout.RolloutContext;
import org.mlops4j.core.rollout.ShadowCounts;
import org.mlops4j.core.signal.VariantFigures;
import org.mlops4j.monitoring.FleetPublisher;
import org.mlops4j.monitoring.ModelMonitor;

/** The canary analysis's accuracy check on the figures of a fleet: labels that three replicas received. */
class FleetCanaryAccuracyTest {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    private static final ModelRef CHAMPION = new ModelRef("m", 1);
    private static final ModelRef CANDIDATE = new ModelRef("m", 2);

    @Test
    void theFleetsLabelsFailAWorseCandidate() {
        ManualClock clock = new ManualClock(T0);
        FleetWindows store = FleetWindows.inMemory();
        SplittableRandom rnd = new SplittableRandom(18);
        List<ModelMonitor<Object>> replicas = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            replicas.add(ModelMonitor.builder(OutputReader.classifier((Object o) -> (String) o))
                    .windowSize(10_000).windowDuration(Duration.ofMinutes(1)).clock(clock).sameThreadAnalysis()
                    .listener(new FleetPublisher("pod-" + r, store)).build());
        }
        // Each replica serves 400 calls, half to each arm, and receives every label: the champion is right
        // 95% of the time, the candidate 80%.
        for (int r = 0; r < 3; r++) {
            for (int i = 0; i < 400; i++) {
                boolean candidate = i % 2 == 0;
                PredictionEvent<Object, Object> e = PredictionEvent.success(r + "-" + i, T0.plusSeconds(1), "e",
                        candidate ? "candidate" : "champion", candidate ? CANDIDATE : CHAMPION, null, "yes", 0.9,
                        1_000_000);
                replicas.get(r).onPrediction(e);
                boolean right = rnd.nextDouble() < (candidate ? 0.8 : 0.95);
                replicas.get(r).onFeedback(new FeedbackEvent<>(e, GroundTruth.label(right ? "yes" : "no"),
                        clock.now()));
            }
        }
        clock.advance(Duration.ofMinutes(2));
        replicas.forEach(ModelMonitor::flush);

        FleetFigures fleet = FleetFigures.since(store, T0);
        VariantFigures champion = fleet.figures("e", "champion", CHAMPION).orElseThrow();
        VariantFigures candidate = fleet.figures("e", "candidate", CANDIDATE).orElseThrow();
        assertThat(champion.labelled()).isEqualTo(600);
        assertThat(candidate.labelled()).isEqualTo(600);
        CanaryAnalysis analysis = CanaryAnalysis.of(CanaryAnalysisConfig.builder().minSamples(100).minLabelled(100)
                .build());
        RolloutContext context = new RolloutContext("e", "champion", CHAMPION, "candidate", CANDIDATE, 0, "step 0",
                false, 5_000, T0, T0.plusSeconds(120), ShadowCounts.NONE, champion, candidate, champion, candidate);
        analysis.stepStarted(context);
        CheckResult accuracy = analysis.analyse(context).checks().stream().filter(c -> c.name().equals("accuracy"))
                .findFirst().orElseThrow();
        assertThat(accuracy.outcome()).as(accuracy.detail()).isEqualTo(AnalysisOutcome.FAIL);
        assertThat(accuracy.detail()).contains("/600");
    }
}
