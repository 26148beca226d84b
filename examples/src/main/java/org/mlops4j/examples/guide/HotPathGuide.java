package org.mlops4j.examples.guide;

import java.util.concurrent.atomic.LongAdder;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.ShadowStrategy;
import org.mlops4j.serving.ShadowSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot-path snippets of docs/serving.md (issue 21): a listener that reads only what it needs
 * from each event, and the end of a shadow, whose queued calls are counted as dropped.
 */
public final class HotPathGuide {

    private static final Logger LOG = LoggerFactory.getLogger(HotPathGuide.class);

    private HotPathGuide() {
    }

    /**
     * "Listeners and prediction events": counts the answers slower than a limit.
     *
     * @param endpoint the endpoint to listen to
     * @param limitNanos the latency above which an answer counts as slow, in nanoseconds
     * @param <I> the input type
     * @param <O> the output type
     * @return the count, growing as calls are served
     */
    public static <I, O> LongAdder countSlowAnswers(ModelEndpoint<I, O> endpoint, long limitNanos) {
        // tag::hot-path-listener[]
        LongAdder slow = new LongAdder();
        endpoint.addListener(e -> {                  // reads neither the id nor the timestamp: neither is formatted
            if (e.latencyNanos() > limitNanos) {
                slow.increment();
            }
        });
        // end::hot-path-listener[]
        return slow;
    }

    /**
     * "Shadow": ends a shadow deployment and reads its last figures.
     *
     * @param endpoint the endpoint the shadow is deployed on
     * @param shadow the shadow strategy deployed now
     * @param next what to deploy instead
     * @param <I> the input type
     * @param <O> the output type
     * @return the shadow's summary once it was closed
     */
    public static <I, O> ShadowSummary endShadow(ModelEndpoint<I, O> endpoint, ShadowStrategy<I, O> shadow,
                                                 DeploymentStrategy<I, O> next) {
        // tag::hot-path-shadow-close[]
        endpoint.deploy(next, "shadow done");   // closes the shadow: the calls still queued are discarded...
        ShadowSummary last = shadow.summary();  // ...and counted in dropped(), with those a full queue refused
        LOG.info("shadow '{}': {} compared, {} dropped", shadow.shadow().name(), last.compared(), last.dropped());
        // end::hot-path-shadow-close[]
        return last;
    }
}
