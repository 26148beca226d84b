package org.mlops4j.spring.autoconfigure;

import java.security.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.lifecycle.ClosedLoop;
import org.mlops4j.lifecycle.Rollout;
import org.mlops4j.serving.BlueGreenStrategy;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.lang.Nullable;

/**
 * The {@code mlops} Actuator endpoint ({@code /actuator/mlops}): reads every model endpoint's
 * strategy, variants, model versions, traffic shares, the figures of the current window, the
 * rollout, the firing alerts and the registry's aliases ({@code GET /actuator/mlops} and
 * {@code GET /actuator/mlops/{endpoint}}), and acts on one ({@code POST /actuator/mlops/{endpoint}}
 * with {@code {"action": ..., "reason": ...}}): {@code approve} a manual gate, {@code pause} or
 * {@code resume} the rollout, {@code promote} its candidate now, {@code rollback} (the rollout, or a
 * blue-green deployment to its standby), {@code switch} a blue-green deployment to its staged
 * colour. Read-only unless the application grants it
 * ({@code management.endpoint.mlops.access=unrestricted}), and protected as the application
 * protects Actuator; each action is recorded in the registry in the authenticated principal's name.
 */
@Endpoint(id = "mlops", defaultAccess = Access.READ_ONLY)
public final class MlopsActuatorEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(MlopsActuatorEndpoint.class);

    /** The actor recorded for an action taken without an authenticated principal. */
    public static final String ANONYMOUS = "anonymous";

    private final MlopsEndpoints endpoints;
    private final MlopsView view;
    private final ModelRegistry registry;
    private final AtomicLong auditSequence = new AtomicLong();

    MlopsActuatorEndpoint(MlopsEndpoints endpoints, FiringAlerts alerts, @Nullable ModelRegistry registry) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.registry = registry;
        this.view = new MlopsView(endpoints, alerts, registry);
    }

    /**
     * Everything: every endpoint, the firing alerts and the JVM.
     *
     * @return the JSON object
     */
    @ReadOperation
    public Map<String, Object> mlops() {
        return view.all();
    }

    /**
     * One endpoint.
     *
     * @param endpoint the endpoint's name
     * @return its JSON object, or null (HTTP 404) when there is no such endpoint
     */
    @ReadOperation
    public Map<String, Object> endpoint(@Selector String endpoint) {
        return view.endpoint(endpoint).orElse(null);
    }

    /**
     * Acts on an endpoint's rollout or blue-green deployment, in the principal's name.
     *
     * @param endpoint the endpoint's name
     * @param action approve, pause, resume, promote, rollback or switch
     * @param reason why, recorded with the action (optional)
     * @param principal the authenticated user, or null when the application does not authenticate
     * @return HTTP 200 with the endpoint's JSON object after the action, {@code "action"} and
     *     {@code "actor"}; HTTP 400 with {@code "error"} naming the endpoint, action and state when the
     *     action does not apply; HTTP 404 for an unknown endpoint
     */
    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> act(@Selector String endpoint, String action,
                                                        @Nullable String reason, @Nullable Principal principal) {
        try {
            return new WebEndpointResponse<>(apply(endpoint, action, reason, principal), WebEndpointResponse.STATUS_OK);
        } catch (InvalidEndpointRequestException e) {
            LOG.info("mlops action '{}' on '{}' refused: {}", action, endpoint, e.getReason());
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", e.getReason());
            error.put("endpoint", endpoint);
            error.put("action", action);
            return new WebEndpointResponse<>(error, endpoints.endpoint(endpoint).isPresent()
                    ? WebEndpointResponse.STATUS_BAD_REQUEST : WebEndpointResponse.STATUS_NOT_FOUND);
        }
    }

    private Map<String, Object> apply(String endpoint, String action, String reason, Principal principal) {
        ModelEndpoint<?, ?> e = endpoints.endpoint(endpoint).orElseThrow(() -> bad("no model endpoint is named '"
                + endpoint + "'; there are " + endpoints.names()));
        String actor = principal == null || principal.getName() == null || principal.getName().isBlank() ? ANONYMOUS
                : principal.getName();
        Attribution by;
        try {
            by = Attribution.by(actor, reason == null ? "" : reason);
        } catch (IllegalArgumentException ex) {
            throw bad(ex.getMessage());
        }
        String a = action == null ? "" : action.trim().toLowerCase(Locale.ROOT);
        try {
            switch (a) {
                case "approve" -> rollout(endpoint, a).approve(by);
                case "resume" -> rollout(endpoint, a).resume(by);
                case "pause" -> rollout(endpoint, a).pause(by);
                case "promote" -> rollout(endpoint, a).promoteNow(by);
                case "rollback" -> rollback(e, by);
                case "switch" -> {
                    Variant<?, ?> live = blueGreen(e, a).switchToStaged();
                    audit(live.model(), "switch to " + live.name() + " on '" + e.name() + "'", by);
                }
                default -> throw bad("action must be one of approve, pause, resume, promote, rollback, switch but was '"
                        + action + "'");
            }
        } catch (IllegalStateException ex) {
            throw bad("cannot " + a + " on '" + endpoint + "': " + ex.getMessage());
        }
        LOG.info("mlops action {} on '{}' by {}{}", a, endpoint, actor, by.reason().isEmpty() ? "" : ": " + by.reason());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("action", a);
        result.put("actor", actor);
        result.put("endpoint", view.endpoint(endpoint).orElseThrow());
        return result;
    }

    private Rollout<?, ?> rollout(String endpoint, String action) {
        ClosedLoop<?, ?> loop = endpoints.loop(endpoint).orElseThrow(() -> bad("cannot " + action + " on '" + endpoint
                + "': no ClosedLoop bean drives it"));
        return loop.rollout().filter(r -> !r.status().finished()).orElseThrow(() -> bad("cannot " + action + " on '"
                + endpoint + "': it has no rollout in progress"));
    }

    private void rollback(ModelEndpoint<?, ?> e, Attribution by) {
        var running = endpoints.loop(e.name()).flatMap(ClosedLoop::rollout).filter(r -> !r.status().finished());
        if (running.isPresent()) {
            running.get().abort(by);
            return;
        }
        if (e.strategy() instanceof BlueGreenStrategy<?, ?> bg) {
            Variant<?, ?> live = bg.rollback();
            audit(live.model(), "blue-green rollback to " + live.name() + " on '" + e.name() + "'", by);
            return;
        }
        throw bad("cannot rollback on '" + e.name() + "': it has no rollout in progress and is not blue-green");
    }

    private static BlueGreenStrategy<?, ?> blueGreen(ModelEndpoint<?, ?> e, String action) {
        DeploymentStrategy<?, ?> s = e.strategy();
        if (s instanceof BlueGreenStrategy<?, ?> bg) {
            return bg;
        }
        throw bad("cannot " + action + " on '" + e.name() + "': its strategy is " + s + ", not blue-green");
    }

    /** Records an action that moved no alias as an audit tag of the model version now live. */
    private void audit(ModelRef model, String what, Attribution by) {
        if (registry == null) {
            LOG.warn("no registry to record '{}' by {} in", what, by.actor());
            return;
        }
        Instant now = Instant.now();
        String key = Rollout.auditTagKey(now, auditSequence.getAndIncrement());
        String text = Rollout.auditTagText(now, what, by);
        try {
            registry.setTag(model.name(), model.version(), key, text);
        } catch (RuntimeException ex) {
            LOG.error("could not record '{}' in the registry", text, ex);
        }
    }

    private static InvalidEndpointRequestException bad(String message) {
        return new InvalidEndpointRequestException(message, message);
    }

    @Override
    public String toString() {
        return "MlopsActuatorEndpoint" + endpoints.names();
    }
}
