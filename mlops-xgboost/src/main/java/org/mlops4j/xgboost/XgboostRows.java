package org.mlops4j.xgboost;

import java.util.Collection;
import java.util.List;
import org.mlops4j.core.InvalidInputException;
import org.mlops4j.core.SafeText;
import org.mlops4j.core.features.FeatureReader;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.ModelSignature;

/**
 * Turns inputs into rows of an XGBoost model's dense float input, in the signature's column order.
 * A missing value is XGBoost's missing value, NaN, which the trees route down their default branch,
 * unless the signature requires the feature. Thread-safe (the reader is).
 *
 * @param <I> the input type
 */
final class XgboostRows<I> {

    private final FeatureReader<I> reader;
    private final List<String> features;
    private final boolean[] required;

    XgboostRows(FeatureReader<I> reader, ModelSignature signature) {
        this.reader = reader;
        this.features = reader.features();
        List<Feature> declared = signature.inputs().features();
        this.required = new boolean[declared.size()];
        for (int i = 0; i < required.length; i++) {
            required[i] = declared.get(i).required();
        }
    }

    int width() {
        return features.size();
    }

    /**
     * Writes one input's features into {@code out} from {@code offset}: numbers as floats, booleans
     * as 1 and 0, null (and NaN) as NaN, XGBoost's missing value.
     *
     * @throws InvalidInputException naming the feature that is required but missing, not a number,
     *     or shaped as a tensor; or when the input cannot be read at all
     */
    void read(I input, float[] out, int offset) {
        if (!reader.canRead(input)) {
            throw new InvalidInputException("cannot read the features " + features + " of a "
                    + (input == null ? "null input" : input.getClass().getName())
                    + ": none of its accessors matches a feature");
        }
        for (int i = 0; i < required.length; i++) {
            out[offset + i] = value(reader.value(input, i), i);
        }
    }

    private float value(Object v, int i) {
        if (v == null) {
            if (required[i]) {
                throw new InvalidInputException("feature " + SafeText.quote(features.get(i)) + " is missing and the "
                        + "signature requires it (make it optional to send it to XGBoost as missing)");
            }
            return Float.NaN;
        }
        if (v instanceof Number n) {
            return n.floatValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1f : 0f;
        }
        int length = -1;
        if (v.getClass().isArray()) {
            length = java.lang.reflect.Array.getLength(v);
        } else if (v instanceof Collection<?> c) {
            length = c.size();
        }
        String name = "feature " + SafeText.quote(features.get(i));
        if (length >= 0) {
            throw new InvalidInputException(name + " holds a tensor of shape [" + length + "] ("
                    + v.getClass().getSimpleName() + ") but the signature describes one number per row");
        }
        throw new InvalidInputException(name + " must be a number but was " + SafeText.quote(String.valueOf(v))
                + " (" + v.getClass().getSimpleName() + ")");
    }

    @Override
    public String toString() {
        return "XgboostRows" + features;
    }
}
