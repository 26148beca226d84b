package org.mlops4j.spring.autoconfigure;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mlops4j.lifecycle.ClosedLoop;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.micrometer.MicrometerEstimateBinder;
import org.mlops4j.monitoring.micrometer.MicrometerMonitorBinder;
import org.mlops4j.monitoring.micrometer.MicrometerSegmentBinder;
import org.mlops4j.serving.ModelEndpoint;

/**
 * Publishes mlops4j to the application's {@link MeterRegistry}: every monitor through a
 * {@link MicrometerMonitorBinder} (its series follow the monitor by themselves, nothing to refresh)
 * and a {@link MicrometerEstimateBinder} (the {@code mlops.estimated.*} and {@code mlops.realised.*}
 * gauges of a monitor that estimates performance; none for one that does not),
 * and, for a monitor built with segments, a {@link MicrometerSegmentBinder} ({@code mlops.segment.*},
 * tagged {@code segment}),
 * and per endpoint the counters {@code mlops.endpoint.requests}, {@code mlops.endpoint.errors} and
 * {@code mlops.endpoint.fallbacks} and the gauge {@code mlops.rollout.candidate.share} (the traffic
 * share of the variants other than the live one: a canary's weight), and per closed loop the
 * counters {@code mlops.rollout.rollbacks} and {@code mlops.rollout.promotions}, all tagged
 * {@code endpoint}. Spring Boot binds it to the registry itself, and binds the JVM's meters with its
 * own binders, so the monitors' binders leave them out.
 */
public final class MlopsMeters implements MeterBinder, AutoCloseable {

    private final MlopsEndpoints endpoints;
    private final List<MicrometerMonitorBinder> binders = new ArrayList<>();
    private final List<MicrometerEstimateBinder> estimateBinders = new ArrayList<>();
    /** The per-segment series of the monitors built with segments. */
    private final List<MicrometerSegmentBinder> segmentBinders = new ArrayList<>();

    MlopsMeters(MlopsEndpoints endpoints) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        for (ModelMonitor<?> m : endpoints.monitors()) {
            // Spring Boot binds the JVM's meters itself: a second GC binder would count each pause twice.
            binders.add(MicrometerMonitorBinder.builder(m).jvmMetrics(false).build());
            estimateBinders.add(MicrometerEstimateBinder.of(m));
            if (m.segmentation().isPresent()) {
                segmentBinders.add(MicrometerSegmentBinder.of(m));
            }
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        binders.forEach(b -> b.bindTo(registry));
        estimateBinders.forEach(b -> b.bindTo(registry));
        segmentBinders.forEach(b -> b.bindTo(registry));
        for (ModelEndpoint<?, ?> e : endpoints.endpoints()) {
            String name = e.name();
            FunctionCounter.builder("mlops.endpoint.requests", e, x -> x.stats().predictions()).tag("endpoint", name)
                    .description("Requests the endpoint served, answered or failed").register(registry);
            FunctionCounter.builder("mlops.endpoint.errors", e, x -> x.stats().errors()).tag("endpoint", name)
                    .description("Requests whose selected variant failed or timed out").register(registry);
            FunctionCounter.builder("mlops.endpoint.fallbacks", e, x -> x.stats().fallbacks()).tag("endpoint", name)
                    .description("Requests answered by the fallback variant after the selected one failed")
                    .register(registry);
            Gauge.builder("mlops.rollout.candidate.share", e, MlopsMeters::candidateShare).tag("endpoint", name)
                    .description("Traffic share of the variants other than the live one (a canary's weight)")
                    .register(registry);
        }
        for (ClosedLoop<?, ?> loop : endpoints.loops()) {
            String name = loop.endpoint().name();
            FunctionCounter.builder("mlops.rollout.rollbacks", loop, ClosedLoop::rollbacks).tag("endpoint", name)
                    .description("Rollouts that rolled back, by analysis or by hand").register(registry);
            FunctionCounter.builder("mlops.rollout.promotions", loop, ClosedLoop::promotions).tag("endpoint", name)
                    .description("Rollouts that promoted their candidate").register(registry);
        }
    }

    /** The sum of the shares of the variants other than the live (fallback) one. */
    static double candidateShare(ModelEndpoint<?, ?> e) {
        var strategy = e.strategy();
        String live = strategy.fallback().name();
        double share = 0;
        for (Map.Entry<String, Double> s : strategy.trafficShares().entrySet()) {
            if (!s.getKey().equals(live)) {
                share += s.getValue();
            }
        }
        return share;
    }

    @Override
    public void close() {
        binders.forEach(MicrometerMonitorBinder::close);
        estimateBinders.forEach(MicrometerEstimateBinder::close);
        segmentBinders.forEach(MicrometerSegmentBinder::close);
    }

    @Override
    public String toString() {
        return "MlopsMeters" + endpoints.names();
    }
}
