package org.mlops4j.monitoring.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.mlops4j.monitoring.FeedbackWindow;
import org.mlops4j.monitoring.WindowMetrics;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.alert.DriftedFeature;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.drift.FeatureDrift;
import org.mlops4j.monitoring.review.ReviewReading;
import org.mlops4j.monitoring.scoping.TargetCheck;

/**
 * Writes a {@link MonitoringReport} as JSON with the same content as the HTML page; NaN becomes {@code null} and times
 * are ISO-8601 instants in UTC.
 */
final class JsonReport {

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    String write(MonitoringReport r) {
        ObjectNode root = mapper.createObjectNode();
        root.put("title", r.title());
        root.put("generatedAt", r.generatedAt().toString());
        ArrayNode checks = root.putArray("driftChecks");
        for (DriftCheck c : r.driftChecks()) {
            ObjectNode check = checks.addObject();
            check.put("title", c.title());
            if (c.drift().isPresent()) {
                check.set("drift", drift(c.drift().get()));
            } else {
                check.putNull("drift");
            }
            ArrayNode dists = check.putArray("distributions");
            for (FeatureDistribution d : c.distributions()) {
                ObjectNode n = dists.addObject();
                n.put("feature", d.feature());
                n.put("kind", d.numeric() ? "numeric" : "categorical");
                d.edges().forEach(n.putArray("edges")::add);
                d.labels().forEach(n.putArray("labels")::add);
                d.reference().forEach(n.putArray("reference")::add);
                d.current().forEach(n.putArray("current")::add);
            }
        }
        ArrayNode windows = root.putArray("windows");
        r.windows().forEach(w -> window(windows.addObject(), w));
        ArrayNode feedback = root.putArray("feedbackWindows");
        for (FeedbackWindow w : r.feedbackWindows()) {
            ObjectNode n = feedback.addObject();
            n.put("endpoint", w.endpoint());
            n.put("variant", w.variant());
            n.put("model", w.model());
            n.put("window", w.window());
            n.put("end", w.end().toString());
            n.put("labelled", w.labelled());
            put(n, "accuracy", w.accuracy());
            put(n, "rmse", w.rmse());
            put(n, "mae", w.mae());
        }
        EstimateTable.json(root.putArray("estimatedWindows"), r.estimatedWindows());
        SegmentsTable.json(root.putArray("segments"), r.segments());
        MultivariateTable.json(root.putArray("multivariateDrift"), r.multivariateWindows());
        ArrayNode review = root.putArray("reviewQueues");
        r.reviewQueues().forEach(q -> review(review.addObject(), q));
        ArrayNode alerts = root.putArray("alerts");
        r.alerts().forEach(a -> alert(alerts.addObject(), a));
        ArrayNode targets = root.putArray("targets");
        for (TargetCheck c : r.targets()) {
            ObjectNode n = targets.addObject();
            n.put("name", c.target().name());
            n.put("metric", c.target().metric().metricName().key());
            n.put("direction", c.target().direction().name());
            put(n, "threshold", c.target().threshold());
            put(n, "atRiskMargin", c.target().atRiskMargin());
            put(n, "value", c.value());
            n.put("status", c.status().name());
            if (c.measuredAt().isPresent()) {
                n.put("measuredAt", c.measuredAt().get().toString());
            } else {
                n.putNull("measuredAt");
            }
            n.put("source", c.source());
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write report '" + r.title() + "' as JSON", e);
        }
    }

    private ObjectNode drift(DatasetDriftReport d) {
        ObjectNode n = mapper.createObjectNode();
        n.put("verdict", d.verdict().name());
        put(n, "driftedShare", d.driftedShare());
        put(n, "shareThreshold", d.shareThreshold());
        n.put("correction", d.correction().name());
        ArrayNode features = n.putArray("features");
        for (FeatureDrift f : d.features()) {
            ObjectNode o = features.addObject();
            o.put("feature", f.feature());
            o.put("verdict", f.verdict().name());
            if (f.result().isPresent()) {
                o.put("test", f.result().get().method());
                put(o, "statistic", f.result().get().statistic());
                put(o, "pValue", f.result().get().pValue());
                put(o, "threshold", f.result().get().threshold());
            } else {
                o.putNull("test");
                o.putNull("statistic");
                o.putNull("pValue");
                o.putNull("threshold");
            }
            put(o, "adjustedPValue", f.adjustedPValue());
            o.put("referenceSize", f.referenceSize());
            o.put("currentSize", f.currentSize());
        }
        return n;
    }

