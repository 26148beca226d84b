package org.mlops4j.tribuo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.FeatureType;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.core.schema.Schema;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

/**
 * Infers a trained Tribuo model's {@link ModelSignature}; the rules are on
 * {@link TribuoModels#signature(Model)}. Stateless.
 */
final class TribuoSignatures {

    private TribuoSignatures() {
    }

    @SuppressWarnings("unchecked")
    static ModelSignature of(Model<?> model) {
        Objects.requireNonNull(model, "model");
        Schema inputs = inputs(model);
        if (model.validate(Label.class)) {
            return ModelSignature.classifier(inputs, TribuoModels.labelNames((Model<Label>) model));
        }
        if (model.validate(Regressor.class)) {
            int dimensions = model.getOutputIDInfo().size();
            if (dimensions != 1) {
                throw new IllegalArgumentException("model '" + model.getName() + "' predicts " + dimensions
                        + " regression dimensions " + model.getOutputIDInfo().getDomain()
                        + "; a signature describes one regression value");
            }
            return ModelSignature.regressor(inputs);
        }
        throw new IllegalArgumentException("model '" + model.getName() + "' predicts neither Label nor Regressor "
                + "(its outputs are " + model.getOutputIDInfo().getDomain().stream().findFirst()
                .map(o -> o.getClass().getName()).orElse("unknown") + "); a signature describes a classifier or a "
                + "regression model");
    }

    /**
     * The features {@link TribuoSchemas#infer(Model)} finds, numeric ones without their training
     * range, ordered by the first column (feature id) each one fills.
     */
    private static Schema inputs(Model<?> model) {
        Schema inferred = TribuoSchemas.infer(model);
        Map<String, Integer> firstColumn = new HashMap<>();
        ImmutableFeatureMap map = model.getFeatureIDMap();
        for (int id = 0; id < map.size(); id++) {
            String name = map.get(id).getName();
            String feature = inferred.feature(name).isPresent() ? name : name.substring(0, name.indexOf('@'));
            firstColumn.putIfAbsent(feature, id);
        }
        List<Feature> features = new ArrayList<>();
        for (Feature f : inferred.features()) {
            features.add(f.type() == FeatureType.NUMERIC
                    ? new Feature(f.name(), FeatureType.NUMERIC, f.required(), Double.NEGATIVE_INFINITY,
                            Double.POSITIVE_INFINITY, Set.of())
                    : f);
        }
        features.sort(Comparator.comparing(f -> firstColumn.get(f.name())));
        return Schema.of(features);
    }
}
