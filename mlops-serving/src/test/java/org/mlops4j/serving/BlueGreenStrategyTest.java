package org.mlops4j.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
