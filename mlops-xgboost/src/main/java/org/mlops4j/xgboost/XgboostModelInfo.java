package org.mlops4j.xgboost;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mlops4j.core.OutputKind;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.FeatureType;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.core.schema.Schema;

/**
 * What an XGBoost model says about itself: its objective, how many features it takes, how many
 * classes it tells apart, the feature names it was trained with (XGBoost keeps them when the
 * training matrix had them), and the labels mlops4j stored in its attribute {@value #LABELS}
 * (XGBoost itself only numbers its classes 0 to k-1). Made by {@link XgboostModels#inspect(byte[])}
 * or {@link XgboostPredictor#info()}.
 *
 * <p>The objective decides how the answer is read: {@code binary:logistic} (one column, the
 * probability of the second label), {@code multi:softprob} (one probability per label), or a
 * regression objective ({@code reg:*}, {@code count:*}, {@code survival:*}: one value). Others
 * ({@code multi:softmax} and {@code binary:hinge} answer a class without probabilities,
 * {@code binary:logitraw} a margin, {@code rank:*} a ranking score) are refused.
 *
 * <p>Immutable and thread-safe.
 *
 * @param booster the booster kind: {@code gbtree}, {@code dart} or {@code gblinear}
 * @param objective the objective the model was trained with, e.g. {@code binary:logistic}
 * @param features how many features it takes
 * @param classes how many classes a multi-class model tells apart (0 for the others)
 * @param featureNames the feature names kept in the model, in column order; empty when it has none
 * @param labels the labels stored in the attribute {@value #LABELS}, in class order; empty when none
 */