    private void window(ObjectNode n, WindowMetrics w) {
        n.put("endpoint", w.endpoint());
        n.put("variant", w.variant());
        n.put("model", w.model());
        n.put("window", w.window());
        n.put("start", w.start().toString());
        n.put("end", w.end().toString());
        n.put("predictions", w.predictions());
        put(n, "errorRatio", w.errorRatio());
        put(n, "timeoutRatio", w.timeoutRatio());
        put(n, "unreadableInputRatio", w.unreadableInputRatio());
        put(n, "latencyP50Seconds", w.latencyP50Seconds());
        put(n, "latencyP95Seconds", w.latencyP95Seconds());
        put(n, "latencyP99Seconds", w.latencyP99Seconds());
        put(n, "throughputPerSecond", w.throughputPerSecond());
        put(n, "nullOutputRatio", w.nullOutputRatio());
        put(n, "lowConfidenceRatio", w.lowConfidenceRatio());
        put(n, "confidenceP10", w.confidenceP10());
        put(n, "confidenceP50", w.confidenceP50());
        w.predictionDrift().ifPresent(d -> {
            ObjectNode drift = n.putObject("predictionDrift");
            drift.put("method", d.method());
            put(drift, "statistic", d.statistic());
            put(drift, "pValue", d.pValue());
            drift.put("drifted", d.drifted());
        });
        put(n, "driftedShare", w.driftedShare());
        n.put("nonFinite", w.nonFinite());
        map(n.putObject("missingRatio"), w.missingRatio());
        map(n.putObject("outOfRangeRatio"), w.outOfRangeRatio());
        map(n.putObject("unseenCategoryRatio"), w.unseenCategoryRatio());
        map(n.putObject("predictionShares"), w.predictionShares());
        map(n.putObject("outputQuantiles"), w.outputQuantiles());
        drifted(n.putArray("driftedFeatures"), w.driftedFeatures());
        if (w.inputDrift().isPresent()) {
            n.set("inputDrift", drift(w.inputDrift().get()));
        } else {
            n.putNull("inputDrift");
        }
    }

    /** A review queue's reading; a period count that is unknown ({@code -1}) is written as null. */
    private static void review(ObjectNode n, ReviewReading q) {
        n.put("queue", q.queue());
        n.put("endpoint", q.endpoint());
        n.put("at", q.at().toString());
        if (q.since().isPresent()) {
            n.put("since", q.since().get().toString());
        } else {
            n.putNull("since");
        }
        n.put("depth", q.figures().pending());
        n.put("claimed", q.figures().claimed());
        put(n, "ageP50Seconds", q.ageP50Seconds());
        put(n, "ageP99Seconds", q.ageP99Seconds());
        n.put("expired", q.figures().expired());
        count(n, "expiredInPeriod", q.expiredInPeriod());
        n.put("resolved", q.figures().resolved());
        count(n, "resolvedInPeriod", q.resolvedInPeriod());
        n.put("agreed", q.figures().agreed());
        count(n, "agreedInPeriod", q.agreedInPeriod());
        put(n, "agreementRate", q.agreementRate());
        put(n, "cumulativeAgreementRate", q.cumulativeAgreementRate());
    }

    private static void count(ObjectNode n, String key, long v) {
        if (v >= 0) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }

    private static void alert(ObjectNode n, Alert a) {
        n.put("kind", a.kind().name());
        n.put("rule", a.rule());
        n.put("severity", a.severity().name());
        n.put("metric", a.metric());
        put(n, "value", a.value());
        put(n, "threshold", a.threshold());
        n.put("window", a.window());
        n.put("endpoint", a.endpoint());
        n.put("model", a.model());
        n.put("timestamp", a.timestamp().toString());
        drifted(n.putArray("topDriftedFeatures"), a.topDriftedFeatures());
    }

    private static void drifted(ArrayNode array, List<DriftedFeature> features) {
        for (DriftedFeature f : features) {
            ObjectNode o = array.addObject();
            o.put("feature", f.feature());
            put(o, "statistic", f.statistic());
        }
    }

    private static void map(ObjectNode n, Map<String, Double> values) {
        values.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> put(n, e.getKey(), e.getValue()));
    }

    private static void put(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }
}
