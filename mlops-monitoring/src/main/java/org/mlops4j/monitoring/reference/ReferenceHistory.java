package org.mlops4j.monitoring.reference;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.mlops4j.monitoring.profile.ReferenceProfile;

/**
 * The recent window profiles of one monitored stream (a monitor keeps one per endpoint, variant and
 * model version) and the reference a {@link ReferencePolicy} builds from them. For each closed window
 * call {@link #select} (the reference of that window, from the windows before it) and then
 * {@link #record} (its own profile, for the windows after it).
 *
 * <ul>
 *   <li>rolling: the profiles of the last N recorded windows, one each; the reference is their merge;</li>
 *   <li>seasonal: one profile per slot position (slot and season, counted from the epoch): the windows
 *       recorded in the same slot of the same season are merged into it. The reference of a window is the
 *       merge of the profiles of its slot in the N seasons before its own. Positions older than the latest
 *       recorded one by more than N seasons are dropped, so at most {@code slotsPerSeason * N + 1}
 *       profiles are held; a window that late is not recorded (it could never be selected).</li>
 *   <li>fixed: nothing is held; the reference is the fixed one.</li>
 * </ul>
 * The warm-up rule and the memory bound are {@link ReferencePolicy}'s. Windows are expected in time
 * order, as a monitor's single analysis thread gives them; with a pool of analysis threads a window
 * may be compared with a history that misses a window closed just before it.
 *
 * <p>Merging is done on each {@link #select} (N merges of bounded profiles), not on {@link #record},
 * so recording is cheap. Thread-safe: every method holds this object's monitor.
 */
public final class ReferenceHistory {

    private final ReferencePolicy policy;
    /** Rolling: the latest profiles, oldest first, at most N. */
    private final ArrayDeque<ReferenceProfile> recent = new ArrayDeque<>();
    /** Seasonal: merged profile per slot position, at most slotsPerSeason * N + 1. */
    private final TreeMap<Long, ReferenceProfile> positions = new TreeMap<>();
    private long latest = Long.MIN_VALUE;

    private ReferenceHistory(ReferencePolicy policy) {
        this.policy = policy;
    }

    /**
     * An empty history.
     *
     * @param policy how the reference is built
     * @return the history
     */
    public static ReferenceHistory of(ReferencePolicy policy) {
        return new ReferenceHistory(Objects.requireNonNull(policy, "policy"));
    }

    /** @return the policy */
    public ReferencePolicy policy() {
        return policy;
    }

    /**
     * The reference of a window without a fixed reference to fall back on: during the warm-up,
     * {@link ReferenceKind#NONE}.
     *
     * @param start the window's start
     * @return the selection
     */
    public ReferenceSelection select(Instant start) {
        return choose(start, null);
    }

    /**
     * The reference of a window; during the warm-up (and always for the fixed policy) the fixed one.
     *
     * @param start the window's start
     * @param fixed the baseline's fixed reference profile
     * @return the selection
     */
    public ReferenceSelection select(Instant start, ReferenceProfile fixed) {
        return choose(start, Objects.requireNonNull(fixed, "fixed"));
    }

    private synchronized ReferenceSelection choose(Instant start, ReferenceProfile fixed) {
        Objects.requireNonNull(start, "start");
        return switch (policy.kind()) {
            case ROLLING -> recent.size() >= policy.minHistory()
                    ? new ReferenceSelection(ReferenceKind.ROLLING, -1, recent.size(), false, Optional.of(merge(recent)))
                    : warmUp(-1, fixed);
            case SEASONAL -> seasonal(start, fixed);
            default -> fixed == null ? new ReferenceSelection(ReferenceKind.NONE, -1, 0, false, Optional.empty())
                    : new ReferenceSelection(ReferenceKind.FIXED, -1, 0, false, Optional.of(fixed));
        };
    }

    private ReferenceSelection seasonal(Instant start, ReferenceProfile fixed) {
        long position = policy.position(start);
        int slot = policy.slotOf(start);
        ArrayDeque<ReferenceProfile> same = new ArrayDeque<>();
        for (int back = 1; back <= policy.history(); back++) {
            ReferenceProfile p = positions.get(position - (long) back * policy.slotsPerSeason());
            if (p != null) {
                same.add(p);
            }
        }
        return same.size() >= policy.minHistory()
                ? new ReferenceSelection(ReferenceKind.SEASONAL, slot, same.size(), false, Optional.of(merge(same)))
                : warmUp(slot, fixed);
    }

    private static ReferenceSelection warmUp(int slot, ReferenceProfile fixed) {
        return fixed == null ? new ReferenceSelection(ReferenceKind.NONE, slot, 0, true, Optional.empty())
                : new ReferenceSelection(ReferenceKind.FIXED, slot, 0, true, Optional.of(fixed));
    }

    private static ReferenceProfile merge(Iterable<ReferenceProfile> profiles) {
        ReferenceProfile sum = null;
        for (ReferenceProfile p : profiles) {
            sum = sum == null ? p : sum.merge(p);
        }
        return sum;
    }

    /**
     * Adds a closed window's profile, after its {@link #select}. Does nothing for the fixed policy.
     *
     * @param start the window's start
     * @param profile the profile of the window's inputs
     * @return false when the window was not kept: the fixed policy, or a seasonal window more than N seasons
     *     older than the latest recorded one
     * @throws IllegalArgumentException if the profile's schema is not the one of the profiles held
     */
    public synchronized boolean record(Instant start, ReferenceProfile profile) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(profile, "profile");
        ReferenceProfile held = recent.isEmpty() ? positions.isEmpty() ? null : positions.firstEntry().getValue()
                : recent.peekFirst();
        if (held != null && !held.schema().equals(profile.schema())) {
            throw new IllegalArgumentException("profile must have the history's schema " + held.schema() + " but had "
                    + profile.schema());
        }
        if (policy.kind() == ReferenceKind.ROLLING) {
            recent.addLast(profile);
            if (recent.size() > policy.history()) {
                recent.removeFirst();
            }
            return true;
        }
        if (policy.kind() != ReferenceKind.SEASONAL) {
            return false;
        }
        long position = policy.position(start);
        long span = (long) policy.slotsPerSeason() * policy.history();
        if (latest != Long.MIN_VALUE && position < latest - span) {
            return false;
        }
        latest = Math.max(latest, position);
        positions.merge(position, profile, ReferenceProfile::merge);
        // A position more than N seasons behind the latest can no longer be among any later window's N seasons.
        Map.Entry<Long, ReferenceProfile> oldest = positions.firstEntry();
        while (oldest.getKey() < latest - span) {
            positions.pollFirstEntry();
            oldest = positions.firstEntry();
        }
        return true;
    }

    /** @return the profiles held now, at most {@link ReferencePolicy#maxProfiles()} */
    public synchronized int profiles() {
        return recent.size() + positions.size();
    }

    @Override
    public synchronized String toString() {
        return "ReferenceHistory[" + policy + ", " + profiles() + " profiles]";
    }
}
