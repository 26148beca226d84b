package org.mlops4j.lifecycle;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a rollout's state lives among the candidate version's tags. An unleased rollout writes
 * {@link RolloutState#TAG}, which counts as epoch 0; the controller of a leased rollout writes
 * {@code <TAG>.<epoch>} (the epoch zero-padded to 19 digits) under its tenure's fencing epoch.
 * Readers take the state of the highest epoch, so a write by a holder that paused past its tenure,
 * landing after its successor's first write, is never read.
 */
final class FencedStates {

    private FencedStates() {
    }

    /**
     * A stored state and the epoch it was written under.
     *
     * @param epoch the writer's fencing epoch, 0 for an unleased writer
     * @param state the state
     */
    record Fenced(long epoch, RolloutState state) {
    }

    /**
     * @param epoch the writer's fencing epoch, 0 when unleased
     * @return the tag key the state is written under
     */
    static String key(long epoch) {
        return epoch == 0 ? RolloutState.TAG : String.format(Locale.ROOT, "%s.%019d", RolloutState.TAG, epoch);
    }

    /**
     * @param key a tag key
     * @return the epoch of a state tag's key, or empty when the key is not a state tag
     */
    static OptionalLong epochOf(String key) {
        if (key.equals(RolloutState.TAG)) {
            return OptionalLong.of(0);
        }
        String prefix = RolloutState.TAG + ".";
        if (!key.startsWith(prefix) || key.length() != prefix.length() + 19) {
            return OptionalLong.empty();
        }
        String digits = key.substring(prefix.length());
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(Long.parseLong(digits));
    }

    /**
     * @param tags a model version's tags
     * @return the state of the highest epoch among them, or empty when there is none
     * @throws IllegalArgumentException if that state cannot be decoded
     */
    static Optional<Fenced> latest(Map<String, String> tags) {
        long best = -1;
        String text = null;
        for (Map.Entry<String, String> e : tags.entrySet()) {
            OptionalLong epoch = epochOf(e.getKey());
            if (epoch.isPresent() && epoch.getAsLong() > best) {
                best = epoch.getAsLong();
                text = e.getValue();
            }
        }
        return text == null ? Optional.empty() : Optional.of(new Fenced(best, RolloutState.decode(text)));
    }
}
