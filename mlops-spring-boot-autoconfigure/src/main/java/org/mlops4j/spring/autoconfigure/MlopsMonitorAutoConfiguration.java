package org.mlops4j.spring.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mlops4j.core.Clock;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.lifecycle.ClosedLoop;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.PerformanceEstimation;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.AlertRule;
import org.mlops4j.monitoring.alert.AlertSink;
import org.mlops4j.monitoring.alert.AlertSinks;
import org.mlops4j.monitoring.alert.WebhookAlertSink;
import org.mlops4j.monitoring.alert.WebhookConfig;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.monitoring.segment.Segmentation;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.ModelFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the monitoring of the application's model endpoints: one {@link ModelMonitor}
 * (unless the application defines its own) with the alert rules of {@code mlops.alerts.*}, sent to
 * the log, a webhook and every {@link AlertSink} bean; the endpoints and closed loops of the
 * context gathered in {@link MlopsEndpoints}, each endpoint not driven by a closed loop watched by
 * the starter's monitor; and {@link MlopsLifecycle}, which closes quiet time windows and shuts
 * everything down in order.
 */
@AutoConfiguration(after = MlopsStoreAutoConfiguration.class)
@EnableConfigurationProperties(MlopsProperties.class)
public class MlopsMonitorAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MlopsMonitorAutoConfiguration.class);

    /** The name of the monitor bean the starter makes. */
    public static final String MONITOR_BEAN = "mlopsMonitor";

    /**
     * The alerts firing now, for the Actuator endpoint, the dashboard and the health indicator.
     *
     * @return an alert sink remembering firing alerts
     */
    @Bean
    @ConditionalOnMissingBean
    public FiringAlerts mlopsFiringAlerts() {
        return new FiringAlerts();
    }

    /**
     * The webhook of {@code mlops.alerts.webhook.*}.
     *
     * @param properties the bound properties
     * @return the webhook sink, closed with the context (queued alerts are delivered first)
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "mlops.alerts.webhook", name = "url")
    @ConditionalOnMissingBean(WebhookAlertSink.class)
    public WebhookAlertSink mlopsWebhookSink(MlopsProperties properties) {
        MlopsProperties.Webhook w = properties.alerts().webhook();
        WebhookConfig d = WebhookConfig.ofDefaults();
        WebhookConfig config = new WebhookConfig(w.maxAttempts(), d.initialBackoff(), d.backoffMultiplier(),
                d.maxBackoff(), d.connectTimeout(), d.requestTimeout(), d.queueCapacity());
        for (Map.Entry<String, String> h : w.headers().entrySet()) {
            config = config.withHeader(h.getKey(), h.getValue());
        }
        if (w.secret() != null && !w.secret().isBlank()) {
            config = config.withSigningSecret(w.secret());
        }
        return AlertSinks.webhook(w.url(), config);
    }

    /**
     * Declares the endpoints of {@code mlops.endpoints.<name>.model-uri}.
     *
     * @return the post-processor
     */
    @Bean
    public static MlopsPropertyEndpoints mlopsPropertyEndpoints() {
        return new MlopsPropertyEndpoints();
    }

    /**
     * The alert rules of {@code mlops.alerts.*}, sending to the log (unless
     * {@code mlops.alerts.log=false}) and to every {@link AlertSink} bean (the firing-alerts sink and
     * the webhook among them); shared by the starter's monitors.
     *
     * @param properties the bound properties
     * @param sinks the application's alert sinks and the starter's
     * @return the evaluator
     */
    @Bean
    @ConditionalOnMissingBean
    public AlertEvaluator mlopsAlertEvaluator(MlopsProperties properties, ObjectProvider<AlertSink> sinks) {
        List<AlertSink> all = new ArrayList<>();
        if (properties.alerts().log()) {
            all.add(AlertSinks.log());
        }
        sinks.orderedStream().forEach(all::add);
        return AlertEvaluator.of(Clock.system(), rules(properties.alerts()), all);
    }

    /**
     * The rules of {@code mlops.alerts.*}.
     *
     * @param a the alert properties
     * @return the rules, in a fixed order
     */
    static List<AlertRule> rules(MlopsProperties.Alerts a) {
        List<AlertRule> rules = new ArrayList<>();
        rules.add(AlertRule.datasetDriftShareAbove(a.driftShare()).withHoldFor(a.holdFor()));
        rules.add(AlertRule.missingInputFraction(a.missingInputRatio()).withHoldFor(a.holdFor()));
        rules.add(AlertRule.nullOutputFraction(a.nullOutputRatio()).withHoldFor(a.holdFor()));
        rules.add(AlertRule.errorRateAbove(a.errorRatio()).withHoldFor(a.holdFor()));
        if (a.latencyP99() != null) {
            rules.add(AlertRule.latencyP99Above(a.latencyP99()).withHoldFor(a.holdFor()));
        }
        if (a.minAccuracy() != null) {
            rules.add(AlertRule.accuracyBelow(a.minAccuracy()).withHoldFor(a.holdFor()));
        }
        return rules;
    }

    /**
     * The starter's monitor, when the application defines none: windows of {@code mlops.monitor.*},
     * the rules of {@code mlops.alerts.*}, alerts to the log (unless {@code mlops.alerts.log=false})
     * and to every {@link AlertSink} bean (the firing-alerts sink and the webhook among them).
     *
     * The application's {@link ReferenceProfile} bean, when it has one, is the reference of input
     * drift (its schema the monitor's, for missing and out-of-range inputs); else its {@link Schema}
     * bean, when it has one, is the schema. The application's {@link PerformanceEstimation} bean,
     * when it has one, estimates each window's performance without labels. The application's {@link OutputReader} bean, when it
     * has one, reads the answers of every endpoint the monitor watches (labels, values and
     * confidence, for the output series and accuracy); without one, plain label types are read.
     *
     * @param properties the bound properties
     * @param alerts the alert evaluator
     * @param reference the application's reference profile, if any
     * @param schema the application's input schema, if any
     * @param outputs the application's output reader, if any
     * @param segments the application's {@link Segmentation}, if any: the monitor then computes its
     *     figures per segment too (it needs the reference profile, whose schema must be the
     *     segmentation's)
     * @param estimation the application's {@link PerformanceEstimation}, if any: the monitor then
     *     estimates each window's performance before the labels arrive (CBPE), and the starter's
     *     meters export the {@code mlops.estimated.*} and {@code mlops.realised.*} series; its answer
     *     type must be the one of the answers the monitor reads (a binary estimation with the default
     *     score reads them through the output reader, whatever their type)
     * @return the monitor
     * @throws IllegalArgumentException if an estimation is given and the output reader reads a
     *     regression model's answers
     */
    @Bean(name = MONITOR_BEAN, destroyMethod = "close")
    @ConditionalOnMissingBean(ModelMonitor.class)
    @ConditionalOnProperty(prefix = "mlops.monitor", name = "enabled", matchIfMissing = true)
    public ModelMonitor<Object> mlopsMonitor(MlopsProperties properties, AlertEvaluator alerts,
                                             ObjectProvider<ReferenceProfile> reference, ObjectProvider<Schema> schema,
                                             ObjectProvider<OutputReader<?>> outputs,
                                             ObjectProvider<Segmentation> segments,
                                             ObjectProvider<PerformanceEstimation<?>> estimation) {
        OutputReader<?> reader = outputs.getIfUnique();
        ModelMonitor.Builder<Object> b = monitor(reader == null ? OutputReader.undeclared() : reader,
                properties.monitor(), alerts);
        ReferenceProfile ref = reference.getIfUnique();
        if (ref != null) {
            b.reference(ref);
            Segmentation seg = segments.getIfUnique();
            if (seg != null) {
                b.segments(seg);
            }
        } else {
            Schema sc = schema.getIfUnique();
            if (sc != null) {
                b.schema(sc);
            }
        }
        PerformanceEstimation<?> est = estimation.getIfUnique();
        if (est != null) {
            b.estimatePerformance(anyAnswer(est));
        }
        return b.build();
    }

    /**
     * The model endpoints and closed loops of the context; each endpoint that no closed loop drives
     * and that {@code mlops.endpoints.<name>.monitored} does not exclude is watched by the starter's
     * monitor (a closed loop attaches its own).
     *
     * @param properties the bound properties
     * @param endpoints the application's endpoint beans
     * @param loops the application's closed-loop beans
     * @param monitors every monitor bean
     * @param starterMonitor the starter's monitor, when it made one
     * @param declared the endpoints declared from {@code mlops.endpoints.<name>.model-uri}
     * @param alerts the starter's alert evaluator, for the monitors of declared endpoints
     * @return what the starter found
     */
    @Bean
    @ConditionalOnMissingBean
    public MlopsEndpoints mlopsEndpoints(MlopsProperties properties, ObjectProvider<ModelEndpoint<?, ?>> endpoints,
                                         ObjectProvider<ClosedLoop<?, ?>> loops,
                                         ObjectProvider<ModelMonitor<?>> monitors,
                                         @Qualifier(MONITOR_BEAN) ObjectProvider<ModelMonitor<Object>> starterMonitor,
                                         MlopsPropertyEndpoints declared, ObjectProvider<AlertEvaluator> alerts) {
        List<ModelEndpoint<?, ?>> eps = endpoints.orderedStream().toList();
        List<ClosedLoop<?, ?>> ls = loops.orderedStream().toList();
        List<ModelMonitor<?>> ms = new ArrayList<>(monitors.orderedStream().toList());
        Map<String, ModelMonitor<?>> monitorOf = new LinkedHashMap<>();
        for (ClosedLoop<?, ?> l : ls) {
            monitorOf.put(l.endpoint().name(), l.monitor());
            if (ms.stream().noneMatch(x -> x == l.monitor())) {
                ms.add(l.monitor());
            }
        }
        ModelMonitor<Object> mine = starterMonitor.getIfAvailable();
        Map<String, ModelFormat<?, ?>> formats = declared.declared();
        for (ModelEndpoint<?, ?> e : eps) {
            ModelFormat<?, ?> format = formats.get(e.name());
            if (format != null && !monitorOf.containsKey(e.name()) && properties.monitor().enabled()
                    && properties.endpoint(e.name()).monitored()) {
                // An endpoint declared from properties answers in its format's type: a monitor of its own reads it.
                // Its input schema is the served version's signature, when the version carries one.
                ModelMonitor.Builder<Object> b = monitor(format.outputs(), properties.monitor(), alerts.getIfAvailable());
                e.strategy().variants().stream().flatMap(v -> v.signature().stream()).findFirst().ifPresent(b::signature);
                ModelMonitor<Object> own = b.build();
                e.addListener(own);
                ms.add(own);
                monitorOf.put(e.name(), own);
                LOG.info("endpoint '{}' ({}) is watched by a monitor of its own", e.name(), format.name());
                continue;
            }
            if (mine == null || monitorOf.containsKey(e.name()) || format != null) {
                continue;
            }
            if (!properties.endpoint(e.name()).monitored()) {
                LOG.info("endpoint '{}' is not monitored (mlops.endpoints.{}.monitored=false)", e.name(), e.name());
                continue;
            }
            e.addListener(mine);
            monitorOf.put(e.name(), mine);
            LOG.info("endpoint '{}' is watched by the starter's monitor", e.name());
        }
        return new MlopsEndpoints(eps, ls, ms, monitorOf);
    }

    /** The application's estimation, for the starter's monitor of {@code Object} answers. */
    @SuppressWarnings("unchecked") // its score function reads the answers of the endpoints the monitor watches
    private static PerformanceEstimation<Object> anyAnswer(PerformanceEstimation<?> estimation) {
        return (PerformanceEstimation<Object>) estimation;
    }

    /**
     * A monitor of the windows of {@code mlops.monitor.*}, reading answers with {@code outputs} and
     * alerting through {@code alerts} when there is one.
     */
    @SuppressWarnings("unchecked") // the reader reads the answers of the endpoints the monitor watches
    private static ModelMonitor.Builder<Object> monitor(OutputReader<?> outputs, MlopsProperties.Monitor m,
                                                        AlertEvaluator alerts) {
        ModelMonitor.Builder<Object> b = ModelMonitor.builder((OutputReader<Object>) outputs)
                .windowSize(m.windowSize()).windowDuration(m.windowDuration());
        if (alerts != null) {
            b.alerts(alerts);
        }
        return b;
    }

    /**
     * Ticks the monitors' time windows and shuts everything down in order with the context.
     *
     * @param endpoints what the starter found
     * @param properties the bound properties
     * @return the lifecycle
     */
    @Bean
    @ConditionalOnMissingBean
    public MlopsLifecycle mlopsLifecycle(MlopsEndpoints endpoints, MlopsProperties properties) {
        return new MlopsLifecycle(endpoints, properties.monitor().tickInterval());
    }

    /** The meters, when Micrometer is on the class path. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @org.springframework.boot.autoconfigure.condition.ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class Meters {

        /**
         * mlops4j's meters; Spring Boot binds them to the application's registry.
         *
         * @param endpoints what the starter found
         * @return the meter binder, closed with the context
         */
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        MlopsMeters mlopsMeters(MlopsEndpoints endpoints) {
            return new MlopsMeters(endpoints);
        }
    }
}
