package org.mlops4j.lifecycle;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The durable part of a rollout's state: what survives a restart and what every replica needs to
 * route the same way. Persisted as a tag ({@value #TAG}) on the candidate's model version, as
 * {@code key=value} lines that name the status (never an ordinal) and start with the format
 * version ({@value #FORMAT}).
 *
 * @param status where the rollout is
 * @param step the current step's index
 * @param stepStarted when the current step began
 * @param failures failed analyses in the current step
 * @param inconclusive inconclusive analyses in a row in the current step
 * @param salt the canary bucketing salt
 * @param reason why the rollout finished, or empty
 */
public record RolloutState(RolloutStatus status, int step, Instant stepStarted, int failures, int inconclusive,
                           String salt, String reason) {

    /** The registry tag holding the encoded state on the candidate version. */
    public static final String TAG = "mlops.rollout.state";
    /** The version of the encoding written by {@link #encode()}. */
    public static final int FORMAT = 1;

    /**
     * A state with another status, step, start, counts and reason; the salt is kept.
     *
     * @param newStatus the status
     * @param newStep the step's index
     * @param newStepStarted when the step began
     * @param newFailures failed analyses in the step
     * @param newInconclusive inconclusive analyses in a row
     * @param newReason why the rollout finished, or empty
     * @return the new state
     */
    public RolloutState with(RolloutStatus newStatus, int newStep, Instant newStepStarted, int newFailures,
                             int newInconclusive, String newReason) {
        return new RolloutState(newStatus, newStep, newStepStarted, newFailures, newInconclusive, salt, newReason);
    }

    /**
     * Validates the state.
     *
     * @param status where the rollout is
     * @param step the current step's index
     * @param stepStarted when the current step began
     * @param failures failed analyses in the current step
     * @param inconclusive inconclusive analyses in a row in the current step
     * @param salt the canary bucketing salt
     * @param reason why the rollout finished, or empty
     */
    public RolloutState {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(stepStarted, "stepStarted");
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(reason, "reason");
        if (step < 0 || failures < 0 || inconclusive < 0) {
            throw new IllegalArgumentException("step, failures and inconclusive must not be negative but were "
                    + step + ", " + failures + ", " + inconclusive);
        }
    }

    /** @return the state as {@code key=value} pairs joined by newlines; the salt and reason are escaped */
    public String encode() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", Integer.toString(FORMAT));
        m.put("status", status.name());
        m.put("step", Integer.toString(step));
        m.put("stepStarted", stepStarted.toString());
        m.put("failures", Integer.toString(failures));
        m.put("inconclusive", Integer.toString(inconclusive));
        m.put("salt", salt);
        m.put("reason", reason);
        StringBuilder out = new StringBuilder();
        m.forEach((k, v) -> out.append(k).append('=').append(v.replace("\\", "\\\\").replace("\n", "\\n")).append('\n'));
        return out.toString();
    }

    /**
     * Reads a state written by {@link #encode()} (a state without a format line, written before
     * formats were versioned, reads as format 1).
     *
     * @param text the encoded state
     * @return the state
     * @throws IllegalArgumentException if a field is missing or malformed, naming it, or the format
     *     is newer than this library reads
     */
    public static RolloutState decode(String text) {
        Objects.requireNonNull(text, "text");
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("rollout state line has no '=': '" + line + "'");
            }
            m.put(line.substring(0, eq), unescape(line.substring(eq + 1)));
        }
        String format = m.getOrDefault("format", "1");
        if (!format.equals(Integer.toString(FORMAT))) {
            throw new IllegalArgumentException("rollout state format " + format + " is not one this library reads ("
                    + FORMAT + "): upgrade mlops4j to follow this rollout");
        }
        try {
            return new RolloutState(RolloutStatus.valueOf(field(m, "status")), Integer.parseInt(field(m, "step")),
                    Instant.parse(field(m, "stepStarted")), Integer.parseInt(field(m, "failures")),
                    Integer.parseInt(field(m, "inconclusive")), field(m, "salt"), field(m, "reason"));
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null
                    && iae.getMessage().startsWith("rollout state")) {
                throw iae;
            }
            throw new IllegalArgumentException("rollout state is malformed: " + text.replace('\n', ' '), e);
        }
    }

    private static String field(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("rollout state has no field '" + key + "'");
        }
        return v;
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                out.append(n == 'n' ? '\n' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
