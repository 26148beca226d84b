package org.mlops4j.monitoring.micrometer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.mlops4j.monitoring.scoping.ScopingTargets;
import org.mlops4j.monitoring.scoping.Target;
import org.mlops4j.monitoring.scoping.TargetCheck;

/**
 * Publishes {@link ScopingTargets} to Micrometer: per target three gauges tagged {@code target} (its
 * name) and {@code metric} (the figure's name, for example {@code mlops.performance.accuracy}), one
 * series each per target, so the tags stay bounded by the targets configured:
 * <ul>
 *   <li>{@code mlops.target.value}: the latest figure (NaN before the first);</li>
 *   <li>{@code mlops.target.status}: the status code, 0 met, 1 at risk, 2 missed, NaN unknown
 *       ({@link org.mlops4j.monitoring.scoping.TargetStatus#code()});</li>
 *   <li>{@code mlops.target.threshold}: the promised limit.</li>
 * </ul>
 * Gauges read the targets' latest checks at each scrape. A Prometheus rule
 * {@code mlops_target_status == 2} pages on a missed target.
 *
 * <p>Thread-safe; binding the same registry twice registers nothing new (Micrometer returns the
 * existing gauges).
 */
public final class MicrometerTargetBinder implements MeterBinder {

    private final ScopingTargets targets;
    private final Tags tags;

    private MicrometerTargetBinder(ScopingTargets targets, Tags tags) {
        this.targets = targets;
        this.tags = tags;
    }

    /**
     * A binder without extra tags.
     *
     * @param targets the targets to publish
     * @return the binder, not bound yet
     */
    public static MicrometerTargetBinder of(ScopingTargets targets) {
        return of(targets, Tags.empty());
    }

    /**
     * A binder that adds tags to every series (for example {@code service=checkout}).
     *
     * @param targets the targets to publish
     * @param tags the extra tags
     * @return the binder, not bound yet
     */
    public static MicrometerTargetBinder of(ScopingTargets targets, Iterable<Tag> tags) {
        return new MicrometerTargetBinder(Objects.requireNonNull(targets, "targets"),
                Tags.of(Objects.requireNonNull(tags, "tags")));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        for (Target t : targets.targets()) {
            Tags series = tags.and("target", t.name(), "metric", t.metric().metricName().key());
            gauge(registry, "mlops.target.value", t, series, TargetCheck::value,
                    "The latest figure of a scoping target, in the figure's unit");
            gauge(registry, "mlops.target.status", t, series, c -> c.status().code(),
                    "A scoping target's status: 0 met, 1 at risk, 2 missed, NaN unknown");
            Gauge.builder("mlops.target.threshold", t, Target::threshold).tags(series).strongReference(true)
                    .description("The limit a scoping target promised").register(registry);
        }
    }

    private void gauge(MeterRegistry registry, String name, Target t, Tags series, ToDoubleFunction<TargetCheck> read,
                       String description) {
        Gauge.builder(name, targets, s -> s.check(t.name()).map(read::applyAsDouble).orElse(Double.NaN))
                .tags(series).description(description).strongReference(true).register(registry);
    }
}
