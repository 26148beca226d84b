package org.mlops4j.core;

import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** The built-in {@link OutputReader}: three functions and a kind. */
final class Outputs<O> implements OutputReader<O> {

    private final OutputKind kind;
    private final Function<? super O, String> label;
    private final ToDoubleFunction<? super O> value;
    private final ToDoubleFunction<? super O> confidence;

    Outputs(OutputKind kind, Function<? super O, String> label, ToDoubleFunction<? super O> value,
            ToDoubleFunction<? super O> confidence) {
        this.kind = kind;
        this.label = label;
        this.value = value;
        this.confidence = confidence;
    }

    static String plainLabel(Object output) {
        if (output instanceof CharSequence || output instanceof Boolean || output instanceof Character
                || output instanceof Integer || output instanceof Long || output instanceof Short
                || output instanceof Byte) {
            return output.toString();
        }
        return output instanceof Enum<?> e ? e.name() : null;
    }

    @Override
    public OutputKind kind() {
        return kind;
    }

    @Override
    public String label(O output) {
        return label.apply(output);
    }

    @Override
    public double value(O output) {
        return value.applyAsDouble(output);
    }

    @Override
    public double confidence(O output) {
        return confidence.applyAsDouble(output);
    }

    @Override
    public String toString() {
        return "OutputReader[" + kind + "]";
    }
}
