package org.mlops4j.monitoring.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.mlops4j.core.fleet.FleetState;

/**
 * The fleet's firing records of {@link FleetAlerts}: one register per rule, endpoint and model whose
 * value is {@code FIRING|holder|renewedAtMillis} or {@code RESOLVED|holder|atMillis}.
 */
final class Incidents {

    /** What a replica whose rule fires does. */
    enum Claim {
        /** It claimed the record of a new incident: send FIRED. */
        PAGE,
        /** It holds the record of an incident already paged (renewed, or taken over when expired). */
        HOLD,
        /** Another replica holds the incident: send nothing. */
        QUIET
    }

    private final FleetState state;
    private final String replica;
    private final long expiryMillis;

    Incidents(FleetAlerts config) {
        this.state = config.state();
        this.replica = config.replica();
        this.expiryMillis = config.expiry().toMillis();
    }

    /** The register's key; a hash when the names are too long for one. */
    static String key(String rule, String endpoint, String model) {
        String key = "alert/" + rule + "/" + endpoint + "/" + model;
        if (key.length() <= FleetState.MAX_NAME) {
            return key;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "alert/sha256/" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Claims, renews or takes over the record of a firing rule.
     *
     * @param key the record
     * @param fresh true when the rule just started firing here; false while it keeps firing
     * @param now the evaluator's time
     */
    Claim claim(String key, boolean fresh, Instant now) {
        Optional<FleetState.Register> read = state.read(key);
        String firing = "FIRING|" + replica + "|" + now.toEpochMilli();
        if (read.isEmpty()) {
            return state.compareAndSet(key, 0, firing) ? Claim.PAGE : Claim.QUIET;
        }
        FleetState.Register r = read.get();
        String v = r.value();
        if (!v.startsWith("FIRING|")) {
            return state.compareAndSet(key, r.version(), firing) ? Claim.PAGE : Claim.QUIET;
        }
        int last = v.lastIndexOf('|');
        if (v.substring("FIRING|".length(), last).equals(replica)) {
            return state.compareAndSet(key, r.version(), firing) ? Claim.HOLD : Claim.QUIET;
        }
        boolean expired = now.toEpochMilli() - Long.parseLong(v.substring(last + 1)) >= expiryMillis;
        if (!expired || !state.compareAndSet(key, r.version(), firing)) {
            return Claim.QUIET;
        }
        return fresh ? Claim.PAGE : Claim.HOLD;
    }

    /**
     * Marks the incident resolved if this replica still holds it.
     *
     * @return true when it did (send RESOLVED); false when another replica took it over
     */
    boolean release(String key, Instant now) {
        Optional<FleetState.Register> read = state.read(key);
        if (read.isEmpty() || !read.get().value().startsWith("FIRING|" + replica + "|")
                || read.get().value().lastIndexOf('|') != ("FIRING|" + replica).length()) {
            return false;
        }
        return state.compareAndSet(key, read.get().version(), "RESOLVED|" + replica + "|" + now.toEpochMilli());
    }

    @Override
    public String toString() {
        return "fleet alerts of " + replica + " in " + state;
    }
}
