package org.mlops4j.monitoring.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds Micrometer's own JVM and system binders ({@link JvmMemoryMetrics}, {@link JvmGcMetrics},
 * {@link JvmThreadMetrics}, {@link ProcessorMetrics}, {@link ClassLoaderMetrics}) to a registry,
 * each only when the registry has none of its meters yet.
 *
 * <p>The binders get no tags of ours, so their series are the very ones a host (Spring Boot's
 * auto-configuration, for one) binds. Skipping a binder whose meters are present is what makes
 * binding twice harmless: the gauges would merely be found again, but a second
 * {@link JvmGcMetrics} would add a second GC notification listener and record every pause twice.
 */
final class JvmMeters {

    private static final Logger LOG = LoggerFactory.getLogger(JvmMeters.class);

    private JvmMeters() {
    }

    /**
     * Binds the binders whose meters the registry lacks.
     *
     * @param registry the registry
     * @return the GC binder when it was bound: its owner must close it
     */
    static Optional<JvmGcMetrics> bind(MeterRegistry registry) {
        bindUnlessPresent(registry, JvmMemoryMetrics::new, "jvm.memory.used", "jvm.buffer.count");
        bindUnlessPresent(registry, JvmThreadMetrics::new, "jvm.threads.live", "jvm.threads.peak");
        bindUnlessPresent(registry, ProcessorMetrics::new, "system.cpu.count");
        bindUnlessPresent(registry, ClassLoaderMetrics::new, "jvm.classes.loaded");
        if (present(registry, "jvm.gc.memory.allocated", "jvm.gc.max.data.size", "jvm.gc.live.data.size",
                "jvm.gc.pause", "jvm.gc.concurrent.phase.time")) {
            LOG.debug("{} already has GC meters; not binding JvmGcMetrics again", registry);
            return Optional.empty();
        }
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return Optional.of(gc);
    }

    private static void bindUnlessPresent(MeterRegistry registry, Supplier<MeterBinder> binder, String... names) {
        if (present(registry, names)) {
            LOG.debug("{} already has {}; not binding it again", registry, names[0]);
            return;
        }
        binder.get().bindTo(registry);
    }

    private static boolean present(MeterRegistry registry, String... names) {
        for (String name : names) {
            if (registry.find(name).meter() != null) {
                return true;
            }
        }
        return false;
    }
}
