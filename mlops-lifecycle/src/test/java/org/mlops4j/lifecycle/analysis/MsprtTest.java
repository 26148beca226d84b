package org.mlops4j.lifecycle.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mlops4j.lifecycle.analysis.Reference.assertClose;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mlops4j.lifecycle.analysis.MsprtResult.Decision;

class MsprtTest {

    private static final double RELATIVE = 1e-9;

    /** Interleaves one control and one treatment observation, looking after each one. */
    private static long firstStop(Msprt test, SplittableRandom random, double controlRate,
                                  double treatmentRate, int perArm) {
        for (int n = 1; n <= perArm; n++) {
            test.recordControl(random.nextDouble() < controlRate);
            if (test.current().stopped()) {
                return n;
            }
            test.recordTreatment(random.nextDouble() < treatmentRate);
            if (test.current().stopped()) {
                return n;
            }
        }
        return -1;
    }

    @Test
    void underEqualRatesPeekingAfterEveryObservationRarelyRejects() {
        // 300 runs of up to 20,000 observations per arm at 0.02 vs 0.02, a look after each one.
        // Measured: 8 of 300 runs ever reject (2.7%). The guarantee is <= alpha = 5%; the
        // bound asserted is alpha plus 2.33 Monte Carlo standard errors, sqrt(0.05*0.95/300),
        // i.e. 0.05 + 0.029 = 0.079 (one-sided 99%).
        SplittableRandom seeds = new SplittableRandom(20250301);
        int runs = 300;
        int rejections = 0;
        for (int run = 0; run < runs; run++) {
            Msprt test = Msprt.builder().build();
            if (firstStop(test, seeds.split(), 0.02, 0.02, 20_000) > 0) {
                rejections++;
            }
        }
        double rate = (double) rejections / runs;
        assertThat(rate).isLessThanOrEqualTo(0.05 + 2.33 * Math.sqrt(0.05 * 0.95 / runs));
        assertThat(rejections).isEqualTo(8);
    }

    @Test
    void muchWorseCandidateIsStoppedEarlyAsTreatmentWorse() {
        // Bounds from the script: the plug-in Lambda (true rates, V = 0.1096 / n) reaches
        // 1/alpha = 20 at n = 403 per arm; with theta shrunk by 3 standard errors at n = 819.
        JsonNode bounds = Reference.root().get("msprt").get("stopping");
        Msprt test = Msprt.builder().alpha(bounds.get("alpha").asDouble())
                .tau(bounds.get("tau").asDouble()).build();

        long stoppedAt = firstStop(test, new SplittableRandom(42),
                bounds.get("control_rate").asDouble(), bounds.get("treatment_rate").asDouble(), 20_000);

        MsprtResult result = test.current();
        assertThat(result.decision()).isEqualTo(Decision.TREATMENT_WORSE);
        assertThat(result.pValue()).isLessThan(0.05);
        assertThat(stoppedAt).isBetween(100L, bounds.get("n_three_sigma").asLong());
        assertThat(stoppedAt).isEqualTo(420);
    }

    @Test
    void oneSidedTestDoesNotStopForABetterCandidate() {
        Msprt twoSided = Msprt.builder().build();
        Msprt oneSided = Msprt.builder().oneSided(true).build();

        long twoSidedStop = firstStop(twoSided, new SplittableRandom(5), 0.10, 0.02, 5_000);
        long oneSidedStop = firstStop(oneSided, new SplittableRandom(5), 0.10, 0.02, 5_000);

        assertThat(twoSidedStop).isPositive();
        assertThat(twoSided.current().decision()).isEqualTo(Decision.TREATMENT_BETTER);
        assertThat(oneSidedStop).isEqualTo(-1);
        assertThat(oneSided.current().pValue()).isEqualTo(1.0);
    }

