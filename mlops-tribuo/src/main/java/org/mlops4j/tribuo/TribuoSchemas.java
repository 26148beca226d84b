package org.mlops4j.tribuo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.tribuo.CategoricalInfo;
import org.tribuo.Dataset;
import org.tribuo.FeatureMap;
import org.tribuo.Model;
import org.tribuo.RealInfo;
import org.tribuo.VariableInfo;

/**
 * Infers a {@link Schema} from a Tribuo training {@link Dataset}, a trained {@link Model}, or a
 * {@link FeatureMap}, so a service can check its live inputs against what the model was trained on.
 *
 * <p>The rules:
 * <ul>
 *   <li>features named {@code name@value} whose only observed value is 1.0 are Tribuo's one-hot
 *       encoding of a categorical feature {@code name}; they become one {@code CATEGORICAL}
 *       feature whose category set is the values seen;</li>
 *   <li>every other feature is {@code NUMERIC}, with the range observed in training as its allowed
 *       range (so a value outside it is reported {@code OUT_OF_RANGE}; widen it with
 *       {@link Feature#withRange(double, double)} where extrapolation is expected);</li>
 *   <li>a feature with a non-zero value in every example is required, otherwise optional. Tribuo
 *       examples are sparse and do not count zeros, so a numeric feature that is sometimes 0 comes
 *       out optional;</li>
 *   <li>a boolean feature was encoded as 1.0/0.0 and cannot be told from a numeric one: it comes
 *       out {@code NUMERIC} in [0, 1]. Declare it with {@link Schema#with(Feature)}.</li>
 * </ul>
 * Features come out sorted by name. Stateless.
 */
public final class TribuoSchemas {

    private TribuoSchemas() {
    }

    /**
     * Infers the schema of a dataset.
     *
     * @param dataset a non-empty dataset
     * @return the schema
     * @throws IllegalArgumentException if the dataset is empty
     */
    public static Schema infer(Dataset<?> dataset) {
        Objects.requireNonNull(dataset, "dataset");
        if (dataset.size() == 0) {
            throw new IllegalArgumentException("cannot infer a schema from an empty dataset");
        }
        return infer(dataset.getFeatureMap(), dataset.size());
    }

    /**
     * Infers the schema a trained model expects, from its feature map and the number of training
     * examples recorded in its provenance: for a serving process that has the model but not the data.
     *
     * @param model a trained model
     * @return the schema
     * @throws IllegalArgumentException if the model's provenance records no training examples
     */
    public static Schema infer(Model<?> model) {
        Objects.requireNonNull(model, "model");
        return infer(model.getFeatureIDMap(), model.getProvenance().getDatasetProvenance().getNumExamples());
    }

    /**
     * Infers a schema from a feature map built over a known number of examples.
     *
     * @param featureMap the features and their observed values
     * @param examples how many examples the map was built from
     * @return the schema
     * @throws IllegalArgumentException if {@code examples < 1} or the map is empty
     */
    public static Schema infer(FeatureMap featureMap, int examples) {
        Objects.requireNonNull(featureMap, "featureMap");
        if (examples < 1) {
            throw new IllegalArgumentException("examples must be >= 1 but was " + examples);
        }
        if (featureMap.size() == 0) {
            throw new IllegalArgumentException("cannot infer a schema from an empty feature map");
        }
        Map<String, VariableInfo> numeric = new TreeMap<>();
        Map<String, List<VariableInfo>> oneHot = new TreeMap<>();
        for (VariableInfo info : featureMap) {
            String name = info.getName();
            int at = name.indexOf('@');
            if (at > 0 && at < name.length() - 1 && onlyOnes(info)) {
                oneHot.computeIfAbsent(name.substring(0, at), k -> new ArrayList<>()).add(info);
            } else {
                numeric.put(name, info);
            }
        }
        Map<String, Feature> features = new TreeMap<>();
        for (Map.Entry<String, List<VariableInfo>> e : oneHot.entrySet()) {
            if (numeric.containsKey(e.getKey())) {
                // A numeric feature of the same name: keep the one-hot features as plain numeric ones.
                e.getValue().forEach(i -> numeric.put(i.getName(), i));
                continue;
            }
            TreeSet<String> categories = new TreeSet<>();
            long count = 0;
            for (VariableInfo i : e.getValue()) {
                categories.add(i.getName().substring(e.getKey().length() + 1));
                count += i.getCount();
            }
            Feature f = Feature.categorical(e.getKey(), categories);
            features.put(e.getKey(), count >= examples ? f : f.optional());
        }
        for (VariableInfo info : numeric.values()) {
            double[] range = range(info, examples);
            Feature f = Feature.numeric(info.getName()).withRange(range[0], range[1]);
            features.put(info.getName(), info.getCount() >= examples ? f : f.optional());
        }
        return Schema.of(new LinkedHashMap<>(features).values());
    }

    /** True for an indicator: 1.0 where present (Tribuo adds the implicit 0.0 of sparse absence). */
    private static boolean onlyOnes(VariableInfo info) {
        if (info instanceof CategoricalInfo c) {
            boolean one = false;
            for (double v : c.getValues()) {
                if (v == 1.0) {
                    one = true;
                } else if (v != 0.0) {
                    return false;
                }
            }
            return one;
        }
        // A RealInfo has seen more distinct values than CategoricalInfo.THRESHOLD: never an indicator.
        return false;
    }

    private static double[] range(VariableInfo info, int examples) {
        if (info instanceof RealInfo r) {
            return new double[] {r.getMin(), r.getMax()};
        }
        if (info instanceof CategoricalInfo c) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            // Tribuo lists an implied 0.0 for sparse absence; a feature non-zero in every example never was 0.
            boolean zeroSeen = info.getCount() < examples;
            for (double v : c.getValues()) {
                if (v == 0.0 && !zeroSeen) {
                    continue;
                }
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            if (min <= max) {
                return new double[] {min, max};
            }
        }
        return new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
    }
}
