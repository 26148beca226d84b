package org.mlops4j.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.tracking.internal.LifecycleChecks;

/** The lifecycle value types and decisions every tracker shares. */
class LifecycleTest {

    @Test
    void eachViewShowsExactlyItsStages() {
        assertThat(ViewType.ACTIVE_ONLY.includes(LifecycleStage.ACTIVE)).isTrue();
        assertThat(ViewType.ACTIVE_ONLY.includes(LifecycleStage.DELETED)).isFalse();
        assertThat(ViewType.DELETED_ONLY.includes(LifecycleStage.ACTIVE)).isFalse();
        assertThat(ViewType.DELETED_ONLY.includes(LifecycleStage.DELETED)).isTrue();
        assertThat(ViewType.ALL.includes(LifecycleStage.ACTIVE)).isTrue();
        assertThat(ViewType.ALL.includes(LifecycleStage.DELETED)).isTrue();
        assertThatThrownBy(() -> ViewType.ALL.includes(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("stage");
    }

    @Test
    void stagesReadAndWriteMlflowsNames() {
        assertThat(LifecycleStage.ACTIVE.wireName()).isEqualTo("active");
        assertThat(LifecycleStage.DELETED.wireName()).isEqualTo("deleted");
        assertThat(LifecycleStage.fromWireName("active")).isEqualTo(LifecycleStage.ACTIVE);
        assertThat(LifecycleStage.fromWireName("deleted")).isEqualTo(LifecycleStage.DELETED);
        assertThatThrownBy(() -> LifecycleStage.fromWireName("DELETED")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lifecycle stage must be 'active' or 'deleted' but was 'DELETED'");
    }

    @Test
    void theAuditTagsSayWhoWhyAndWhen() {
        Instant at = Instant.parse("2025-03-01T09:00:00Z");
        Attribution by = Attribution.by("ci:nightly", "superseded by run 7");

        assertThat(LifecycleAudit.deletion(by, at)).containsExactly(
                Map.entry(LifecycleAudit.DELETED_BY, "ci:nightly"),
                Map.entry(LifecycleAudit.DELETE_REASON, "superseded by run 7"),
                Map.entry(LifecycleAudit.DELETED_AT, "2025-03-01T09:00:00Z"));
        assertThat(LifecycleAudit.restoration(by, at)).containsExactly(
                Map.entry(LifecycleAudit.RESTORED_BY, "ci:nightly"),
                Map.entry(LifecycleAudit.RESTORE_REASON, "superseded by run 7"),
                Map.entry(LifecycleAudit.RESTORED_AT, "2025-03-01T09:00:00Z"));
    }

    @Test
    void aReasonLongerThanATagValueIsRefusedBeforeAnythingChanges() {
        Instant at = Instant.EPOCH;
        String longest = "r".repeat(TrackingLimits.MAX_TAG_VALUE_LENGTH);
        assertThat(LifecycleAudit.deletion(Attribution.by("a", longest), at)).containsEntry(LifecycleAudit.DELETE_REASON,
                longest);
        assertThatThrownBy(() -> LifecycleAudit.restoration(Attribution.by("a", longest + "r"), at))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reason must be at most 5000 characters, the longest tag value, but had 5001");
        assertThatThrownBy(() -> LifecycleAudit.deletion(null, at)).isInstanceOf(NullPointerException.class)
                .hasMessage("by");
        assertThatThrownBy(() -> LifecycleAudit.deletion(Attribution.by("a", ""), null))
                .isInstanceOf(NullPointerException.class).hasMessage("at");
    }

    @Test
    void onlyAnActiveThingIsDeletedAndOnlyADeletedOneRestored() {
        LifecycleChecks.requireTransition("run", "r1", LifecycleStage.ACTIVE, LifecycleStage.DELETED);
        LifecycleChecks.requireTransition("run", "r1", LifecycleStage.DELETED, LifecycleStage.ACTIVE);
        assertThatThrownBy(() -> LifecycleChecks.requireTransition("run", "r1", LifecycleStage.DELETED,
                LifecycleStage.DELETED)).isInstanceOf(IllegalStateException.class)
                .hasMessage("run r1 is already deleted; only an active run can be deleted");
        assertThatThrownBy(() -> LifecycleChecks.requireTransition("experiment", "7", LifecycleStage.ACTIVE,
                LifecycleStage.ACTIVE)).isInstanceOf(IllegalStateException.class)
                .hasMessage("experiment 7 is already active; only a deleted experiment can be restored");
    }

    @Test
    void onlyADeletedRunRefusesWrites() {
        LifecycleChecks.requireActiveRun("r1", LifecycleStage.ACTIVE);
        assertThatThrownBy(() -> LifecycleChecks.requireActiveRun("r1", LifecycleStage.DELETED))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("run r1 is deleted: restore it");
    }

    @Test
    void runsAndExperimentsBuiltTheOldWayAreActive() {
        Experiment e = new Experiment("1", "fraud", Instant.EPOCH);
        assertThat(e.lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
        assertThat(e.isDeleted()).isFalse();
        assertThat(e.tags()).isEmpty();
        assertThat(new Experiment("1", "fraud", Instant.EPOCH, LifecycleStage.DELETED, Map.of()).isDeleted()).isTrue();
        assertThat(RunQuery.in("1").viewType()).isEqualTo(ViewType.ACTIVE_ONLY);
        assertThat(RunQuery.in("1").viewType(ViewType.ALL).maxResults(5).viewType()).isEqualTo(ViewType.ALL);
        assertThatThrownBy(() -> RunQuery.in("1").viewType(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("viewType");
    }
}
