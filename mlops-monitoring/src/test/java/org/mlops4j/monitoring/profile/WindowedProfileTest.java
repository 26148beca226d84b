package org.mlops4j.monitoring.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;

class WindowedProfileTest {

    private static final Schema SCHEMA = Schema.of(Feature.numeric("x"));

    @Test
    void windowCompletesEveryNRowsAndExposesOnlyTheLastOne() {
        WindowedProfile windows = WindowedProfile.tumbling(SCHEMA, 3);

        assertThat(windows.lastComplete()).isEmpty();
        boolean[] completed = new boolean[7];
        for (int i = 0; i < 7; i++) {
            completed[i] = windows.update(Map.of("x", (double) i));
        }

        assertThat(completed).containsExactly(false, false, true, false, false, true, false);
        assertThat(windows.completedWindows()).isEqualTo(2);
        ReferenceProfile last = windows.lastComplete().orElseThrow();
        assertThat(last.rows()).isEqualTo(3);
        assertThat(last.feature("x").orElseThrow().min()).isEqualTo(3.0);
        assertThat(last.feature("x").orElseThrow().max()).isEqualTo(5.0);
        assertThat(windows.current().rows()).isEqualTo(1);
        assertThat(windows.current().feature("x").orElseThrow().mean()).isEqualTo(6.0);
    }

    @Test
    void windowSizeBelowOneIsRejected() {
        assertThatThrownBy(() -> WindowedProfile.tumbling(SCHEMA, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rowsPerWindow must be at least 1 but was 0");
    }
}
