package org.mlops4j.monitoring.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.review.NewReview;
import org.mlops4j.core.review.ReviewDecision;
import org.mlops4j.core.review.ReviewStore;
import org.mlops4j.core.signal.SignalKind;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.AlertSinks;
import org.mlops4j.monitoring.alert.InMemoryAlertSink;
import org.mlops4j.monitoring.alert.MetricSample;
import org.mlops4j.monitoring.testlog.CapturingLogProvider;

class ReviewMonitorTest {

    private final ManualClock clock = ManualClock.startingAtEpoch2024();
    private final ReviewStore store = ReviewStore.inMemory(clock);

    /** Enqueues an item now, due in {@code due}. */
    static void add(ReviewStore store, ManualClock clock, String queue, String id, Duration due) {
        assertThat(store.add(queue, new NewReview(id, "{\"amount\":12}", "fraud", 0.55, "fraud/1", clock.now(), 0,
                clock.now().plus(due)), 10_000)).hasToString("ADDED");
    }

    static void resolve(ReviewStore store, String queue, String id, boolean agrees) {
        store.resolve(queue, id, new ReviewDecision(agrees ? "fraud" : "legit", "anna", Optional.empty(), agrees),
                OptionalLong.empty());
    }

    @Test
    void depthClaimedAndAgesAreTheStoresNearestRankQuantiles() {
        // 200 items enqueued one a second: at the reading their ages are 1 s .. 200 s.
        for (int i = 0; i < 200; i++) {
            add(store, clock, "fraud", "p" + i, Duration.ofDays(1));
            clock.advance(Duration.ofSeconds(1));
        }
        store.claim("fraud", "p7", "anna", Duration.ofMinutes(5));
        ReviewMonitor monitor = ReviewMonitor.builder(store).queue("fraud").build();

        ReviewReading r = monitor.readNow().get(0);

        assertThat(r.queue()).isEqualTo("fraud");
        assertThat(r.endpoint()).isEqualTo("fraud");
        assertThat(r.at()).isEqualTo(clock.now());
        assertThat(r.figures().pending()).isEqualTo(200);
        assertThat(r.figures().claimed()).isEqualTo(1);
        // Nearest rank: p50 is the ceil(0.5 * 200) = 100th smallest age, p99 the 198th.
        assertThat(r.ageP50Seconds()).isEqualTo(100.0);
        assertThat(r.ageP99Seconds()).isEqualTo(198.0);
        assertThat(r.since()).isEmpty();
        assertThat(r.expiredInPeriod()).isEqualTo(-1);
        Map<String, Double> samples = values(r.toSamples());
        assertThat(samples).containsEntry("mlops.review.queue.depth", 200.0)
                .containsEntry("mlops.review.claimed", 1.0)
                .containsEntry("mlops.review.age.p50", 100.0)
                .containsEntry("mlops.review.age.p99", 198.0)
                .containsEntry("mlops.review.expired", 0.0);
        assertThat(samples.get("mlops.review.expired.period")).isNaN();
        assertThat(samples.get("mlops.review.agreement.ratio")).isNaN();
        assertThat(monitor.latest("fraud")).contains(r);
        assertThat(monitor.readings()).isEqualTo(1);
    }

