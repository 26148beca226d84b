package org.mlops4j.tribuo.tracking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelConfusionMatrix;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.provenance.DataProvenance;

/**
 * Classification metrics from Tribuo's {@link LabelEvaluator}: {@code accuracy},
 * {@code macro_f1}, {@code micro_f1}, {@code macro_precision}, {@code macro_recall}, and for each
 * label the model knows {@code precision.<label>}, {@code recall.<label>} and {@code f1.<label>}
 * (Tribuo reports 0 where a ratio has no denominator). When the model gives probabilities it adds
 * the one-vs-rest ROC AUC per label, {@code auc.<label>}, and their unweighted mean,
 * {@code macro_auc} ({@link LabelEvaluation#averageAUCROC(boolean)} with {@code false}); AUC is
 * undefined, and left out, when the evaluated examples hold a single true label.
 *
 * <p>Artifacts: {@code confusion_matrix.json} and {@code confusion_matrix.txt}, with one row per
 * true label and one column per predicted label, over every label the model knows, sorted by name.
 */
final class LabelScorer implements Scorer<Label> {

    private static final Logger LOG = LoggerFactory.getLogger(LabelScorer.class);
    private static final Comparator<Label> BY_NAME = Comparator.comparing(Label::getLabel);

    @Override
    public Map<String, Double> metrics(Model<Label> model, List<Prediction<Label>> predictions, DataProvenance data) {
        LabelEvaluation e = new LabelEvaluator().evaluate(model, predictions, data);
        Map<String, Double> m = new LinkedHashMap<>();
        put(m, "accuracy", e.accuracy());
        put(m, "macro_f1", e.macroAveragedF1());
        put(m, "micro_f1", e.microAveragedF1());
        put(m, "macro_precision", e.macroAveragedPrecision());
        put(m, "macro_recall", e.macroAveragedRecall());
        boolean scores = model.generatesProbabilities();
        for (Label label : labels(model)) {
            String key = Keys.piece(label.getLabel());
            put(m, "precision." + key, e.precision(label));
            put(m, "recall." + key, e.recall(label));
            put(m, "f1." + key, e.f1(label));
            if (scores) {
                put(m, "auc." + key, e.AUCROC(label));
            }
        }
        if (scores) {
            put(m, "macro_auc", e.averageAUCROC(false));
        }
        return m;
    }

    @Override
    public Map<String, String> artifacts(Model<Label> model, List<Prediction<Label>> predictions) {
        LabelConfusionMatrix cm = new LabelConfusionMatrix(model.getOutputIDInfo(), predictions);
        List<Label> labels = labels(model);
        int n = labels.size();
        long[][] counts = new long[n][n];
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                counts[t][p] = Math.round(cm.confusion(labels.get(p), labels.get(t)));
            }
        }
        List<String> names = new ArrayList<>(n);
        labels.forEach(l -> names.add(l.getLabel()));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("labels", names);
        json.put("rows", "true label");
        json.put("columns", "predicted label");
        json.put("matrix", counts);
        Map<String, String> out = new LinkedHashMap<>();
        out.put("confusion_matrix.json", Json.pretty(json));
        out.put("confusion_matrix.txt", text(names, counts));
        return out;
    }

    /** The labels the model knows, sorted by name so that keys and matrices have a stable order. */
    private static List<Label> labels(Model<Label> model) {
        List<Label> labels = new ArrayList<>(model.getOutputIDInfo().getDomain());
        labels.sort(BY_NAME);
        return labels;
    }

    private static String text(List<String> names, long[][] counts) {
        String corner = "true \\ predicted";
        int width = 1;
        for (String name : names) {
            width = Math.max(width, name.length());
        }
        for (long[] row : counts) {
            for (long c : row) {
                width = Math.max(width, Long.toString(c).length());
            }
        }
        int first = Math.max(corner.length(), width);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-" + first + "s", corner));
        for (String name : names) {
            sb.append("  ").append(String.format("%" + width + "s", name));
        }
        sb.append('\n');
        for (int t = 0; t < names.size(); t++) {
            sb.append(String.format("%-" + first + "s", names.get(t)));
            for (long c : counts[t]) {
                sb.append("  ").append(String.format("%" + width + "d", c));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void put(Map<String, Double> metrics, String key, double value) {
        if (Double.isNaN(value)) {
            return;
        }
        if (metrics.putIfAbsent(key, value) != null) {
            LOG.warn("two labels share the metric key {} once sanitized; keeping the first", key);
        }
    }
}
