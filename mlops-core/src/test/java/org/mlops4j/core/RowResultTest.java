package org.mlops4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RowResultTest {

    @Test
    void anAnsweredRowGivesItsAnswerAndNoError() {
        RowResult<String> r = RowResult.answered(3, "fraud");
        assertThat(r.row()).isEqualTo(3);
        assertThat(r.isAnswered()).isTrue();
        assertThat(r.get()).isEqualTo("fraud");
        assertThat(r.answer()).contains("fraud");
        assertThat(r.error()).isEmpty();
        assertThat(r).isEqualTo(RowResult.answered(3, "fraud")).hasSameHashCodeAs(RowResult.answered(3, "fraud"))
                .isNotEqualTo(RowResult.answered(4, "fraud")).isNotEqualTo(RowResult.answered(3, "legit"));
        assertThat(r).hasToString("RowResult[row 3, answered fraud]");
    }

    @Test
    void aRefusedRowThrowsItsOwnErrorWhenAskedForItsAnswer() {
        InvalidInputException e = new InvalidInputException("feature 'age' is missing");
        RowResult<String> r = RowResult.refused(0, e);
        assertThat(r.isAnswered()).isFalse();
        assertThat(r.answer()).isEmpty();
        assertThat(r.error()).containsSame(e);
        assertThatThrownBy(r::get).isSameAs(e);
        assertThat(r).hasToString("RowResult[row 0, refused: feature 'age' is missing]")
                .isNotEqualTo(RowResult.answered(0, "x"));
    }

    @Test
    void aRowIndexIsNeverNegative() {
        assertThatThrownBy(() -> RowResult.answered(-1, "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row must be >= 0 but was -1");
        assertThatThrownBy(() -> RowResult.refused(0, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("error");
    }
}
