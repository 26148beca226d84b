package org.mlops4j.spring.autoconfigure;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.mlops4j.core.review.ReviewClaim;
import org.mlops4j.core.review.ReviewException;
import org.mlops4j.core.review.ReviewFigures;
import org.mlops4j.core.review.ReviewLimits;
import org.mlops4j.serving.ClaimedReview;
import org.mlops4j.serving.HumanDecision;
import org.mlops4j.serving.ReviewCase;
import org.mlops4j.serving.ReviewDesk;
import org.mlops4j.serving.ReviewItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.lang.Nullable;

/**
 * The {@code mlopsreview} Actuator endpoint ({@code /actuator/mlopsreview}): the back office of the
 * application's {@link ReviewDesk} beans over HTTP, each named by its queue. Reads list the desks
 * with their figures ({@code GET /actuator/mlopsreview}), a queue's waiting predictions, higher
 * priority first then oldest ({@code GET /actuator/mlopsreview/{queue}?limit=50}), and one
 * prediction ({@code GET /actuator/mlopsreview/{queue}/{predictionId}}). Writes claim the next one
 * ({@code POST /actuator/mlopsreview/{queue}} with {@code {"action": "claim-next", "leaseSeconds": 600}})
 * and act on one ({@code POST /actuator/mlopsreview/{queue}/{predictionId}} with {@code "action"}
 * {@code claim}, {@code release} (with the claim's {@code token}) or {@code resolve} (with the
 * {@code decision} as text in the queue's answer codec, an optional {@code comment} and optional
 * {@code token})). Read-only unless the application grants it
 * ({@code management.endpoint.mlopsreview.access=unrestricted}), and protected as the application
 * protects Actuator; the reviewer is the authenticated principal, or the body's {@code reviewer}
 * when the application does not authenticate.
 *
 * <p>Refusals answer a JSON body with {@code error}, {@code reason}, {@code queue} and
 * {@code predictionId}: {@code UNKNOWN} 404, {@code EXPIRED} 410, {@code ALREADY_RESOLVED},
 * {@code CLAIMED_BY_OTHER} and {@code CLAIM_LOST} 409; bad input is 400 with {@code reason}
 * {@code BAD_INPUT}, the {@code field} and the {@code value}.
 */
