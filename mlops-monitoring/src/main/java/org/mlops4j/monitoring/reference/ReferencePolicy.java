package org.mlops4j.monitoring.reference;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a monitor compares each window's inputs with: the fixed reference profile of its baseline
 * (the default), a <b>rolling</b> reference (the merge of the key's last N closed windows), or a
 * <b>seasonal</b> one (the merge of the windows that fell in the same slot of the last N seasons,
 * such as the same hour of the week over the last 4 weeks), so that a weekly cycle is not taken
 * for drift.
 *
 * <p><b>Slots.</b> Time is cut into slots of {@link #slot()} aligned to the epoch
 * (1970-01-01T00:00Z, a Thursday), and seasons of {@link #season()}, a whole number of slots, aligned
 * the same way; a slot's index in its season is {@link #slotOf(Instant)}. Everything is computed on
 * UTC {@link Instant}s, so daylight-saving time changes nothing: slot 0 of an hour-of-week season is
 * Thursday 00:00-01:00 UTC every week. (A business whose cycle follows local time sees its cycle move
 * by an hour against UTC at a daylight-saving change, until the N seasons after it have passed.) A
 * window belongs to the slot of its <em>start</em>: with time windows
 * ({@code ModelMonitor.Builder.windowDuration}) the start of its time slot, with count windows the
 * time of its first prediction, so several count windows may share a slot (their profiles are
 * merged) and a quiet slot may have none.
 *
 * <p><b>Warm-up.</b> A rolling reference is ready once the key has at least {@link #minHistory()}
 * closed windows; a seasonal one once at least {@link #minHistory()} of the last N seasons hold a
 * profile for the window's slot. {@code minHistory} is N unless set lower with
 * {@link #withMinHistory}. Until then the window is compared with the fixed reference when the
 * baseline has one ({@link ReferenceKind#FIXED}), and otherwise gets no drift verdict
 * ({@link ReferenceKind#NONE}); either way it is counted as a warm-up window.
 *
 * <p><b>Memory</b> per monitored key: {@link #maxProfiles()} merged profiles (each a few KB per
 * numeric feature): N for a rolling reference, and {@code slotsPerSeason * N + 1} for a seasonal one,
 * since the windows of one slot of one season are merged into one profile however many there are
 * (673 profiles for hour-of-week over 4 weeks). Policies holding more than {@value #MAX_PROFILES} are
 * refused.
 *
 * <p>Immutable and thread-safe.
 */
public final class ReferencePolicy {

    /** The most profiles a policy may keep per key: N for rolling, slots per season times N for seasonal. */
    public static final int MAX_PROFILES = 100_000;

    private static final ReferencePolicy FIXED = new ReferencePolicy(ReferenceKind.FIXED, 0, 0, null, null);

    private final ReferenceKind kind;
    private final int history;
    private final int minHistory;
    private final Duration season;
    private final Duration slot;
    private final long slotMillis;
    private final int slotsPerSeason;

    private ReferencePolicy(ReferenceKind kind, int history, int minHistory, Duration season, Duration slot) {
        this.kind = kind;
        this.history = history;
        this.minHistory = minHistory;
        this.season = season;
        this.slot = slot;
        this.slotMillis = slot == null ? 0 : slot.toMillis();
        this.slotsPerSeason = slot == null ? 0 : (int) (season.toMillis() / slotMillis);
    }

    /**
     * The default: every window is compared with the baseline's fixed reference profile.
     *
     * @return the fixed policy
     */
    public static ReferencePolicy fixed() {
        return FIXED;
    }

    /**
     * Compares each window with the merge of the profiles of the key's last {@code windows} closed
     * windows (not counting the window itself): a slow trend is followed, an abrupt change is found
     * until the changed windows make up the reference.
     *
     * @param windows N, the closed windows merged, in [1, {@value #MAX_PROFILES}]
     * @return the policy, warming up until N windows have closed
     * @throws IllegalArgumentException if {@code windows} is out of range
     */
    public static ReferencePolicy rolling(int windows) {
        if (windows < 1 || windows > MAX_PROFILES) {
            throw new IllegalArgumentException("windows must be in [1, " + MAX_PROFILES + "] but was " + windows);
        }
        return new ReferencePolicy(ReferenceKind.ROLLING, windows, windows, null, null);
    }

    /**
     * Compares each window with the merge of the profiles of the windows that fell in the same slot
     * of each of the last {@code seasons} seasons (not the current season).
     *
     * @param season the season, for example a week; a whole number of milliseconds and of slots
     * @param slot the slot, for example an hour; at least one millisecond, a whole number of them
     * @param seasons N, the past seasons merged, at least 1
     * @return the policy, warming up until a slot has a profile in each of the last N seasons
     * @throws IllegalArgumentException if the slot is under a millisecond or not whole milliseconds, the
     *     season is not a whole number of slots, {@code seasons} is below 1, or slots per season times
     *     {@code seasons} exceeds {@value #MAX_PROFILES}
     */
    public static ReferencePolicy seasonal(Duration season, Duration slot, int seasons) {
        Objects.requireNonNull(season, "season");
        Objects.requireNonNull(slot, "slot");
        if (slot.toMillis() < 1 || slot.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("slot must be a whole number of milliseconds, at least 1, but was "
                    + slot);
        }
        if (season.compareTo(slot) < 0 || season.getNano() % 1_000_000 != 0
                || season.toMillis() % slot.toMillis() != 0) {
            throw new IllegalArgumentException("season must be a whole number of slots of " + slot + " but was "
                    + season);
        }
        if (seasons < 1) {
            throw new IllegalArgumentException("seasons must be >= 1 but was " + seasons);
        }
        long slots = season.toMillis() / slot.toMillis();
        if (slots * seasons > MAX_PROFILES) {
            throw new IllegalArgumentException("slots per season (" + slots + ") times seasons (" + seasons
                    + ") must be at most " + MAX_PROFILES + " but was " + slots * seasons);
        }
        return new ReferencePolicy(ReferenceKind.SEASONAL, seasons, seasons, season, slot);
    }

    /**
     * The same hour of the week over the last {@code weeks} weeks: {@code seasonal(7 days, 1 hour, weeks)}.
     *
     * @param weeks N, at least 1
     * @return the policy (168 slots a week)
     * @throws IllegalArgumentException if {@code weeks} is below 1
     */
    public static ReferencePolicy hourOfWeek(int weeks) {
        return seasonal(Duration.ofDays(7), Duration.ofHours(1), weeks);
    }

    /**
     * Shortens the warm-up: the reference is used once {@code value} of the N windows (rolling) or
     * seasons (seasonal) have a profile.
     *
     * @param value in [1, N]
     * @return a copy with it
     * @throws IllegalArgumentException if this is the fixed policy (it has no warm-up) or the value is
     *     out of range
     */
    public ReferencePolicy withMinHistory(int value) {
        if (kind == ReferenceKind.FIXED) {
            throw new IllegalArgumentException("minHistory needs a rolling or seasonal policy but this one is fixed");
        }
        if (value < 1 || value > history) {
            throw new IllegalArgumentException("minHistory must be in [1, " + history + "] but was " + value);
        }
        return new ReferencePolicy(kind, history, value, season, slot);
    }

    /** @return {@link ReferenceKind#FIXED}, {@link ReferenceKind#ROLLING} or {@link ReferenceKind#SEASONAL} */
    public ReferenceKind kind() {
        return kind;
    }

    /** @return N: the windows a rolling reference merges, the seasons a seasonal one merges; 0 when fixed */
    public int history() {
        return history;
    }

    /** @return how many of the N windows or seasons must have a profile before the reference is used; 0 when fixed */
    public int minHistory() {
        return minHistory;
    }

    /** @return the season of a seasonal policy */
    public Optional<Duration> season() {
        return Optional.ofNullable(season);
    }

    /** @return the slot of a seasonal policy */
    public Optional<Duration> slot() {
        return Optional.ofNullable(slot);
    }

    /** @return the slots in a season (168 for hour-of-week); 0 unless seasonal */
    public int slotsPerSeason() {
        return slotsPerSeason;
    }

    /**
     * The index of the slot an instant falls in, within its season: {@code floorMod(floorDiv(epochMillis,
     * slot), slotsPerSeason)}. For hour-of-week, 0 is Thursday 00:00-01:00 UTC and 96 Monday 00:00-01:00 UTC.
     *
     * @param time the instant, for a window its start
     * @return the slot, in [0, slotsPerSeason)
     * @throws IllegalStateException if the policy is not seasonal
     */
    public int slotOf(Instant time) {
        return (int) Math.floorMod(position(time), (long) slotsPerSeasonChecked());
    }

    /**
     * The number of the slot an instant falls in, counted from the epoch ({@code floorDiv(epochMillis, slot)}):
     * the same slot of consecutive seasons is {@link #slotsPerSeason()} apart.
     */
    long position(Instant time) {
        slotsPerSeasonChecked();
        return Math.floorDiv(Objects.requireNonNull(time, "time").toEpochMilli(), slotMillis);
    }

    private int slotsPerSeasonChecked() {
        if (kind != ReferenceKind.SEASONAL) {
            throw new IllegalStateException("slots need a seasonal policy but this one is " + kind);
        }
        return slotsPerSeason;
    }

    /**
     * The memory bound per monitored key, in merged profiles: N for rolling, {@code slotsPerSeason * N + 1}
     * for seasonal (the slot being filled keeps the season N back until it ends), 0 for fixed.
     *
     * @return the most profiles a key's history holds
     */
    public long maxProfiles() {
        return kind == ReferenceKind.SEASONAL ? (long) slotsPerSeason * history + 1 : history;
    }

    @Override
    public boolean equals(Object o) {
        // The kind follows from the rest (seasonal has a season, rolling a history, fixed neither).
        return o instanceof ReferencePolicy p && history == p.history && minHistory == p.minHistory
                && Objects.equals(season, p.season) && Objects.equals(slot, p.slot);
    }

    @Override
    public int hashCode() {
        return Objects.hash(history, minHistory, season, slot);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ROLLING -> "rolling(" + history + " windows, min " + minHistory + ")";
            case SEASONAL -> "seasonal(slot " + slot + " of season " + season + ", " + history + " seasons, min "
                    + minHistory + ")";
            default -> "fixed";
        };
    }
}
