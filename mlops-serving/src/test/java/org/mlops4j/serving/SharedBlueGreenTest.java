package org.mlops4j.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.fleet.FleetState;
import org.mlops4j.core.registry.ModelRef;

/** Blue-green replicas sharing their live colour through one fleet store. */
class SharedBlueGreenTest {

    private static final Variant<Integer, String> BLUE = Variant.of("blue", x -> "blue", new ModelRef("m", 1));
    private static final Variant<Integer, String> GREEN = Variant.of("green", x -> "green", new ModelRef("m", 2));
    private static final Variant<Integer, String> RED = Variant.of("red", x -> "red", new ModelRef("m", 3));
    /** Long enough that only the test's own refresh() calls run. */
    private static final Duration MANUAL = Duration.ofHours(1);

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    private BlueGreenStrategy<Integer, String> replica(FleetState state, String id, Duration refresh) {
        BlueGreenStrategy<Integer, String> bg = BlueGreenStrategy.shared(BLUE, new FleetSync(state, id, refresh), "ep");
        opened.add(bg);
        return bg;
    }

    private ModelEndpoint<Integer, String> endpoint(BlueGreenStrategy<Integer, String> bg) {
        return endpoint(bg, new ArrayList<>());
    }

    private ModelEndpoint<Integer, String> endpoint(BlueGreenStrategy<Integer, String> bg, List<DeploymentChange> changes) {
        ModelEndpoint<Integer, String> e = ModelEndpoint.<Integer, String>builder("ep").strategy(bg)
                .deploymentListener(changes::add).build();
        opened.add(e);
        return e;
    }

