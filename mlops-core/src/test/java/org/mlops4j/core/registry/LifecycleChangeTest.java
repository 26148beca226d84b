package org.mlops4j.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class LifecycleChangeTest {

    private static final Attribution BY = Attribution.by("ci", "test");
    private static final Instant WHEN = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void aVersionActionNamesAVersionAndAModelDeletionNone() {
        for (LifecycleChange.Action action : new LifecycleChange.Action[] {LifecycleChange.Action.ARCHIVED,
                LifecycleChange.Action.RESTORED, LifecycleChange.Action.VERSION_DELETED}) {
            assertThat(new LifecycleChange("fraud", action, OptionalInt.of(2), BY, WHEN).version()).hasValue(2);
            assertThatThrownBy(() -> new LifecycleChange("fraud", action, OptionalInt.empty(), BY, WHEN))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a lifecycle change " + action + " of model 'fraud' must name a version but had"
                            + " OptionalInt.empty");
        }
        assertThat(new LifecycleChange("fraud", LifecycleChange.Action.MODEL_DELETED, OptionalInt.empty(), BY, WHEN)
                .version()).isEmpty();
        assertThatThrownBy(() -> new LifecycleChange("fraud", LifecycleChange.Action.MODEL_DELETED, OptionalInt.of(1),
                BY, WHEN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a lifecycle change MODEL_DELETED of model 'fraud' must have no version but had"
                        + " OptionalInt[1]");
        assertThatThrownBy(() -> new LifecycleChange("fraud", null, OptionalInt.empty(), BY, WHEN))
                .isInstanceOf(NullPointerException.class).hasMessage("action");
    }
}
