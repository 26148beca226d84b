package org.mlops4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutputReaderTest {

    enum Decision { APPROVE, DECLINE }

    record Score(String label, double probability) {
    }

    @Test
    void undeclaredAnswersOfPlainLabelTypesAreTheirOwnLabels() {
        OutputReader<Object> r = OutputReader.undeclared();
        assertThat(r.kind()).isEqualTo(OutputKind.UNDECLARED);
        assertThat(r.label("fraud")).isEqualTo("fraud");
        assertThat(r.label(Decision.DECLINE)).isEqualTo("DECLINE");
        assertThat(r.label(true)).isEqualTo("true");
        assertThat(r.label(3)).isEqualTo("3");
        assertThat(r.label(3.5)).as("a double may be a value: not a label").isNull();
        assertThat(r.label(new Score("a", 0.5))).isNull();
        assertThat(r.value("fraud")).isNaN();
        assertThat(r.confidence("fraud")).isNaN();
    }

    @Test
    void classifierAndRegressorReadWhatTheyDeclare() {
        OutputReader<Score> c = OutputReader.classifier(Score::label).withConfidence(Score::probability);
        assertThat(c.kind()).isEqualTo(OutputKind.CLASSIFICATION);
        assertThat(c.label(new Score("fraud", 0.8))).isEqualTo("fraud");
        assertThat(c.confidence(new Score("fraud", 0.8))).isEqualTo(0.8);
        assertThat(c.value(new Score("fraud", 0.8))).isNaN();

        OutputReader<Double> r = OutputReader.regressor(Double::doubleValue);
        assertThat(r.kind()).isEqualTo(OutputKind.REGRESSION);
        assertThat(r.value(4.25)).isEqualTo(4.25);
        assertThat(r.label(4.25)).isNull();
        assertThat(r.confidence(4.25)).isNaN();
    }
}
