package org.mlops4j.spring.autoconfigure;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.mlops4j.core.Clock;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.signal.VariantFigures;
import org.mlops4j.lifecycle.ClosedLoop;
import org.mlops4j.lifecycle.Rollout;
import org.mlops4j.monitoring.FeedbackMetrics;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.WindowMetrics;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.alert.DriftedFeature;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.drift.DriftResult;
import org.mlops4j.monitoring.drift.FeatureDrift;
import org.mlops4j.monitoring.system.SystemMetrics;
import org.mlops4j.monitoring.system.SystemMetricsSource;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.EndpointStats;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON of the {@code mlops} Actuator endpoint, as maps and lists with stable field names
 * (documented in docs/spring-boot.md): numbers that are not defined (a ratio of an empty window) are
 * {@code null}, never NaN, so any JSON parser reads it.
 */
final class MlopsView {

    private static final Logger LOG = LoggerFactory.getLogger(MlopsView.class);
    private static final SystemMetricsSource JVM = SystemMetricsSource.mxBeans(Clock.system());

    private final MlopsEndpoints endpoints;
    private final FiringAlerts alerts;
    private final ModelRegistry registry;

    MlopsView(MlopsEndpoints endpoints, FiringAlerts alerts, ModelRegistry registry) {
        this.endpoints = endpoints;
        this.alerts = alerts;
        this.registry = registry;
    }