@Endpoint(id = "mlopsreview", defaultAccess = Access.READ_ONLY)
public final class MlopsReviewEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(MlopsReviewEndpoint.class);

    /** The {@code reason} of a refusal for bad input. */
    public static final String BAD_INPUT = "BAD_INPUT";
    /** The most items a listing returns when the request names no limit. */
    public static final int DEFAULT_LIMIT = 50;
    /** The lease of a claim when the request names none. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(10);
    /** The longest lease a claim may ask for (the stores' bound). */
    public static final Duration MAX_LEASE = Duration.ofDays(1);
    /** HTTP 409 Conflict. */
    static final int STATUS_CONFLICT = 409;
    /** HTTP 410 Gone. */
    static final int STATUS_GONE = 410;

    private final Map<String, ReviewDesk<?, ?>> desks;

    MlopsReviewEndpoint(List<? extends ReviewDesk<?, ?>> desks) {
        Map<String, ReviewDesk<?, ?>> byQueue = new LinkedHashMap<>();
        for (ReviewDesk<?, ?> d : desks) {
            ReviewDesk<?, ?> other = byQueue.put(d.queue(), d);
            if (other != null && other != d) {
                throw new IllegalStateException("two ReviewDesk beans serve the queue '" + d.queue()
                        + "': queue names must be unique (they name the mlopsreview entries)");
            }
        }
        this.desks = byQueue;
    }

    /** Bad input or an unknown queue: answered with its status, never logged as a failure. */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Map<String, Object> body;
        private final int status;

        Refusal(int status, Map<String, Object> body) {
            super(String.valueOf(body.get("error")), null, false, false);
            this.status = status;
            this.body = body;
        }
    }

    /**
     * Every desk: its queue and the store's figures.
     *
     * @return {@code {"queues": [...]}}
     */
    @ReadOperation
    public Map<String, Object> desks() {
        List<Object> queues = new ArrayList<>();
        desks.values().forEach(d -> queues.add(figures(d)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", Instant.now().toString());
        m.put("queues", queues);
        return m;
    }

    /**
     * A queue's waiting predictions (claims whose lease ran out included), higher priority first, then oldest.
     *
     * @param queue the queue's name
     * @param limit how many at most, in [1, {@value ReviewLimits#MAX_LIMIT}]; {@value #DEFAULT_LIMIT} when absent
     * @return 200 with {@code {"queue", "figures", "items": [...]}}; 404 for an unknown queue; 400 for a bad limit
     */
    @ReadOperation
    public WebEndpointResponse<Map<String, Object>> pending(@Selector String queue, @Nullable Integer limit) {
        return answer(queue, null, () -> {
            ReviewDesk<?, ?> desk = desk(queue);
            int n = limit == null ? DEFAULT_LIMIT : limit;
            if (n < 1 || n > ReviewLimits.MAX_LIMIT) {
                throw badInput(queue, null, "limit", limit, "limit must be in [1, " + ReviewLimits.MAX_LIMIT
                        + "] but was " + limit);
            }
            List<Object> items = new ArrayList<>();
            desk.pending(n).forEach(c -> items.add(view(desk, c)));
            Map<String, Object> m = figures(desk);
            m.put("items", items);
            return m;
        });
    }

    /**
     * One prediction, in any status.
     *
     * @param queue the queue's name
     * @param predictionId the prediction's id
     * @return 200 with the case; 404 for an unknown queue or prediction
     */
    @ReadOperation
    public WebEndpointResponse<Map<String, Object>> review(@Selector String queue, @Selector String predictionId) {
        return answer(queue, predictionId, () -> {
            ReviewDesk<?, ?> desk = desk(queue);
            return desk.find(predictionId).map(c -> view(desk, c)).orElseThrow(() -> new ReviewException(
                    ReviewException.Reason.UNKNOWN, queue, predictionId, "not in the queue (never queued, or purged)"));
        });
    }

    /**
     * Claims the next waiting prediction of a queue for the reviewer.
     *
     * @param queue the queue's name
     * @param action {@code claim-next}
     * @param leaseSeconds how long the claim holds, in [1, 86400]; 600 when absent
     * @param reviewer who claims, when the application does not authenticate (else it must be the principal or absent)
     * @param principal the authenticated user, or null
     * @return 200 with {@code {"action", "reviewer", "claim", "review"}}, or with {@code "claim": null}
     *     when nothing waits; 400 for bad input; 404 for an unknown queue
     */
    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> next(@Selector String queue, String action,
                                                         @Nullable Long leaseSeconds, @Nullable String reviewer,
                                                         @Nullable Principal principal) {
        return answer(queue, null, () -> {
            ReviewDesk<?, ?> desk = desk(queue);
            String a = action(queue, null, action);
            if (!a.equals("claim-next")) {
                throw badInput(queue, null, "action", action, "action on a queue must be claim-next but was '"
                        + action + "'");
            }
            String who = reviewer(queue, null, reviewer, principal);
            Duration lease = lease(queue, null, leaseSeconds);
            Optional<? extends ClaimedReview<?, ?>> claimed = desk.claimNext(who, lease);
            LOG.info("mlopsreview claim-next on '{}' by {}: {}", queue, who,
                    claimed.map(c -> c.claim().predictionId()).orElse("nothing waits"));
            Map<String, Object> m = acted(a, who);
            m.put("claim", claimed.map(c -> claim(c.claim())).orElse(null));
            m.put("review", claimed.map(c -> view(desk, c.review())).orElse(null));
            return m;
        });
    }

    /**
     * Claims, releases or resolves one prediction in the reviewer's name.
     *
     * @param queue the queue's name
     * @param predictionId the prediction's id
     * @param action {@code claim}, {@code release} or {@code resolve}
     * @param leaseSeconds claim: how long it holds, in [1, 86400]; 600 when absent
     * @param token release: the claim's token (required); resolve: the claim's token, when the reviewer claimed it
     * @param decision resolve: the answer, as text in the queue's answer codec
     * @param comment resolve: what the reviewer notes (optional)
     * @param reviewer who acts, when the application does not authenticate (else it must be the principal or absent)
     * @param principal the authenticated user, or null
     * @return 200 with {@code {"action", "reviewer", "review"}} (and {@code "claim"} for a claim);
     *     the refusals of the class comment
     */
    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> act(@Selector String queue, @Selector String predictionId,
                                                        String action, @Nullable Long leaseSeconds,
                                                        @Nullable Long token, @Nullable String decision,
                                                        @Nullable String comment, @Nullable String reviewer,
                                                        @Nullable Principal principal) {
        return answer(queue, predictionId, () -> {
            ReviewDesk<?, ?> desk = desk(queue);
            String a = action(queue, predictionId, action);
            String who = reviewer(queue, predictionId, reviewer, principal);
            Map<String, Object> m = acted(a, who);
            switch (a) {
                case "claim" -> {
                    ClaimedReview<?, ?> c = desk.claim(predictionId, who, lease(queue, predictionId, leaseSeconds));
                    m.put("claim", claim(c.claim()));
                    m.put("review", view(desk, c.review()));
                }
                case "release" -> {
                    if (token == null) {
                        throw badInput(queue, predictionId, "token", null, "release needs the claim's token");
                    }
                    desk.release(new ReviewClaim(queue, predictionId, who, token, Instant.now()));
                    m.put("review", desk.find(predictionId).map(c -> view(desk, c)).orElse(null));
                }
                case "resolve" -> m.put("review", view(desk, resolve(desk, predictionId, who, decision, comment,
                        token)));
                default -> throw badInput(queue, predictionId, "action", action,
                        "action on a prediction must be one of claim, release, resolve but was '" + action + "'");
            }
            LOG.info("mlopsreview {} of {} in '{}' by {}", a, predictionId, queue, who);
            return m;
        });
    }

    private static <O> ReviewCase<?, O> resolve(ReviewDesk<?, O> desk, String predictionId, String reviewer,
                                                String decision, String comment, Long token) {
        String queue = desk.queue();
        if (decision == null || decision.isEmpty()) {
            throw badInput(queue, predictionId, "decision", decision, "resolve needs a decision, as text in the "
                    + "queue's answer codec");
        }
        if (comment != null && comment.length() > ReviewLimits.MAX_COMMENT) {
            throw badInput(queue, predictionId, "comment", comment.length() + " characters",
                    "comment must be at most " + ReviewLimits.MAX_COMMENT + " characters but was " + comment.length());
        }
        O value;
        try {
            value = desk.answerCodec().decode(decision);
        } catch (RuntimeException e) {
            throw badInput(queue, predictionId, "decision", decision, "decision '" + decision
                    + "' is not an answer of the queue's codec: " + e.getMessage());
        }
        if (value == null) {
            throw badInput(queue, predictionId, "decision", decision, "decision '" + decision
                    + "' decodes to no answer");
        }
        try {
            return token == null ? desk.resolve(predictionId, reviewer, value, comment)
                    : desk.resolve(new ReviewClaim(queue, predictionId, reviewer, token, Instant.now()), value, comment);
        } catch (IllegalArgumentException e) {
            throw badInput(queue, predictionId, "decision", decision, e.getMessage());
        }
    }

    /** Runs an operation, answering a refusal with its status and JSON body. */
    private static WebEndpointResponse<Map<String, Object>> answer(String queue, String predictionId,
                                                                   Supplier<Map<String, Object>> op) {
        try {
            return new WebEndpointResponse<>(op.get(), WebEndpointResponse.STATUS_OK);
        } catch (Refusal r) {
            LOG.info("mlopsreview on '{}' refused: {}", queue, r.getMessage());
            return new WebEndpointResponse<>(r.body, r.status);
        } catch (ReviewException e) {
            LOG.info("mlopsreview on '{}' refused: {}", queue, e.getMessage());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", e.getMessage());
            body.put("reason", e.reason().name());
            body.put("queue", e.queue());
            body.put("predictionId", e.predictionId());
            return new WebEndpointResponse<>(body, status(e.reason()));
        }
    }

    /**
     * The HTTP status a store's refusal answers.
     *
     * @param reason why the store refused
     * @return 404, 410 or 409
     */
    static int status(ReviewException.Reason reason) {
        return switch (reason) {
            case UNKNOWN -> WebEndpointResponse.STATUS_NOT_FOUND;
            case EXPIRED -> STATUS_GONE;
            case ALREADY_RESOLVED, CLAIMED_BY_OTHER, CLAIM_LOST -> STATUS_CONFLICT;
        };
    }

    private ReviewDesk<?, ?> desk(String queue) {
        ReviewDesk<?, ?> d = desks.get(queue);
        if (d == null) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "no review desk serves the queue '" + queue + "'; there are " + desks.keySet());
            body.put("reason", ReviewException.Reason.UNKNOWN.name());
            body.put("queue", queue);
            body.put("predictionId", null);
            throw new Refusal(WebEndpointResponse.STATUS_NOT_FOUND, body);
        }
        return d;
    }

    private static String action(String queue, String predictionId, String action) {
        if (action == null || action.isBlank()) {
            throw badInput(queue, predictionId, "action", action, "action is required");
        }
        return action.trim().toLowerCase(Locale.ROOT);
    }

    /** The principal's name when there is one (a body's reviewer must then match it), else the body's reviewer. */
    static String reviewer(String queue, String predictionId, String reviewer, Principal principal) {
        String name = principal == null ? null : principal.getName();
        if (name != null && !name.isBlank()) {
            if (reviewer != null && !reviewer.equals(name)) {
                throw badInput(queue, predictionId, "reviewer", reviewer, "reviewer must be the authenticated user '"
                        + name + "' (or absent) but was '" + reviewer + "'");
            }
            return name;
        }
        if (reviewer == null || reviewer.isBlank() || reviewer.length() > ReviewLimits.MAX_NAME) {
            throw badInput(queue, predictionId, "reviewer", reviewer, "reviewer must be non-blank and at most "
                    + ReviewLimits.MAX_NAME + " characters when the request is not authenticated, but was "
                    + (reviewer == null ? "absent" : "'" + reviewer + "'"));
        }
        return reviewer;
    }

    static Duration lease(String queue, String predictionId, Long leaseSeconds) {
        if (leaseSeconds == null) {
            return DEFAULT_LEASE;
        }
        if (leaseSeconds < 1 || leaseSeconds > MAX_LEASE.toSeconds()) {
            throw badInput(queue, predictionId, "leaseSeconds", leaseSeconds, "leaseSeconds must be in [1, "
                    + MAX_LEASE.toSeconds() + "] but was " + leaseSeconds);
        }
        return Duration.ofSeconds(leaseSeconds);
    }

    private static Refusal badInput(String queue, String predictionId, String field, Object value, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("reason", BAD_INPUT);
        body.put("queue", queue);
        body.put("predictionId", predictionId);
        body.put("field", field);
        body.put("value", value == null ? null : String.valueOf(value));
        return new Refusal(WebEndpointResponse.STATUS_BAD_REQUEST, body);
    }

    private static Map<String, Object> acted(String action, String reviewer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", action);
        m.put("reviewer", reviewer);
        return m;
    }

    private static Map<String, Object> figures(ReviewDesk<?, ?> desk) {
        ReviewFigures f = desk.figures();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("pending", f.pending());
        figures.put("claimed", f.claimed());
        figures.put("resolved", f.resolved());
        figures.put("expired", f.expired());
        figures.put("agreed", f.agreed());
        figures.put("ageP50Seconds", f.ageP50().toMillis() / 1000.0);
        figures.put("ageP99Seconds", f.ageP99().toMillis() / 1000.0);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("queue", desk.queue());
        m.put("figures", figures);
        return m;
    }

    private static Map<String, Object> claim(ReviewClaim c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("predictionId", c.predictionId());
        m.put("reviewer", c.reviewer());
        m.put("token", c.token());
        m.put("until", c.until().toString());
        return m;
    }

    /** A case as JSON: its values as text in the queue's codecs. */
    private static <I, O> Map<String, Object> view(ReviewDesk<I, O> desk, ReviewCase<?, ?> raw) {
        @SuppressWarnings("unchecked")
        ReviewCase<I, O> c = (ReviewCase<I, O>) raw;
        ReviewItem<I, O> item = c.item();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("predictionId", item.predictionId());
        m.put("status", c.status().name());
        m.put("priority", c.priority());
        m.put("input", item.input() == null ? null : desk.inputCodec().encode(item.input()));
        m.put("modelAnswer", item.modelAnswer() == null ? null : desk.answerCodec().encode(item.modelAnswer()));
        m.put("confidence", Double.isFinite(item.confidence()) ? item.confidence() : null);
        m.put("model", item.model().toString());
        m.put("enqueuedAt", item.enqueuedAt().toString());
        m.put("ageSeconds", c.age().toMillis() / 1000.0);
        m.put("deadline", c.deadline().toString());
        m.put("claimedBy", c.claimedBy().orElse(null));
        m.put("claimedUntil", c.claimedUntil().map(Instant::toString).orElse(null));
        m.put("decision", c.decision().map(d -> decision(desk, d)).orElse(null));
        return m;
    }

    private static <O> Map<String, Object> decision(ReviewDesk<?, O> desk, HumanDecision<O> d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("decision", desk.answerCodec().encode(d.decision()));
        m.put("reviewer", d.reviewer());
        m.put("comment", d.comment().orElse(null));
        m.put("agreesWithModel", d.agreesWithModel());
        m.put("resolvedAt", d.resolvedAt().toString());
        return m;
    }

    @Override
    public String toString() {
        return "MlopsReviewEndpoint" + desks.keySet();
    }
}
