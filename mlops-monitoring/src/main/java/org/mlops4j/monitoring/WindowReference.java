package org.mlops4j.monitoring;

import java.time.Instant;
import java.util.Objects;
import org.mlops4j.monitoring.reference.ReferenceKind;
import org.mlops4j.monitoring.reference.ReferencePolicy;

/**
 * Which reference a window's inputs were compared with ({@link MonitorListener#onWindowReference}),
 * under the monitor's {@link ReferencePolicy}: the fixed one, a rolling merge of the last windows, or
 * the same slot of the last seasons; or none while a rolling or seasonal reference warms up without a
 * fixed one (the window then has no drift verdict). Prediction drift is always measured against the
 * baseline's fixed predictions.
 *
 * @param endpoint the endpoint
 * @param variant the variant
 * @param model the model version, {@code name/version}
 * @param window the window's number ({@link WindowMetrics#window()})
 * @param start when the window started: its slot is the slot of this instant
 * @param kind what the reference was
 * @param slot the window's slot in its season under a seasonal policy (also while it warms up), else -1
 * @param merged the windows (rolling) or seasons (seasonal) merged into the reference; 0 otherwise
 * @param rows the reference's rows, 0 without one
 * @param warmUp whether the policy's own reference was not ready, so the fixed one (or none) was used
 */
public record WindowReference(String endpoint, String variant, String model, long window, Instant start,
                              ReferenceKind kind, int slot, int merged, long rows, boolean warmUp) {

    /**
     * Validates the components.
     *
     * @param endpoint the endpoint
     * @param variant the variant
     * @param model the model version
     * @param window the window's number
     * @param start when the window started
     * @param kind what the reference was
     * @param slot the window's slot, or -1
     * @param merged the profiles merged
     * @param rows the reference's rows
     * @param warmUp whether the policy's own reference was not ready
     */
    public WindowReference {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(kind, "kind");
    }
}