public record XgboostModelInfo(String booster, String objective, long features, int classes, List<String> featureNames,
                               List<String> labels) {

    /** The booster attribute holding a classifier's labels in class order, separated by commas. */
    public static final String LABELS = "mlops4j.labels";

    private static final Pattern OBJECTIVE = Pattern.compile("\"objective\"\\s*:\\s*\\{\\s*\"name\"\\s*:\\s*\"([^\"]+)\"");
    /** The booster's name: the model's one "name" with a booster's value (the other "name" is the objective's). */
    private static final Pattern BOOSTER = Pattern.compile("\"name\"\\s*:\\s*\"(gbtree|dart|gblinear)\"");
    private static final Pattern NUM_CLASS = Pattern.compile("\"num_class\"\\s*:\\s*\"(\\d+)\"");
    private static final Pattern FEATURE_NAMES = Pattern.compile("\"feature_names\"\\s*:\\s*\\[([^\\]]*)\\]");
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    /**
     * Freezes the lists.
     *
     * @param booster the booster kind
     * @param objective the objective
     * @param features how many features the model takes
     * @param classes how many classes (0 unless multi-class)
     * @param featureNames the feature names kept in the model, or empty
     * @param labels the stored labels, or empty
     */
    public XgboostModelInfo {
        Objects.requireNonNull(booster, "booster");
        Objects.requireNonNull(objective, "objective");
        featureNames = List.copyOf(Objects.requireNonNull(featureNames, "featureNames"));
        labels = List.copyOf(Objects.requireNonNull(labels, "labels"));
    }

    /** Reads the objective and class count from the model's JSON form (its learner section). */
    static XgboostModelInfo fromJson(String json, long features, List<String> labels) {
        Matcher o = OBJECTIVE.matcher(json);
        String objective = o.find() ? o.group(1) : "unknown";
        Matcher b = BOOSTER.matcher(json);
        String booster = b.find() ? b.group(1) : "unknown";
        Matcher c = NUM_CLASS.matcher(json);
        int classes = c.find() ? Integer.parseInt(c.group(1)) : 0;
        List<String> names = new ArrayList<>();
        Matcher f = FEATURE_NAMES.matcher(json);
        if (f.find()) {
            Matcher s = STRING.matcher(f.group(1));
            while (s.find()) {
                names.add(s.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
            }
        }
        return new XgboostModelInfo(booster, objective, features, classes, names, labels);
    }

    /** @return what the objective makes the model answer: a classifier's probabilities or a value; empty when unsupported */
    public Optional<OutputKind> output() {
        if (objective.equals("binary:logistic") || objective.equals("multi:softprob")) {
            return Optional.of(OutputKind.CLASSIFICATION);
        }
        if (objective.startsWith("reg:") || objective.startsWith("count:") || objective.startsWith("survival:")) {
            return Optional.of(OutputKind.REGRESSION);
        }
        return Optional.empty();
    }

    /** @return how many columns the model answers: the classes of {@code multi:softprob}, else 1 */
    public int outputWidth() {
        return objective.equals("multi:softprob") ? classes : 1;
    }

    /**
     * Lists what the model does not tell about its signature.
     *
     * @return the gaps; empty when {@link #inferSignature()} succeeds
     */
    public List<String> unknowns() {
        List<String> out = new ArrayList<>();
        if (featureNames.isEmpty()) {
            out.add("the feature names (it was trained on a matrix without names; it only tells " + features
                    + " features)");
        }
        Optional<OutputKind> kind = output();
        if (kind.isEmpty()) {
            out.add("how to read its answer (objective " + objective + " is not binary:logistic, multi:softprob or a "
                    + "regression)");
        } else if (kind.get() == OutputKind.CLASSIFICATION && labels.isEmpty()) {
            out.add("the labels (attribute " + LABELS + "; it only tells " + Math.max(2, classes)
                    + " classes numbered from 0)");
        }
        return List.copyOf(out);
    }

    /**
     * Infers the model's signature: every feature numeric and optional (XGBoost takes missing
     * values), in column order; the output kind from the objective; the labels from
     * {@value #LABELS}.
     *
     * @return the signature
     * @throws IllegalArgumentException listing {@link #unknowns()} when the model does not tell it all
     */
    public ModelSignature inferSignature() {
        List<String> unknown = unknowns();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("cannot infer the signature of the XGBoost model: it does not tell "
                    + String.join("; ", unknown));
        }
        List<Feature> inputs = new ArrayList<>();
        for (String name : featureNames) {
            inputs.add(Feature.numeric(name).optional());
        }
        ModelSignature s = output().orElseThrow() == OutputKind.CLASSIFICATION
                ? ModelSignature.classifier(Schema.of(inputs), labels) : ModelSignature.regressor(Schema.of(inputs));
        check(s, "the XGBoost model");
        return s;
    }

    /**
     * Checks a signature against the model: a tree booster ({@code gbtree} or {@code dart}: XGBoost
     * documents concurrent prediction as safe for those only), as many features as the model takes
     * (and the same names in the same order, when the model keeps names), numeric or boolean
     * features only, the
     * output kind its objective answers, and as many labels as classes (two for
     * {@code binary:logistic}).
     *
     * @param signature the signature the model is to be served by
     * @param source the model's file or name, for messages
     * @throws IllegalArgumentException naming what differs and both values
     */
    public void check(ModelSignature signature, String source) {
        Objects.requireNonNull(signature, "signature");
        if (!booster.equals("gbtree") && !booster.equals("dart")) {
            throw new IllegalArgumentException(source + " is a " + booster + " booster; XGBoost answers concurrent "
                    + "predictions safely only for tree boosters (gbtree, dart)");
        }
        List<String> names = signature.featureNames();
        for (Feature f : signature.inputs().features()) {
            if (f.type() == FeatureType.CATEGORICAL) {
                throw new IllegalArgumentException("feature '" + f.name() + "' of the signature is CATEGORICAL but "
                        + source + " takes numbers; encode it as numbers before training");
            }
        }
        if (features != names.size()) {
            throw new IllegalArgumentException(source + " takes " + features + " features but the signature names "
                    + names.size() + ": " + names);
        }
        if (!featureNames.isEmpty() && !featureNames.equals(names)) {
            throw new IllegalArgumentException(source + " was trained on the features " + featureNames
                    + " but the signature names " + names);
        }
        OutputKind kind = output().orElseThrow(() -> new IllegalArgumentException(source + " has the objective "
                + objective + ", whose answer mlops4j cannot read: train with binary:logistic, multi:softprob or a "
                + "regression objective"));
        if (kind != signature.output()) {
            throw new IllegalArgumentException(source + " answers " + kind + " (objective " + objective
                    + ") but the signature expects " + signature.output());
        }
        int expected = objective.equals("multi:softprob") ? classes : 2;
        if (kind == OutputKind.CLASSIFICATION && signature.labels().size() != expected) {
            throw new IllegalArgumentException(source + " tells " + expected + " classes (objective " + objective
                    + ") but the signature names " + signature.labels().size() + " labels: " + signature.labels());
        }
        if (!labels.isEmpty() && kind == OutputKind.CLASSIFICATION && !labels.equals(signature.labels())) {
            throw new IllegalArgumentException(source + " lists its labels as " + labels + " (attribute " + LABELS
                    + ") but the signature names " + signature.labels());
        }
    }
}
