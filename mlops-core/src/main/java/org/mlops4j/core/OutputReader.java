package org.mlops4j.core;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * How to read a model's answers: whether they are class labels or values, the label or value of
 * an answer, and the model's confidence in it. Endpoints read the confidence on the serving path;
 * monitors read labels and values to count predictions and to compare them with ground truth.
 *
 * <pre>{@code
 * OutputReader<Prediction<Label>> tribuo = TribuoOutputs.classifier();      // mlops-tribuo
 * OutputReader<Score> scores = OutputReader.classifier(Score::label).withConfidence(Score::probability);
 * OutputReader<Double> prices = OutputReader.regressor(Double::doubleValue);
 * }</pre>
 *
 * <p>Built-ins are immutable and thread-safe; the functions they wrap must be too, and must be
 * quick: they run for every answer.
 *
 * @param <O> the answer type
 */
public interface OutputReader<O> {

    /** @return what the answers are */
    OutputKind kind();

    /**
     * Reads the predicted class of an answer.
     *
     * @param output the answer, not null
     * @return the label, or null when this answer has none (a regression reader, or an undeclared
     *     reader given an answer that is not of a plain label type)
     */
    String label(O output);

    /**
     * Reads the predicted value of an answer.
     *
     * @param output the answer, not null
     * @return the value, or NaN when this answer has none (any reader but a regression reader)
     */
    double value(O output);

    /**
     * Reads the model's confidence in an answer.
     *
     * @param output the answer, not null
     * @return the confidence in [0, 1], or NaN when the model gives none
     */
    double confidence(O output);

    /**
     * Returns this reader with a confidence function.
     *
     * @param confidence reads the confidence in [0, 1] of an answer, NaN when it has none
     * @return a new reader
     */
    default OutputReader<O> withConfidence(ToDoubleFunction<? super O> confidence) {
        Objects.requireNonNull(confidence, "confidence");
        OutputReader<O> self = this;
        return new Outputs<>(kind(), self::label, self::value, confidence);
    }

    /**
     * The reader used when none is declared: an answer that is a {@link CharSequence}, an enum, a
     * {@link Boolean}, a {@link Character} or an integral number ({@link Integer}, {@link Long},
     * {@link Short}, {@link Byte}) is its own label (its text, or the enum's name); any other answer
     * has no label, no value and no confidence. A monitor given answers without a label says so
     * rather than count them wrong.
     *
     * @param <O> the answer type
     * @return the reader
     */
    static <O> OutputReader<O> undeclared() {
        return new Outputs<>(OutputKind.UNDECLARED, Outputs::plainLabel, o -> Double.NaN, o -> Double.NaN);
    }

    /**
     * A classifier's answers.
     *
     * @param label reads the predicted class of an answer
     * @param <O> the answer type
     * @return the reader, without confidence (see {@link #withConfidence})
     */
    static <O> OutputReader<O> classifier(Function<? super O, String> label) {
        Objects.requireNonNull(label, "label");
        return new Outputs<>(OutputKind.CLASSIFICATION, label, o -> Double.NaN, o -> Double.NaN);
    }

    /**
     * A regression model's answers.
     *
     * @param value reads the predicted value of an answer
     * @param <O> the answer type
     * @return the reader, without confidence
     */
    static <O> OutputReader<O> regressor(ToDoubleFunction<? super O> value) {
        Objects.requireNonNull(value, "value");
        return new Outputs<>(OutputKind.REGRESSION, o -> null, value, o -> Double.NaN);
    }
}
