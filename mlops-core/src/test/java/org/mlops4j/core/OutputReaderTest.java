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

    @Test
    void aClassifierWithoutConfidenceFunctionHasNoConfidence() {
        OutputReader<Score> c = OutputReader.classifier(Score::label);
        assertThat(c.label(new Score("ok", 0.9))).isEqualTo("ok");
        assertThat(c.confidence(new Score("ok", 0.9))).isNaN();
        assertThat(c.value(new Score("ok", 0.9))).isNaN();
        assertThat(c).hasToString("OutputReader[CLASSIFICATION]");
        assertThat(c.withConfidence(Score::probability).kind()).isEqualTo(OutputKind.CLASSIFICATION);
        assertThat(OutputReader.regressor(Double::doubleValue).withConfidence(d -> 0.25).value(2.0)).isEqualTo(2.0);
    }

    @Test
    void everyPlainLabelTypeIsItsOwnLabelAndNoOtherTypeIs() {
        OutputReader<Object> r = OutputReader.undeclared();
        assertThat(r.label(new StringBuilder("sb"))).as("any CharSequence").isEqualTo("sb");
        assertThat(r.label('y')).isEqualTo("y");
        assertThat(r.label(7L)).isEqualTo("7");
        assertThat(r.label((short) 8)).isEqualTo("8");
        assertThat(r.label((byte) 9)).isEqualTo("9");
        assertThat(r.label(false)).isEqualTo("false");
        assertThat(r.label(Decision.APPROVE)).isEqualTo("APPROVE");
        assertThat(r.label(2.5f)).isNull();
        assertThat(r.label(java.math.BigInteger.TEN)).as("not one of the listed integral types").isNull();
        assertThat(r.label(java.util.List.of("a"))).isNull();
        assertThat(r.confidence(Decision.APPROVE)).isNaN();
        assertThat(r.value(7L)).isNaN();
    }
}
