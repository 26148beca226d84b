package org.mlops4j.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.registry.ModelRef;

/** What every {@link FleetWindows} does; each implementation's test extends it. */
public abstract class FleetWindowsContract {

    /** @return an empty store */
    protected abstract FleetWindows create();

    protected static final ModelRef MODEL = new ModelRef("churn", 2);
    protected static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    private FleetWindows windows;

    @BeforeEach
    void open() {
        windows = create();
    }

    protected static WindowAggregate window(String variant, int minute, long requests, long errors, double... ms) {
        return new WindowAggregate("ep", variant, MODEL, T0.plusSeconds(60L * minute), T0.plusSeconds(60L * minute + 60),
                new VariantAggregate(requests, errors, 0, 1, LatencySketch.of(ms), Map.of("yes", requests - errors)));
    }

    @Test
    void mergesEveryReplicasWindowsInTheRange() {
        windows.publish("r1", window("cand", 0, 10, 1, 5, 6));
        windows.publish("r2", window("cand", 0, 20, 2, 7));
        windows.publish("r1", window("cand", 1, 5, 0, 9));
        windows.publish("r1", window("champ", 1, 50, 0, 1));
        windows.publish("r3", window("cand", 5, 100, 0));
        VariantAggregate m = windows.merged("ep", "cand", MODEL, T0, T0.plusSeconds(300)).orElseThrow();
        assertThat(m).isEqualTo(window("cand", 0, 10, 1, 5, 6).figures().merge(window("cand", 0, 20, 2, 7).figures())
                .merge(window("cand", 1, 5, 0, 9).figures()));
        assertThat(windows.merged("ep", "cand", MODEL, T0.plusSeconds(60), T0.plusSeconds(301)).orElseThrow()
                .requests()).isEqualTo(105);
        assertThat(windows.merged("ep", "cand", new ModelRef("churn", 3), T0, Instant.MAX)).isEmpty();
        assertThat(windows.merged("other", "cand", MODEL, T0, Instant.MAX)).isEmpty();
        assertThat(windows.merged("ep", "cand", MODEL, T0.plusSeconds(301), Instant.MAX)).isEmpty();
    }

    @Test
    void publishingTheSameWindowAgainCountsItOnce() {
        windows.publish("r1", window("cand", 0, 10, 1, 5));
        windows.publish("r1", window("cand", 0, 10, 1, 5));
        windows.publish("r2", window("cand", 0, 10, 1, 5));
        assertThat(windows.merged("ep", "cand", MODEL, T0, Instant.MAX).orElseThrow().requests()).isEqualTo(20);
        // A later copy of the same key replaces the first.
        windows.publish("r1", window("cand", 0, 12, 1, 5));
        assertThat(windows.merged("ep", "cand", MODEL, T0, Instant.MAX).orElseThrow().requests()).isEqualTo(22);
    }

    @Test
    void expireRemovesWindowsThatEndedBeforeTheCutoff() {
        windows.publish("r1", window("cand", 0, 10, 0));
        windows.publish("r2", window("cand", 1, 20, 0));
        windows.publish("r1", window("cand", 2, 40, 0));
        assertThat(windows.expire(T0.plusSeconds(120))).isEqualTo(1);
        assertThat(windows.merged("ep", "cand", MODEL, T0, Instant.MAX).orElseThrow().requests()).isEqualTo(60);
        assertThat(windows.expire(T0.plusSeconds(120))).isZero();
        assertThat(windows.expire(T0.plusSeconds(181))).isEqualTo(2);
        assertThat(windows.merged("ep", "cand", MODEL, T0, Instant.MAX)).isEmpty();
    }

    @Test
    void refusesABlankReplica() {
        assertThatThrownBy(() -> windows.publish(" ", window("cand", 0, 1, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replica").hasMessageContaining("' '");
    }
}