    Map<String, Object> all() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", Instant.now().toString());
        List<Object> list = new ArrayList<>();
        for (String name : endpoints.names()) {
            list.add(endpoint(name).orElseThrow());
        }
        m.put("endpoints", list);
        m.put("alerts", alerts.firing().stream().map(MlopsView::alert).toList());
        m.put("jvm", jvm());
        return m;
    }

    Optional<Map<String, Object>> endpoint(String name) {
        return endpoints.endpoint(name).map(e -> endpoint(e));
    }

    private Map<String, Object> endpoint(ModelEndpoint<?, ?> e) {
        Map<String, Object> m = new LinkedHashMap<>();
        DeploymentStrategy<?, ?> strategy = e.strategy();
        m.put("name", e.name());
        m.put("strategy", kind(strategy));
        m.put("description", strategy.toString());
        Optional<ModelMonitor<?>> monitor = endpoints.monitor(e.name());
        m.put("monitored", monitor.isPresent());
        EndpointStats s = e.stats();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("requests", s.predictions());
        stats.put("errors", s.errors());
        stats.put("timeouts", s.timeouts());
        stats.put("fallbacks", s.fallbacks());
        stats.put("rejected", s.rejected());
        stats.put("errorRatio", ratio(s.errors(), s.predictions()));
        stats.put("fallbackRatio", ratio(s.fallbacks(), s.predictions()));
        m.put("stats", stats);
        Map<String, Double> shares = strategy.trafficShares();
        String live = strategy.fallback().name();
        List<Object> variants = new ArrayList<>();
        for (Variant<?, ?> v : strategy.variants()) {
            variants.add(variant(e.name(), v, shares.getOrDefault(v.name(), 0.0), v.name().equals(live), monitor));
        }
        m.put("variants", variants);
        m.put("rollout", endpoints.loop(e.name()).flatMap(ClosedLoop::rollout).map(MlopsView::rollout).orElse(null));
        m.put("loop", endpoints.loop(e.name()).map(l -> {
            Map<String, Object> loop = new LinkedHashMap<>();
            loop.put("promotions", l.promotions());
            loop.put("rollbacks", l.rollbacks());
            loop.put("retraining", l.retraining().isPresent());
            return loop;
        }).orElse(null));
        m.put("alerts", alerts.firing(e.name()).stream().map(MlopsView::alert).toList());
        m.put("segments", monitor.map(x -> segments(x, e.name())).orElse(List.of()));
        m.put("registry", aliases(strategy));
        return m;
    }

    private static String kind(DeploymentStrategy<?, ?> s) {
        String n = s.getClass().getSimpleName();
        return (n.endsWith("Strategy") ? n.substring(0, n.length() - "Strategy".length()) : n)
                .replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private Map<String, Object> variant(String endpoint, Variant<?, ?> v, double share, boolean live,
                                        Optional<ModelMonitor<?>> monitor) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("model", v.model().toString());
        m.put("share", share);
        m.put("live", live);
        if (monitor.isEmpty()) {
            m.put("totals", null);
            m.put("window", null);
            m.put("feedback", null);
            m.put("estimates", List.of());
            return m;
        }
        ModelMonitor<?> mon = monitor.get();
        m.put("totals", mon.figures(endpoint, v.name(), v.model()).map(MlopsView::totals).orElse(null));
        String model = v.model().toString();
        List<WindowMetrics> windows = windowsOf(mon, endpoint, v);
        m.put("window", windows.isEmpty() ? null : window(windows.get(windows.size() - 1)));
        m.put("history", windows.subList(Math.max(0, windows.size() - 30), windows.size()).stream()
                .map(MlopsView::point).toList());
        m.put("feedback", mon.feedbackMetrics(endpoint, v.name(), model).map(MlopsView::feedback).orElse(null));
        m.put("estimates", EstimatesView.of(mon.estimates(endpoint, v.name(), model)));
        return m;
    }

    /**
     * The monitor's recent windows of one endpoint, variant and model version, in the order they
     * ended (analyses may finish out of order); the last is the latest.
     *
     * @param monitor the monitor
     * @param endpoint the endpoint's name
     * @param v the variant, with the model version it serves
     * @return the windows, oldest first
     */
    static List<WindowMetrics> windowsOf(ModelMonitor<?> monitor, String endpoint, Variant<?, ?> v) {
        String model = v.model().toString();
        List<WindowMetrics> windows = new ArrayList<>();
        for (WindowMetrics w : monitor.recentWindows()) {
            if (w.endpoint().equals(endpoint) && w.variant().equals(v.name()) && w.model().equals(model)) {
                windows.add(w);
            }
        }
        windows.sort(java.util.Comparator.comparing(WindowMetrics::end));   // stable: ties keep their order
        return windows;
    }

    /**
     * The per-segment figures of the latest analysed window of each variant of an endpoint (a
     * monitor built with segments; empty otherwise), in the order the variants first appear.
     */
    static List<Object> segments(ModelMonitor<?> monitor, String endpoint) {
        Map<String, org.mlops4j.monitoring.segment.SegmentWindow> latest = new LinkedHashMap<>();
        for (org.mlops4j.monitoring.segment.SegmentWindow w : monitor.recentSegmentWindows()) {
            if (w.endpoint().equals(endpoint)) {
                latest.merge(w.variant() + " " + w.model(), w, (old, now) -> now.window() >= old.window() ? now : old);
            }
        }
        List<Object> out = new ArrayList<>();
        for (org.mlops4j.monitoring.segment.SegmentWindow w : latest.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("variant", w.variant());
            m.put("model", w.model());
            m.put("window", w.window());
            m.put("unassigned", w.unassigned());
            List<Object> rows = new ArrayList<>();
            for (org.mlops4j.monitoring.segment.SegmentFigures s : w.segments()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("segment", s.segment());
                r.put("predictions", s.predictions());
                r.put("share", num(s.share()));
                r.put("errorRatio", num(s.errorRatio()));
                r.put("driftedShare", num(s.driftedShare()));
                r.put("driftedFeatures", s.driftedFeatureNames());
                rows.add(r);
            }
            m.put("segments", rows);
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> totals(VariantFigures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requests", f.requests());
        m.put("errors", f.errors());
        m.put("timeouts", f.timeouts());
        m.put("fallbacks", f.fallbacks());
        m.put("labelled", f.labelled());
        m.put("accuracy", num(f.accuracy()));
        return m;
    }

    private static Map<String, Object> window(WindowMetrics w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", w.window());
        m.put("start", w.start().toString());
        m.put("end", w.end().toString());
        m.put("requests", w.predictions());
        m.put("errorRatio", num(w.errorRatio()));
        m.put("timeoutRatio", num(w.timeoutRatio()));
        m.put("latencyP50Ms", num(w.latencyP50Seconds() * 1000));
        m.put("latencyP99Ms", num(w.latencyP99Seconds() * 1000));
        m.put("throughputPerSecond", num(w.throughputPerSecond()));
        m.put("nonNullOutputRatio", num(1 - w.nullOutputRatio()));
        m.put("missingInputRatio", numbers(w.missingRatio()));
        m.put("driftedShare", num(w.driftedShare()));
        List<Object> drifted = new ArrayList<>();
        for (DriftedFeature f : w.driftedFeatures()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("feature", f.feature());
            d.put("statistic", num(f.statistic()));
            drifted.add(d);
        }
        m.put("driftedFeatures", drifted);
        m.put("featureDrift", w.inputDrift().map(MlopsView::featureDrift).orElse(List.of()));
        m.put("predictionDrift", w.predictionDrift().map(r -> r.drifted()).orElse(null));
        m.put("predictionShares", numbers(w.predictionShares()));
        return m;
    }

    /** Every input feature's drift check of the window: its test, statistic, p-values and verdict. */
    private static List<Object> featureDrift(DatasetDriftReport report) {
        List<Object> features = new ArrayList<>();
        for (FeatureDrift f : report.features()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("feature", f.feature());
            d.put("verdict", f.verdict().name());
            d.put("test", f.result().map(DriftResult::method).orElse(null));
            d.put("statistic", f.result().map(r -> num(r.statistic())).orElse(null));
            d.put("pValue", f.result().filter(DriftResult::hasPValue).map(r -> num(r.pValue())).orElse(null));
            d.put("adjustedPValue", num(f.adjustedPValue()));
            d.put("threshold", f.result().map(r -> num(r.threshold())).orElse(null));
            features.add(d);
        }
        return features;
    }

    private static Map<String, Object> point(WindowMetrics w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("end", w.end().toString());
        m.put("requests", w.predictions());
        m.put("errorRatio", num(w.errorRatio()));
        m.put("latencyP99Ms", num(w.latencyP99Seconds() * 1000));
        m.put("nonNullOutputRatio", num(1 - w.nullOutputRatio()));
        m.put("driftedShare", num(w.driftedShare()));
        return m;
    }

    private static Map<String, Object> feedback(FeedbackMetrics f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("labelled", f.labelled());
        m.put("accuracy", num(f.accuracy()));
        m.put("rmse", num(f.rmse()));
        m.put("mae", num(f.mae()));
        m.put("conceptDrifts", f.conceptDrifts());
        return m;
    }

    private static Map<String, Object> rollout(Rollout<?, ?> r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", r.status().name());
        m.put("step", r.state().step());
        m.put("steps", r.plan().steps().size());
        m.put("stepName", r.currentStep().name());
        m.put("plan", r.plan().describe());
        m.put("stepSamples", r.stepSamples());
        m.put("minSamples", r.currentStep().minSamples());
        m.put("champion", r.champion().toString());
        m.put("candidate", r.candidate().toString());
        m.put("decision", r.lastAnalysis().map(a -> a.outcome().name()).orElse(null));
        m.put("analysis", r.lastAnalysis().map(a -> a.summary()).orElse(null));
        m.put("reason", r.state().reason());
        m.put("stepStarted", r.state().stepStarted().toString());
        List<String> audit;
        try {
            audit = r.audit();
        } catch (RuntimeException e) {
            LOG.warn("reading the audit of the rollout of {} failed", r.candidate(), e);
            audit = List.of();
        }
        m.put("audit", audit);
        return m;
    }

    static Map<String, Object> alert(Alert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", a.rule());
        m.put("severity", a.severity().name());
        m.put("signal", a.signal().name());
        m.put("metric", a.metric());
        m.put("value", num(a.value()));
        m.put("threshold", num(a.threshold()));
        m.put("endpoint", a.endpoint());
        m.put("model", a.model());
        m.put("window", a.window());
        m.put("since", a.timestamp().toString());
        m.put("topDriftedFeatures", a.topDriftedFeatures().stream().map(DriftedFeature::feature).toList());
        return m;
    }

    /** The aliases of the models the endpoint serves: model name to alias to version. */
    private Map<String, Object> aliases(DeploymentStrategy<?, ?> strategy) {
        Set<String> models = new LinkedHashSet<>();
        strategy.variants().forEach(v -> models.add(v.model().name()));
        Map<String, Object> m = new LinkedHashMap<>();
        if (registry == null) {
            return m;
        }
        for (String model : models) {
            Map<String, Integer> aliases = new TreeMap<>();
            try {
                for (ModelVersion v : registry.versions(model)) {
                    v.aliases().forEach(a -> aliases.put(a, v.version()));
                }
            } catch (RuntimeException e) {
                LOG.warn("reading the aliases of '{}' from the registry failed", model, e);
            }
            m.put(model, aliases);
        }
        return m;
    }

    /** The JVM's figures, read by monitoring's own MX-bean reader; committed heap and uptime besides. */
    static Map<String, Object> jvm() {
        SystemMetrics sys = JVM.read();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("heapUsedBytes", sys.heapUsedBytes());
        m.put("heapCommittedBytes", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted());
        m.put("heapMaxBytes", sys.heapMaxBytes() < 0 ? null : sys.heapMaxBytes());
        m.put("systemLoadAverage", num(sys.systemLoadAverage()));
        m.put("availableProcessors", sys.availableProcessors());
        Double cpu = num(sys.processCpuLoad());
        m.put("processCpuLoad", cpu != null && cpu < 0 ? null : cpu);
        m.put("threads", sys.liveThreads());
        m.put("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
        return m;
    }

    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : part / (double) whole;
    }

    static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static Map<String, Object> numbers(Map<String, Double> values) {
        Map<String, Object> m = new TreeMap<>();
        values.forEach((k, v) -> m.put(k, v == null ? null : num(v)));
        return m;
    }
}
