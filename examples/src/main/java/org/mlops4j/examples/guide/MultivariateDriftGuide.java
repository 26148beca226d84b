package org.mlops4j.examples.guide;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mlops4j.core.Clock;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.core.signal.MetricName;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.MonitorListener;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.AlertRule;
import org.mlops4j.monitoring.alert.AlertSink;
import org.mlops4j.monitoring.multivariate.MultivariateDrift;
import org.mlops4j.monitoring.multivariate.MultivariateDriftConfig;
import org.mlops4j.monitoring.multivariate.MultivariateDriftResult;
import org.mlops4j.monitoring.multivariate.MultivariateMethod;
import org.mlops4j.monitoring.multivariate.MultivariateWindow;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.monitoring.report.MonitoringReport;
import org.mlops4j.tribuo.TribuoDomainClassifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;

/**
 * The code of the snippets of the "Multivariate drift" section of {@code docs/monitoring.md}, kept
 * here so that it compiles with every build; {@code MultivariateDriftGuideTest} runs each method and
 * checks what it did.
 */
public final class MultivariateDriftGuide {

    private static final Logger LOG = LoggerFactory.getLogger(MultivariateDriftGuide.class);

    private MultivariateDriftGuide() {
    }

    /**
     * Guide "Check a window": fits the three methods on reference rows and checks one window.
     *
     * @param reference the reference rows (features {@code amount} and {@code age})
     * @param window the window's rows
     * @return what the methods found
     */
    public static MultivariateDriftResult checkWindow(List<Map<String, Object>> reference,
                                                      List<Map<String, Object>> window) {
        // tag::multivariate-check[]
        Schema schema = Schema.of(Feature.numeric("amount"), Feature.numeric("age"));
        MultivariateDriftConfig config = MultivariateDriftConfig.builder()
                .varianceShare(0.65)     // PCA keeps components explaining 65% of the variance
                .thresholdSigmas(3)      // PCA thresholds: mean +/- 3 sd over 10 reference chunks
                .maxRows(500)            // MMD and the domain classifier: at most 500 rows a side
                .permutations(100)       // MMD's permutation p-value
                .folds(5)                // the domain classifier's cross-validation
                .alpha(0.05)
                .build();
        MultivariateDrift drift = MultivariateDrift.fit(schema, reference, config);
        MultivariateDriftResult result = drift.check(window);
        result.pca().ifPresent(p -> LOG.info("PCA error {} outside [{}, {}]: {}", p.error(), p.lower(), p.upper(),
                p.drifted()));
        result.mmd().ifPresent(m -> LOG.info("MMD^2 {} p={}", m.mmd2(), m.pValue()));
        result.domainClassifier().ifPresent(d -> LOG.info("domain AUC {} p={}", d.auc(), d.pValue()));
        // end::multivariate-check[]
        return result;
    }

    /**
     * Guide "In a monitor": a monitor that checks each closed window for multivariate drift, alerts on it
     * and shows it in the report.
     *
     * @param schema the input schema
     * @param reference the reference rows
     * @param sink where alerts go
     * @param clock the clock
     * @param heard receives each window's multivariate drift
     * @return the monitor; analyses on the calling thread; close it
     */
    public static ModelMonitor<String> monitor(Schema schema, List<Map<String, Object>> reference, AlertSink sink,
                                               Clock clock, List<MultivariateWindow> heard) {
        // tag::multivariate-monitor[]
        MultivariateDrift drift = MultivariateDrift.fit(schema, reference, MultivariateDriftConfig.ofDefaults());
        AlertEvaluator alerts = AlertEvaluator.of(clock, List.of(
                AlertRule.above("multivariate-mmd", MetricName.MULTIVARIATE_MMD_DRIFT.key(), 0.0),
                AlertRule.above("domain-classifier-auc", MetricName.MULTIVARIATE_DOMAIN_AUC.key(), 0.7)),
                List.of(sink));
        ModelMonitor<String> monitor = ModelMonitor.builder(OutputReader.classifier((String label) -> label))
                .reference(ReferenceProfile.of(schema, reference))   // windows keep their rows only with one
                .multivariateDrift(drift)
                .alerts(alerts)
                .listener(new MonitorListener() {
                    @Override
                    public void onMultivariateDrift(MultivariateWindow window) {
                        heard.add(window);
                    }
                })
                .clock(clock)
                .sameThreadAnalysis()   // for the guide's test; a service keeps the analysis thread
                .build();
        // end::multivariate-monitor[]
        return monitor;
    }

    /**
     * Guide "In a monitor", the report part.
     *
     * @param monitor the monitor
     * @return the report's HTML
     */
    public static String report(ModelMonitor<?> monitor) {
        // tag::multivariate-report[]
        MonitoringReport report = MonitoringReport.builder().monitor(monitor).build();   // "Multivariate drift" table
        String html = report.toHtml();
        // end::multivariate-report[]
        return html;
    }

    /**
     * Guide "A Tribuo domain classifier": a CART tree from Tribuo separates reference from window rows.
     *
     * @param schema the input schema
     * @param reference the reference rows
     * @return the fitted detector, running only the domain classifier
     */
    public static MultivariateDrift tribuoClassifier(Schema schema, List<Map<String, Object>> reference) {
        // tag::multivariate-tribuo[]
        MultivariateDriftConfig config = MultivariateDriftConfig.builder()
                .methods(Set.of(MultivariateMethod.DOMAIN_CLASSIFIER))
                .trainer(TribuoDomainClassifier.of(new CARTClassificationTrainer(6)))
                .build();
        MultivariateDrift drift = MultivariateDrift.fit(schema, reference, config);
        // end::multivariate-tribuo[]
        return drift;
    }
}
