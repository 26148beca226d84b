package org.mlops4j.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.ShadowComparator;
import org.mlops4j.serving.ShadowConfig;
import org.mlops4j.serving.ShadowStrategy;
import org.mlops4j.serving.ShadowSummary;
import org.mlops4j.serving.Variant;

class HotPathGuideTest {

    @Test
    void theListenerCountsTheAnswersSlowerThanTheLimit() {
        Variant<Long, Long> sleepy = Variant.of("champion", millis -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return millis;
        }, new ModelRef("m", 1));
        try (ModelEndpoint<Long, Long> endpoint = ModelEndpoint.<Long, Long>builder("guide")
                .strategy(DeploymentStrategy.single(sleepy)).build()) {
            LongAdder slow = HotPathGuide.countSlowAnswers(endpoint, 100_000_000L);
            for (long millis : new long[] {0, 300, 0, 0, 250, 0}) {
                endpoint.predict(millis);
            }
            assertThat(slow.sum()).isEqualTo(2);
        }
    }

    @Test
    void endingAShadowCountsItsQueuedCallsAsDropped() throws Exception {
        CountDownLatch hung = new CountDownLatch(1);
        Variant<Long, Long> champion = Variant.of("champion", x -> x, new ModelRef("m", 1));
        Variant<Long, Long> hanging = Variant.of("candidate", x -> {
            hung.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return x;
        }, new ModelRef("m", 2));
        ShadowStrategy<Long, Long> shadow = ShadowStrategy.of(champion, hanging,
                ShadowConfig.ofDefaults().withThreads(1).withQueueCapacity(100).withTimeout(Duration.ofMinutes(5)),
                ShadowComparator.equality());
        try (ModelEndpoint<Long, Long> endpoint = ModelEndpoint.<Long, Long>builder("guide").strategy(shadow)
                .build()) {
            endpoint.predict(0L);
            assertThat(hung.await(30, TimeUnit.SECONDS)).isTrue();
            for (long i = 1; i <= 40; i++) {
                assertThat(endpoint.predict(i)).isEqualTo(i);
            }
            ShadowSummary last = HotPathGuide.endShadow(endpoint, shadow, DeploymentStrategy.single(champion));
            // 40 calls waited in the queue; the running one is interrupted, and dropped too once
            // its thread sees the close.
            assertThat(last.dropped()).isBetween(40L, 41L);
            assertThat(last.compared()).isZero();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (shadow.summary().dropped() < 41) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(5);
            }
            assertThat(shadow.summary().mirrored()).isZero();
            assertThat(endpoint.predict(41L)).isEqualTo(41L);
        }
    }
}
