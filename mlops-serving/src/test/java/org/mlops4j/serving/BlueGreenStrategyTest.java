package org.mlops4j.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.registry.ModelRef;

class BlueGreenStrategyTest {

    private static final Variant<Integer, String> BLUE = Variant.of("blue", x -> "blue", new ModelRef("m", 1));
    private static final Variant<Integer, String> GREEN = Variant.of("green", x -> "green", new ModelRef("m", 2));

    @Test
    void switchAndRollbackUnderConcurrentLoadFailNoRequest() throws Exception {
        BlueGreenStrategy<Integer, String> bg = BlueGreenStrategy.of(BLUE);
        ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("bg").strategy(bg).build();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger blue = new AtomicInteger();
        AtomicInteger green = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch started = new CountDownLatch(4);
        List<Future<?>> load = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            load.add(pool.submit(() -> {
                started.countDown();
                while (!stop.get()) {
                    String answer = endpoint.predict(1, null);
                    (answer.equals("blue") ? blue : green).incrementAndGet();
                }
                return null;
            }));
        }
        started.await();
        bg.stage(GREEN, List.of(1, 2, 3), SmokeTest.golden(List.of(1, 2), List.of("green", "green"), Objects::equals, 1.0));
        for (int i = 0; i < 50; i++) {
            assertThat(bg.switchToStaged().name()).isEqualTo("green");
            assertThat(bg.rollback().name()).isEqualTo("blue");
            bg.stage(GREEN, List.of(), candidate -> { });
        }
        assertThat(bg.switchToStaged().name()).isEqualTo("green");
        stop.set(true);
        for (Future<?> f : load) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(endpoint.stats().failures()).isZero();
        assertThat(endpoint.stats().errors()).isZero();
        assertThat(blue.get() + green.get()).isEqualTo((int) endpoint.stats().predictions());
        assertThat(endpoint.predict(1)).isEqualTo("green");
        assertThat(bg.variants()).extracting(Variant::name).containsExactly("green", "blue");
        bg.release();
        assertThat(bg.variants()).extracting(Variant::name).containsExactly("green");
        assertThatThrownBy(bg::rollback).isInstanceOf(IllegalStateException.class).hasMessageContaining("standby");
    }

    @Test
    void aSecondRollbackKeepsTheGoodColourLiveAndServesIt() {
        BlueGreenStrategy<Integer, String> bg = BlueGreenStrategy.of(BLUE);
        ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("bg").strategy(bg).build();
        bg.stage(GREEN, List.of(), candidate -> { });
        bg.switchToStaged();
        assertThat(endpoint.predict(1)).isEqualTo("green");

        assertThat(bg.rollback()).isEqualTo(BLUE);
        assertThat(bg.rollback()).isEqualTo(BLUE);

        assertThat(endpoint.predict(1)).isEqualTo("blue");
        assertThat(bg.live()).isEqualTo(BLUE);
        assertThat(bg.variants()).containsExactly(BLUE);
        assertThat(bg).hasToString("blueGreen(live=blue(m/1))");
    }

    @Test
    void theColourRolledBackFromIsNoLongerATargetUntilStagedAgain() {
        BlueGreenStrategy<Integer, String> bg = BlueGreenStrategy.of(BLUE);
        bg.stage(GREEN, List.of(), candidate -> { });
        bg.switchToStaged();
        bg.rollback();

        assertThatThrownBy(bg::switchToStaged).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nothing is staged");
        bg.release();
        assertThat(bg.rollback()).as("release after a rollback changes nothing").isEqualTo(BLUE);

        bg.stage(GREEN, List.of(), candidate -> { });
        assertThat(bg.rollback()).as("staging does not change what is live").isEqualTo(BLUE);
        assertThat(bg.variants()).containsExactly(BLUE, GREEN);
        assertThat(bg.switchToStaged()).isEqualTo(GREEN);
        assertThat(bg.rollback()).isEqualTo(BLUE);
        assertThat(bg.live()).isEqualTo(BLUE);
    }

    @Test
    void rollbackWithoutAStandbyIsRefusedUnlessItFollowsARollback() {
        BlueGreenStrategy<Integer, String> bg = BlueGreenStrategy.of(BLUE);
        assertThatThrownBy(bg::rollback).isInstanceOf(IllegalStateException.class)
                .hasMessage("no standby colour to roll back to (nothing was switched, or it was released); "
                        + "live is blue(m/1)");
        bg.stage(GREEN, List.of(), candidate -> { });
        bg.switchToStaged();
        bg.release();
        assertThatThrownBy(bg::rollback).as("the switched-to colour stays live, and the caller must know")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("live is green(m/2)");
        assertThat(bg.live()).isEqualTo(GREEN);
    }

    @Test
    void switchAndRollbackEachAnnounceExactlyOneDeploymentChange() {
        ManualClock clock = new ManualClock(Instant.parse("2025-06-01T00:00:00Z"));
        List<DeploymentChange> changes = new ArrayList<>();
        BlueGreenStrategy<Integer, String> bg = BlueGreenStrategy.of(BLUE);
        ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("bg").strategy(bg)
                .clock(clock)
                .deploymentListener(change -> {
                    throw new IllegalStateException("audit log down");
                })
                .deploymentListener(changes::add)
                .build();

        bg.stage(GREEN, List.of(1), candidate -> { });
        assertThat(changes).as("staging changes no routing").isEmpty();
        clock.advance(Duration.ofMinutes(1));
        bg.switchToStaged();
        assertThat(endpoint.predict(1)).isEqualTo("green");
        clock.advance(Duration.ofMinutes(1));
        bg.rollback();
        bg.rollback();
        bg.release();

        assertThat(endpoint.predict(1)).isEqualTo("blue");
        assertThat(changes).containsExactly(
                new DeploymentChange("bg", "blueGreen(live=blue(m/1), staged=green(m/2))",
                        "blueGreen(live=green(m/2), standby=blue(m/1))",
                        "blue-green: switched to staged green(m/2); blue(m/1) stands by",
                        Instant.parse("2025-06-01T00:01:00Z")),
                new DeploymentChange("bg", "blueGreen(live=green(m/2), standby=blue(m/1))", "blueGreen(live=blue(m/1))",
                        "blue-green: rolled back from green(m/2) to blue(m/1)", Instant.parse("2025-06-01T00:02:00Z")));
    }

    @Test
    void aBlueGreenInsideHumanReviewStillAnnounces() {
        List<DeploymentChange> changes = new ArrayList<>();
        ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("reviewed")
                .strategy(DeploymentStrategy.single(BLUE)).deploymentListener(changes::add).build();
        BlueGreenStrategy<Integer, String> bg = BlueGreenStrategy.of(BLUE);
        endpoint.deploy(HumanReviewStrategy.of(bg, 0.0, ReviewQueue.of(10), Interim.modelAnswer()),
                "review nothing, around blue-green");

        bg.stage(GREEN, List.of(), candidate -> { });
        bg.switchToStaged();

        assertThat(endpoint.predict(1)).isEqualTo("green");
        assertThat(changes).extracting(DeploymentChange::reason)
                .containsExactly("review nothing, around blue-green",
                        "blue-green: switched to staged green(m/2); blue(m/1) stands by");
        assertThat(changes.get(1).after()).isEqualTo("blueGreen(live=green(m/2), standby=blue(m/1))");
    }

    @Test
    void aReplacedBlueGreenNoLongerAnnounces() {
        List<DeploymentChange> changes = new ArrayList<>();
        BlueGreenStrategy<Integer, String> bg = BlueGreenStrategy.of(BLUE);
        ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("replaced").strategy(bg)
                .deploymentListener(changes::add).build();
        endpoint.deploy(DeploymentStrategy.single(BLUE), "blue alone");

        bg.stage(GREEN, List.of(), candidate -> { });
        bg.switchToStaged();
        bg.rollback();

        assertThat(changes).extracting(DeploymentChange::reason).containsExactly("blue alone");
        assertThat(endpoint.predict(1)).isEqualTo("blue");
        assertThat(endpoint.strategy().toString()).isEqualTo("single(blue(m/1))");
    }

    @Test
    void aFailedSmokeTestStagesNothing() {
        BlueGreenStrategy<Integer, String> bg = BlueGreenStrategy.of(BLUE);
        Variant<Integer, String> bad = Variant.of("green", x -> "wrong", new ModelRef("m", 2));
        assertThatThrownBy(() -> bg.stage(bad, List.of(1), SmokeTest.golden(List.of(1, 2), List.of("green", "green"),
                Objects::equals, 0.5)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("matched 0 of 2");
        assertThatThrownBy(bg::switchToStaged).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nothing is staged");
        assertThat(bg.live()).isEqualTo(BLUE);
        assertThatThrownBy(() -> bg.stage(BLUE, List.of(), c -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'blue'");
        assertThatThrownBy(() -> SmokeTest.golden(List.of(1), List.of(), Objects::equals, 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 and 0");
    }
}