    @Test
    void lambdaAndAlwaysValidPValueMatchTheScript() {
        for (JsonNode sequence : Reference.root().get("msprt").get("sequences")) {
            String id = sequence.get("id").asText();
            Msprt test = Msprt.builder().tau(sequence.get("tau").asDouble())
                    .minSamplesPerArm(sequence.get("min_samples").asLong()).build();
            for (JsonNode step : sequence.get("steps")) {
                JsonNode c = step.get("counts");
                MsprtResult r = test.update(c.get(0).asLong(), c.get(1).asLong(), c.get(2).asLong(),
                        c.get(3).asLong());
                String at = id + " at " + c;
                assertClose(at + " theta", r.thetaHat(), step.get("theta").asDouble(), RELATIVE);
                assertClose(at + " variance", r.variance(), step.get("variance").asDouble(), RELATIVE);
                assertClose(at + " lambda", r.lambda(), step.get("lambda").asDouble(), RELATIVE);
                assertClose(at + " p", r.pValue(), step.get("p_value").asDouble(), RELATIVE);
                assertThat(r.stopped()).as(at).isEqualTo(r.pValue() < 0.05);
            }
        }
    }

    @Test
    void pValueNeverIncreasesAndTheDecisionSticks() {
        Msprt test = Msprt.builder().minSamplesPerArm(10).build();
        MsprtResult worse = test.update(10, 1000, 400, 1000);
        MsprtResult converged = test.update(1000, 50_000, 1001, 50_000);

        assertThat(worse.decision()).isEqualTo(Decision.TREATMENT_WORSE);
        assertThat(converged.lambda()).isLessThan(1);
        assertThat(converged.pValue()).isEqualTo(worse.pValue());
        assertThat(converged.decision()).isEqualTo(Decision.TREATMENT_WORSE);
    }

    @Test
    void perfectSeparationHasInfiniteEvidence() {
        MsprtResult r = Msprt.builder().build().update(0, 100, 100, 100);

        assertThat(r.variance()).isZero();
        assertThat(r.lambda()).isInfinite();
        assertThat(r.pValue()).isZero();
        assertThat(r.decision()).isEqualTo(Decision.TREATMENT_WORSE);
        assertThat(Msprt.builder().build().current())
                .isEqualTo(new MsprtResult(Decision.CONTINUE, 1, 0, 0, 1, 0, 0, 0, 0));
    }

    @Test
    void concurrentRecordsAreAllCounted() throws InterruptedException {
        Msprt test = Msprt.builder().build();
        int threads = 8;
        int perThread = 10_000;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    test.recordControl(i % 50 == 0);
                    test.recordTreatment(i % 25 == 0);
                    if (i % 1000 == 0) {
                        MsprtResult r = test.current();
                        assertThat(r.controlFailures()).isLessThanOrEqualTo(r.controlTrials());
                    }
                }
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        MsprtResult r = test.current();
        assertThat(r.controlTrials()).isEqualTo(threads * perThread);
        assertThat(r.controlFailures()).isEqualTo(threads * perThread / 50);
        assertThat(r.treatmentFailures()).isEqualTo(threads * perThread / 25);
    }

    @Test
    void badCountsAndSettingsAreRejectedNamingTheArgumentAndValue() {
        Msprt test = Msprt.builder().build();
        test.update(5, 200, 6, 210);

        assertThatThrownBy(() -> test.update(-1, 200, 6, 210))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("controlFailures must be in [0, controlTrials = 200] but was -1");
        assertThatThrownBy(() -> test.update(5, 200, 300, 210))
                .hasMessage("treatmentFailures must be in [0, treatmentTrials = 210] but was 300");
        assertThatThrownBy(() -> test.update(5, -200, 6, 210))
                .hasMessage("controlTrials must be >= 0 but was -200");
        assertThatThrownBy(() -> test.update(5, 199, 6, 210))
                .hasMessage("controlTrials is cumulative and must not decrease below 200 but was 199");
        assertThatThrownBy(() -> test.update(5, 200, 6, 209))
                .hasMessage("treatmentTrials is cumulative and must not decrease below 210 but was 209");
        assertThat(test.current().controlTrials()).isEqualTo(200);

        assertThatThrownBy(() -> Msprt.builder().alpha(Double.NaN))
                .hasMessage("alpha must be in (0, 1) but was NaN");
        assertThatThrownBy(() -> Msprt.builder().tau(0))
                .hasMessage("tau must be finite and > 0 but was 0.0");
        assertThatThrownBy(() -> Msprt.builder().minSamplesPerArm(0))
                .hasMessage("minSamplesPerArm must be >= 1 but was 0");
    }
}
