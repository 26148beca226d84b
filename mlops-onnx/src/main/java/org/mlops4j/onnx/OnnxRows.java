package org.mlops4j.onnx;

import java.util.Collection;
import java.util.List;
import org.mlops4j.core.InvalidInputException;
import org.mlops4j.core.SafeText;
import org.mlops4j.core.features.FeatureReader;

/**
 * Turns inputs into rows of the model's float input, in the signature's column order, refusing
 * what the model cannot take before any native code runs. Thread-safe (the reader is).
 *
 * @param <I> the input type
 */
final class OnnxRows<I> {

    private final FeatureReader<I> reader;
    private final List<String> features;
    private final boolean allowNaN;
    private final String source;

    OnnxRows(FeatureReader<I> reader, boolean allowNaN, String source) {
        this.reader = reader;
        this.features = reader.features();
        this.allowNaN = allowNaN;
        this.source = source;
    }

    int width() {
        return features.size();
    }

    /**
     * Writes one input's features into {@code out} from {@code offset}.
     *
     * @throws InvalidInputException naming the feature that is missing, not a number, shaped as a
     *     tensor, or NaN (unless allowed); or when the input cannot be read at all
     */
    void read(I input, float[] out, int offset) {
        if (!reader.canRead(input)) {
            throw new InvalidInputException("cannot read the features " + features + " of a "
                    + (input == null ? "null input" : input.getClass().getName())
                    + ": none of its accessors matches a feature");
        }
        for (int i = 0; i < features.size(); i++) {
            out[offset + i] = value(reader.value(input, i), features.get(i));
        }
    }

    private float value(Object v, String feature) {
        if (v == null) {
            throw new InvalidInputException("feature " + SafeText.quote(feature) + " is missing; the model "
                    + source + " needs " + features);
        }
        double d;
        if (v instanceof Number n) {
            d = n.doubleValue();
        } else if (v instanceof Boolean b) {
            d = b ? 1.0 : 0.0;
        } else {
            throw new InvalidInputException("feature " + SafeText.quote(feature) + tensorOrType(v));
        }
        if (Double.isNaN(d) && !allowNaN) {
            throw new InvalidInputException("feature " + SafeText.quote(feature) + " is NaN, which this model does "
                    + "not take (OnnxConfig.allowNaN)");
        }
        return (float) d;
    }

    /** Says why a value that is neither a number nor a boolean cannot go in one column. */
    static String tensorOrType(Object v) {
        int length = -1;
        if (v.getClass().isArray()) {
            length = java.lang.reflect.Array.getLength(v);
        } else if (v instanceof Collection<?> c) {
            length = c.size();
        }
        if (length >= 0) {
            return " holds a tensor of shape [" + length + "] (" + v.getClass().getSimpleName()
                    + ") but the signature describes one number per row";
        }
        return " must be a number but was " + SafeText.quote(String.valueOf(v)) + " ("
                + v.getClass().getSimpleName() + ")";
    }

    @Override
    public String toString() {
        return "OnnxRows" + features;
    }
}