    @Test
    void agreementIsOverThePeriodsResolvedItemsAndCumulativeOverAllOfThem() {
        for (int i = 0; i < 6; i++) {
            add(store, clock, "fraud", "p" + i, Duration.ofHours(1));
        }
        ReviewMonitor monitor = ReviewMonitor.builder(store).queue("fraud", "fraud-scoring").build();
        monitor.readNow();
        clock.advance(Duration.ofMinutes(1));
        resolve(store, "fraud", "p0", true);
        resolve(store, "fraud", "p1", true);
        resolve(store, "fraud", "p2", false);
        resolve(store, "fraud", "p3", true);
        Instant firstAt = monitor.latest("fraud").orElseThrow().at();

        ReviewReading second = monitor.readNow().get(0);

        assertThat(second.endpoint()).isEqualTo("fraud-scoring");
        assertThat(second.since()).contains(firstAt);
        assertThat(second.resolvedInPeriod()).isEqualTo(4);
        assertThat(second.agreedInPeriod()).isEqualTo(3);
        assertThat(second.agreementRate()).isEqualTo(0.75);
        assertThat(second.cumulativeAgreementRate()).isEqualTo(0.75);
        assertThat(second.figures().pending()).isEqualTo(2);

        clock.advance(Duration.ofMinutes(1));
        resolve(store, "fraud", "p4", false);
        resolve(store, "fraud", "p5", false);
        ReviewReading third = monitor.readNow().get(0);

        assertThat(third.resolvedInPeriod()).isEqualTo(2);
        assertThat(third.agreementRate()).isZero();
        assertThat(third.cumulativeAgreementRate()).isEqualTo(0.5);
        assertThat(values(third.toSamples())).containsEntry("mlops.review.agreement.ratio", 0.0)
                .containsEntry("mlops.review.agreement.cumulative.ratio", 0.5)
                .containsEntry("mlops.review.resolved", 6.0).containsEntry("mlops.review.agreed", 3.0)
                .containsEntry("mlops.review.queue.depth", 0.0).containsEntry("mlops.review.age.p99", 0.0);
        assertThat(third.toSamples()).allSatisfy(s -> {
            assertThat(s.endpoint()).isEqualTo("fraud-scoring");
            assertThat(s.model()).isEmpty();
            assertThat(s.timestamp()).isEqualTo(clock.now());
            assertThat(s.window()).isEqualTo("review queue fraud, " + second.at() + "/" + clock.now());
        });
    }

    @Test
    void anExpiredItemsRuleFiresOnThePeriodThatExpiredThemAndResolvesOnTheNext() {
        InMemoryAlertSink sink = AlertSinks.inMemory();
        AlertEvaluator alerts = AlertEvaluator.of(clock, List.of(ReviewAlerts.expiredAbove(0)), List.of(sink));
        ReviewMonitor monitor = ReviewMonitor.builder(store).queue("fraud").alerts(alerts).build();
        add(store, clock, "fraud", "a", Duration.ofMinutes(10));
        add(store, clock, "fraud", "b", Duration.ofMinutes(10));
        add(store, clock, "fraud", "c", Duration.ofHours(2));
        monitor.readNow();
        clock.advance(Duration.ofMinutes(5));
        monitor.readNow();
        assertThat(sink.alerts()).isEmpty();

        // a and b are overdue: the store counts them expired even before a sweep marks them.
        clock.advance(Duration.ofMinutes(6));
        ReviewReading expired = monitor.readNow().get(0);

        assertThat(expired.expiredInPeriod()).isEqualTo(2);
        assertThat(expired.figures().pending()).isEqualTo(1);
        assertThat(sink.alerts()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(Alert.Kind.FIRED);
            assertThat(a.rule()).isEqualTo("review-expired");
            assertThat(a.metric()).isEqualTo("mlops.review.expired.period");
            assertThat(a.value()).isEqualTo(2.0);
            assertThat(a.endpoint()).isEqualTo("fraud");
            assertThat(a.signal()).isEqualTo(SignalKind.SOFTWARE);
        });

        // The sweep marks them EXPIRED: the count stays 2, so the next period expired none.
        assertThat(store.expire("fraud")).hasSize(2);
        clock.advance(Duration.ofMinutes(5));
        ReviewReading after = monitor.readNow().get(0);

