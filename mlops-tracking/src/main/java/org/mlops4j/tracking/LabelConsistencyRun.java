package org.mlops4j.tracking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mlops4j.monitoring.labels.ConflictGroup;
import org.mlops4j.monitoring.labels.LabelConflictReport;

/**
 * Records a labelled dataset's consistency in a tracking run: metrics {@code labels.rows},
 * {@code labels.identical_groups}, {@code labels.near_groups}, {@code labels.conflicting_rows},
 * {@code labels.conflicting_share} and one {@code labels.agreement.<name>} per agreement
 * coefficient given (for example Cohen's kappa from
 * {@link org.mlops4j.monitoring.labels.LabelAgreement}); the parameter
 * {@code labels.near_threshold} when a near search ran; and the artifact
 * {@value #ARTIFACT}, one JSON object a line per conflict group: {@code kind} (identical or near),
 * {@code rows} and {@code labels} (as strings).
 *
 * <p>Needs {@code mlops-monitoring} on the class path (an optional dependency of this module).
 */
public final class LabelConsistencyRun {

    /** The artifact path of the conflict list. */
    public static final String ARTIFACT = "labels/conflicts.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    private LabelConsistencyRun() {
    }

    /**
     * Logs the report and agreement coefficients in the run.
     *
     * @param run the run
     * @param report the conflicts found
     * @param agreement coefficient name (for example {@code cohen_kappa}) to value; NaN (undefined)
     *     is logged as NaN
     * @return the run
     * @throws IllegalArgumentException if a coefficient's name is blank or its value null
     */
    public static Run log(Run run, LabelConflictReport report, Map<String, Double> agreement) {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(agreement, "agreement");
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("labels.rows", (double) report.rows());
        metrics.put("labels.identical_groups", (double) report.identical().size());
        metrics.put("labels.near_groups", (double) report.near().size());
        metrics.put("labels.conflicting_rows", (double) report.conflictingRows());
        metrics.put("labels.conflicting_share", report.conflictingShare());
        agreement.forEach((name, value) -> {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("agreement name must not be blank but was '" + name + "'");
            }
            if (value == null) {
                throw new IllegalArgumentException("agreement '" + name + "' must have a value but was null");
            }
            metrics.put("labels.agreement." + name, value);
        });
        run.logMetrics(metrics, 0L);
        if (!Double.isNaN(report.threshold())) {
            run.logParam("labels.near_threshold", report.threshold());
        }
        StringBuilder lines = new StringBuilder();
        append(lines, "identical", report.identical());
        append(lines, "near", report.near());
        return run.logText(lines.toString(), ARTIFACT);
    }

    private static void append(StringBuilder out, String kind, List<ConflictGroup> groups) {
        for (ConflictGroup g : groups) {
            ObjectNode line = JSON.createObjectNode();
            line.put("kind", kind);
            g.rows().forEach(line.putArray("rows")::add);
            var labels = line.putArray("labels");
            g.labels().forEach(l -> labels.add(String.valueOf(l)));
            try {
                out.append(JSON.writeValueAsString(line)).append('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write conflict group " + g.rows(), e);
            }
        }
    }
}