    @Test
    void aSwitchOnOneReplicaIsFollowedByTheOthersAtTheirRefresh() {
        FleetState state = FleetState.inMemory();
        List<BlueGreenStrategy<Integer, String>> bgs = List.of(replica(state, "r1", MANUAL),
                replica(state, "r2", MANUAL), replica(state, "r3", MANUAL));
        assertThat(state.read("blue-green/ep").orElseThrow().value()).isEqualTo("blue");
        List<DeploymentChange> changes = new ArrayList<>();
        List<ModelEndpoint<Integer, String>> endpoints = List.of(endpoint(bgs.get(0)), endpoint(bgs.get(1)),
                endpoint(bgs.get(2), changes));
        bgs.forEach(bg -> bg.stage(GREEN, List.of(), p -> { }));

        assertThat(bgs.get(0).switchToStaged()).isEqualTo(GREEN);
        assertThat(state.read("blue-green/ep").orElseThrow()).isEqualTo(new FleetState.Register("blue-green/ep", "green", 2));
        assertThat(endpoints.get(0).predict(1, null)).isEqualTo("green");
        assertThat(endpoints.get(1).predict(1, null)).as("until its refresh").isEqualTo("blue");
        assertThat(bgs.get(1).refresh()).isEqualTo(GREEN);
        assertThat(bgs.get(2).refresh()).isEqualTo(GREEN);
        for (ModelEndpoint<Integer, String> e : endpoints) {
            assertThat(e.predict(1, null)).isEqualTo("green");
        }
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).reason()).contains("followed the fleet to green");

        // A rollback anywhere is followed too; the standby (blue) is live everywhere.
        assertThat(bgs.get(2).rollback()).isEqualTo(BLUE);
        assertThat(bgs.get(0).refresh()).isEqualTo(BLUE);
        assertThat(bgs.get(1).rollback()).as("already rolled back fleet-wide: a no-op here too").isEqualTo(BLUE);
        for (ModelEndpoint<Integer, String> e : endpoints) {
            assertThat(e.predict(1, null)).isEqualTo("blue");
        }
        assertThat(state.read("blue-green/ep").orElseThrow().version()).isEqualTo(3);
        assertThat(bgs.get(0).rollback()).as("idempotent").isEqualTo(BLUE);
    }

    @Test
    void racingSwitchesToDifferentColoursHaveOneWinner() {
        FleetState state = FleetState.inMemory();
        BlueGreenStrategy<Integer, String> r1 = replica(state, "r1", MANUAL);
        BlueGreenStrategy<Integer, String> r2 = replica(state, "r2", MANUAL);
        r1.stage(GREEN, List.of(), p -> { });
        r2.stage(RED, List.of(), p -> { });
        assertThat(r1.switchToStaged()).isEqualTo(GREEN);
        assertThatThrownBy(r2::switchToStaged).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'green', not this replica's 'blue'");
        assertThat(r2.live()).as("nothing changed on the loser").isEqualTo(BLUE);
        assertThat(state.read("blue-green/ep").orElseThrow().value()).isEqualTo("green");
        // r2 has no green: it keeps serving blue, warns once and counts each refresh.
        assertThat(r2.refresh()).isEqualTo(BLUE);
        assertThat(r2.refresh()).isEqualTo(BLUE);
        assertThat(r2.unknownColours()).isEqualTo(2);
        r2.stage(GREEN, List.of(), p -> { });
        assertThat(r2.refresh()).isEqualTo(GREEN);
        assertThat(r2.unknownColours()).isEqualTo(2);
    }

    @Test
    void aReplicaStartingLateAdoptsNothingItDoesNotHave() {
        FleetState state = FleetState.inMemory();
        state.compareAndSet("blue-green/ep", 0, "green");
        BlueGreenStrategy<Integer, String> late = replica(state, "r9", MANUAL);
        assertThat(late.live()).isEqualTo(BLUE);
        assertThat(late.unknownColours()).isEqualTo(1);
        assertThat(state.read("blue-green/ep").orElseThrow().value()).as("not overwritten").isEqualTo("green");
    }

    @Test
    void theRefreshThreadFollowsWithinTheInterval() throws Exception {
        FleetState state = FleetState.inMemory();
        BlueGreenStrategy<Integer, String> r1 = replica(state, "r1", MANUAL);
        BlueGreenStrategy<Integer, String> r2 = replica(state, "r2", Duration.ofMillis(20));
        r1.stage(GREEN, List.of(), p -> { });
        r2.stage(GREEN, List.of(), p -> { });
        r1.switchToStaged();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (r2.live() != GREEN && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(r2.live()).isEqualTo(GREEN);
    }

    @Test
    void anUnreachableStoreKeepsTheLastColourAndFailsSwitchesLoudly() throws Exception {
        FailingFleetState state = new FailingFleetState(FleetState.inMemory());
        BlueGreenStrategy<Integer, String> r1 = replica(state, "r1", Duration.ofMillis(10));
        ModelEndpoint<Integer, String> endpoint = endpoint(r1);
        r1.stage(GREEN, List.of(), p -> { });
        state.down = true;
        assertThatThrownBy(r1::switchToStaged).isInstanceOf(StoreException.class).hasMessageContaining("down");
        assertThatThrownBy(r1::refresh).isInstanceOf(StoreException.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (r1.refreshFailures() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(r1.refreshFailures()).isGreaterThanOrEqualTo(3);
        assertThat(endpoint.predict(1, null)).isEqualTo("blue");
        assertThat(r1.variants()).containsExactly(BLUE, GREEN);
        state.down = false;
        assertThat(r1.switchToStaged()).isEqualTo(GREEN);
    }

    @Test
    void aFleetColourThisReplicaLacksNeverRollsItBackToItsStandby() {
        FleetState state = FleetState.inMemory();
        BlueGreenStrategy<Integer, String> r1 = replica(state, "r1", MANUAL);
        r1.stage(GREEN, List.of(), p -> { });
        r1.switchToStaged();
        assertThat(r1.variants()).containsExactly(GREEN, BLUE);
        FleetState.Register r = state.read("blue-green/ep").orElseThrow();
        state.compareAndSet("blue-green/ep", r.version(), "red");
        assertThat(r1.refresh()).isEqualTo(GREEN);
        assertThat(r1.variants()).as("the standby stays a standby").containsExactly(GREEN, BLUE);
        assertThat(r1.unknownColours()).isEqualTo(1);
    }

    @Test
    void aSwitchWhoseCompareAndSetLosesARaceChangesNothing() {
        FleetState inner = FleetState.inMemory();
        boolean[] raceNext = {false};
        FleetState raced = new FailingFleetState(inner) {
            @Override
            public boolean compareAndSet(String key, long expectedVersion, String value) {
                if (raceNext[0]) {
                    raceNext[0] = false;
                    inner.compareAndSet(key, expectedVersion, "red");
                }
                return super.compareAndSet(key, expectedVersion, value);
            }
        };
        BlueGreenStrategy<Integer, String> r1 = replica(raced, "r1", MANUAL);
        r1.stage(GREEN, List.of(), p -> { });
        raceNext[0] = true;
        assertThatThrownBy(r1::switchToStaged).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another replica changed the fleet's live colour");
        assertThat(r1.live()).isEqualTo(BLUE);
        assertThat(inner.read("blue-green/ep").orElseThrow().value()).isEqualTo("red");
    }

    @Test
    void closingStopsTheRefreshThread() throws Exception {
        FailingFleetState state = new FailingFleetState(FleetState.inMemory());
        BlueGreenStrategy<Integer, String> r1 = replica(state, "r1", Duration.ofMillis(10));
        state.down = true;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (r1.refreshFailures() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        r1.close();
        Thread.sleep(30);
        long failures = r1.refreshFailures();
        Thread.sleep(100);
        assertThat(r1.refreshFailures()).isEqualTo(failures);
    }

    @Test
    void badSettingsAreRefusedNamingTheValue() {
        FleetState state = FleetState.inMemory();
        assertThatThrownBy(() -> BlueGreenStrategy.shared(BLUE, FleetSync.of(state, "r1"), " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key").hasMessageContaining("' '");
        assertThatThrownBy(() -> FleetSync.of(state, ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replica").hasMessageContaining("''");
        assertThatThrownBy(() -> FleetSync.of(state, "r1").withRefresh(Duration.ofMillis(5)))
                .hasMessageContaining("refresh must be at least 10 ms but was PT0.005S");
        assertThat(FleetSync.of(state, "r1").withRefresh(Duration.ofMillis(10)).refresh()).isEqualTo(Duration.ofMillis(10));
        assertThat(FleetSync.of(state, "r1").refresh()).isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> BlueGreenStrategy.of(BLUE).refresh()).isInstanceOf(IllegalStateException.class);
        assertThat(BlueGreenStrategy.of(BLUE).refreshFailures()).isZero();
    }
}