        assertThat(after.expiredInPeriod()).isZero();
        assertThat(after.figures().expired()).isEqualTo(2);
        assertThat(sink.alerts()).extracting(Alert::kind).containsExactly(Alert.Kind.FIRED, Alert.Kind.RESOLVED);
        assertThat(sink.alerts().get(1).value()).isZero();
    }

    @Test
    void aPurgeMakesThePeriodFiguresUnknownNotNegative() {
        ReviewMonitor monitor = ReviewMonitor.builder(store).queue("fraud").build();
        add(store, clock, "fraud", "a", Duration.ofHours(1));
        add(store, clock, "fraud", "b", Duration.ofHours(1));
        resolve(store, "fraud", "a", true);
        resolve(store, "fraud", "b", false);
        monitor.readNow();
        clock.advance(Duration.ofMinutes(1));
        assertThat(store.purge("fraud", clock.now())).isEqualTo(2);

        ReviewReading r = monitor.readNow().get(0);

        assertThat(r.figures().resolved()).isZero();
        assertThat(r.resolvedInPeriod()).isEqualTo(-1);
        assertThat(r.agreedInPeriod()).isEqualTo(-1);
        assertThat(r.expiredInPeriod()).isZero();
        assertThat(r.agreementRate()).isNaN();
    }

    @Test
    void aStoreFailureIsLoggedCountedAndKeepsTheQueuesLatestReadingAndTheOtherQueues() {
        AtomicBoolean failing = new AtomicBoolean();
        ReviewStore flaky = failingFigures(store, "fraud", failing, q -> new StoreException("database down reading " + q));
        ReviewMonitor monitor = ReviewMonitor.builder(flaky).queue("fraud").queue("chat").build();
        add(store, clock, "fraud", "a", Duration.ofHours(1));
        ReviewReading before = monitor.readNow().get(0);
        failing.set(true);
        add(store, clock, "fraud", "b", Duration.ofHours(1));

        List<ReviewReading> taken;
        try (CapturingLogProvider.Capture logs = CapturingLogProvider.capture()) {
            taken = monitor.readNow();
            assertThat(logs.lines()).anySatisfy(l -> assertThat(l).startsWith("WARN " + ReviewMonitor.class.getName())
                    .contains("review queue 'fraud'").contains("database down reading fraud"));
        }

        assertThat(taken).extracting(ReviewReading::queue).containsExactly("chat");
        assertThat(monitor.storeFailures()).isEqualTo(1);
        assertThat(monitor.latest("fraud")).contains(before);
        assertThat(monitor.latest()).extracting(ReviewReading::queue).containsExactly("fraud", "chat");

        failing.set(false);
        clock.advance(Duration.ofMinutes(1));
        ReviewReading recovered = monitor.readNow().get(0);
        assertThat(recovered.since()).as("the period runs from the last good reading").contains(before.at());
        assertThat(recovered.figures().pending()).isEqualTo(2);
    }

    @Test
    void aScheduledReadingSurvivesEveryFailureAndCloseCancelsIt() {
        AtomicBoolean failing = new AtomicBoolean(true);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        ReviewStore flaky = failingFigures(store, "fraud", failing, q -> failure.get());
        List<MetricSample> evaluated = new ArrayList<>();
        AlertEvaluator throwing = evaluatorThatThrowsOn("mlops.review.claimed", evaluated);
        ReviewMonitor monitor = ReviewMonitor.builder(flaky).queue("fraud").alerts(throwing).build();
        FakeScheduler scheduler = new FakeScheduler();

        ScheduledFuture<?> task = monitor.schedule(scheduler.proxy, Duration.ofSeconds(30));

        assertThat(scheduler.initialDelay).isZero();
        assertThat(scheduler.delay).isEqualTo(Duration.ofSeconds(30).toNanos());
        assertThat(scheduler.unit).isEqualTo(TimeUnit.NANOSECONDS);
        failure.set(new StoreException("database down"));
        scheduler.run();
        failure.set(new IllegalStateException("a bug in a store"));
        scheduler.run();
        assertThat(monitor.storeFailures()).isEqualTo(1);
        assertThat(monitor.runFailures()).isEqualTo(1);
        assertThat(monitor.latest()).isEmpty();

        failing.set(false);
        add(store, clock, "fraud", "a", Duration.ofHours(1));
        scheduler.run();
        assertThat(monitor.latest("fraud")).hasValueSatisfying(r -> assertThat(r.figures().pending()).isEqualTo(1));
        assertThat(monitor.alertFailures()).isEqualTo(1);
        assertThat(evaluated).hasSize(9).noneMatch(s -> s.metric().equals("mlops.review.claimed"));

        assertThatThrownBy(() -> monitor.schedule(scheduler.proxy, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already scheduled");
        monitor.close();
        monitor.close();
        assertThat(task.isCancelled()).isTrue();
        assertThat(scheduler.cancels).isPositive();
        assertThatThrownBy(() -> monitor.schedule(scheduler.proxy, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void closingAnUnscheduledMonitorLeavesOnDemandReadingsWorking() {
        ReviewMonitor monitor = ReviewMonitor.builder(store).queue("fraud").build();
        monitor.close();
        assertThat(monitor.readNow()).hasSize(1);
        assertThatThrownBy(() -> monitor.schedule(new FakeScheduler().proxy, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class).hasMessage("review monitor of [fraud] is closed");
    }

    @Test
    void theBuilderAndTheScheduleRefuseBadSettingsNamingThem() {
        ReviewMonitor.Builder b = ReviewMonitor.builder(store).queue("fraud");
        assertThatThrownBy(() -> b.queue("fraud", "other")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("queue 'fraud' is already watched");
        assertThatThrownBy(() -> b.queue("chat", "fraud")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("endpoint must name one queue but 'fraud' already names another");
        assertThatThrownBy(() -> b.queue(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("queue must not be blank but was ' '");
        assertThatThrownBy(() -> b.queue("chat", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("endpoint must not be blank but was ''");
        assertThatThrownBy(() -> b.queue(null)).isInstanceOf(NullPointerException.class).hasMessage("queue");
        assertThatThrownBy(() -> b.alerts(null)).isInstanceOf(NullPointerException.class).hasMessage("alerts");
        assertThatThrownBy(() -> ReviewMonitor.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("store");
        assertThatThrownBy(() -> ReviewMonitor.builder(store).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least one queue");
        ReviewMonitor monitor = b.queue("chat", "chat-endpoint").build();
        assertThat(monitor.queues()).containsExactly("fraud", "chat");
        assertThat(monitor).asString().startsWith("ReviewMonitor[fraud, chat] of ");
        assertThat(monitor.endpoint("chat")).contains("chat-endpoint");
        assertThat(monitor.endpoint("nope")).isEmpty();
        assertThat(monitor.latest("chat")).isEmpty();
        for (Duration bad : List.of(Duration.ZERO, Duration.ofSeconds(-1))) {
            assertThatThrownBy(() -> monitor.schedule(new FakeScheduler().proxy, bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("period must be positive but was " + bad);
        }
    }

    static Map<String, Double> values(List<MetricSample> samples) {
        return samples.stream().collect(Collectors.toMap(MetricSample::metric, MetricSample::value));
    }

    static ReviewStore failingFigures(ReviewStore store, String queue, AtomicBoolean failing,
                                      Function<String, RuntimeException> failure) {
        return ReviewStoreFailures.failingFigures(store, queue, failing, failure);
    }

    /** An evaluator that records samples and throws on one metric. */
    static AlertEvaluator evaluatorThatThrowsOn(String metric, List<MetricSample> evaluated) {
        return (AlertEvaluator) Proxy.newProxyInstance(AlertEvaluator.class.getClassLoader(),
                new Class<?>[] {AlertEvaluator.class}, (proxy, method, args) -> {
                    if (method.getName().equals("evaluate")) {
                        MetricSample s = (MetricSample) args[0];
                        if (s.metric().equals(metric)) {
                            throw new IllegalStateException("fleet store down");
                        }
                        evaluated.add(s);
                        return List.of();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A scheduler that keeps the task to run it by hand: no thread, no timing. */
    static final class FakeScheduler {
        Runnable task;
        long initialDelay = -1;
        long delay = -1;
        TimeUnit unit;
        int cancels;
        boolean cancelled;
        final ScheduledFuture<?> future = (ScheduledFuture<?>) Proxy.newProxyInstance(
                ScheduledFuture.class.getClassLoader(), new Class<?>[] {ScheduledFuture.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "cancel" -> {
                            cancels++;
                            cancelled = true;
                            return true;
                        }
                        case "isCancelled" -> {
                            return cancelled;
                        }
                        default -> throw new UnsupportedOperationException(m.getName());
                    }
                });
        final ScheduledExecutorService proxy = (ScheduledExecutorService) Proxy.newProxyInstance(
                ScheduledExecutorService.class.getClassLoader(), new Class<?>[] {ScheduledExecutorService.class},
                (p, m, a) -> {
                    if (m.getName().equals("scheduleWithFixedDelay")) {
                        task = (Runnable) a[0];
                        initialDelay = (long) a[1];
                        delay = (long) a[2];
                        unit = (TimeUnit) a[3];
                        return future;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });

        void run() {
            task.run();
        }
    }

    @Test
    void secondsKeepNanosecondsAndDoNotOverflow() {
        assertThat(ReviewReading.seconds(Duration.ofMillis(1500))).isEqualTo(1.5);
        assertThat(ReviewReading.seconds(Duration.ofNanos(1))).isCloseTo(1e-9, within(1e-21));
        assertThat(ReviewReading.seconds(Duration.ofDays(365L * 1000))).isEqualTo(365.0 * 1000 * 86_400);
    }
}
