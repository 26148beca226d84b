package org.mlops4j.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.InvalidInputException;

class DenseBatchTest {

    /** Writes [v, 2v]; refuses negatives naming them. */
    private static void write(Integer v, float[] out, int offset) {
        if (v < 0) {
            throw new InvalidInputException("feature 'v' is negative: " + v);
        }
        out[offset] = v;
        out[offset + 1] = 2 * v;
    }

    @Test
    void badRowsAreRefusedInPlaceAndTheModelRunsOnceOnTheGoodRowsOnly() {
        List<float[]> calls = new ArrayList<>();
        List<RowResult<Float>> results = DenseBatch.score(List.of(1, -2, 3, -4, 5), 2, DenseBatchTest::write,
                (x, n) -> {
                    calls.add(java.util.Arrays.copyOf(x, n * 2));
                    List<Float> sums = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        sums.add(x[2 * i] + x[2 * i + 1]);
                    }
                    return sums;
                });
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0)).containsExactly(1, 2, 3, 6, 5, 10);
        assertThat(results).extracting(RowResult::index).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(results).extracting(r -> r.output().orElse(null)).containsExactly(3f, null, 9f, null, 15f);
        assertThat(results.get(1).error()).hasValueSatisfying(e -> assertThat(e).hasMessageContaining("-2"));
        assertThat(results.get(3).error()).hasValueSatisfying(e -> assertThat(e).hasMessageContaining("-4"));
    }

    @Test
    void aBatchWithNoGoodRowNeverRunsTheModelAndAWrongAnswerCountIsRefused() {
        List<RowResult<Float>> none = DenseBatch.score(List.of(-1, -2), 2, DenseBatchTest::write, (x, n) -> {
            throw new AssertionError("the model ran");
        });
        assertThat(none).extracting(RowResult::succeeded).containsExactly(false, false);
        assertThat(DenseBatch.<Integer, Float>score(List.of(), 2, DenseBatchTest::write, (x, n) -> List.of())).isEmpty();
        assertThatThrownBy(() -> DenseBatch.<Integer, Float>score(List.of(1, 2), 2, DenseBatchTest::write,
                (x, n) -> List.of(1f))).isInstanceOf(IllegalStateException.class).hasMessage("the model answered 1 rows for 2");
    }
}
