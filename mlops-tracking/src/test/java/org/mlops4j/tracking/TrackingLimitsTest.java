package org.mlops4j.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every limit of {@link TrackingLimits} at its edge, with the exact message of a refusal. */
class TrackingLimitsTest {

    private static final String KEY_CHARS = "': keys may only contain alphanumerics, underscores (_), dashes (-),"
            + " periods (.), spaces ( ), and slashes (/)";

    @Test
    void keysAreOneTo250CharactersNamingTheKindAndTheLength() {
        String longest = "k".repeat(250);
        assertThat(TrackingLimits.checkKey(longest, "param")).isEqualTo(longest);
        assertThat(TrackingLimits.checkKey("k", "param")).isEqualTo("k");
        assertThatThrownBy(() -> TrackingLimits.checkKey("k".repeat(251), "metric"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metric key must be 1 to 250 characters but was 251 ('" + "k".repeat(57)
                        + "... (251 characters)')");
        assertThatThrownBy(() -> TrackingLimits.checkKey("", "tag"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tag key must be 1 to 250 characters but was 0 ('')");
        assertThatThrownBy(() -> TrackingLimits.checkKey(null, "tag"))
                .isInstanceOf(NullPointerException.class).hasMessage("tag key");
    }

    @Test
    void keysAreNormalisedRelativePathsOfTheAllowedCharacters() {
        assertThat(TrackingLimits.checkKey("eval/f1 score-2.x_\u00FC", "metric")).isEqualTo("eval/f1 score-2.x_\u00FC");
        assertThat(TrackingLimits.checkKey("a/.../b.", "metric")).isEqualTo("a/.../b.");
        assertThatThrownBy(() -> TrackingLimits.checkKey("bad$key", "param"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid param key 'bad$key" + KEY_CHARS);
        for (String notNormal : List.of("/a", "a/", "a//b")) {
            assertThatThrownBy(() -> TrackingLimits.checkKey(notNormal, "metric"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("invalid metric key '" + notNormal
                            + "': it must be a normalised relative path (no leading, trailing or double '/')");
        }
        for (String dots : List.of(".", "..", "./a", "a/..", "a/./b")) {
            assertThatThrownBy(() -> TrackingLimits.checkKey(dots, "tag"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("invalid tag key '" + dots + "': it must not contain '.' or '..' path segments");
        }
    }

    @Test
    void theOnePassKeyCheckAcceptsOnlyWhatTheFullCheckAcceptsAndRefusesOnlyNonAsciiValidKeys() {
        String alphabet = "aZ09_-./ $\u00FC\u0660\t";
        java.util.Random random = new java.util.Random(21);
        int plain = 0;
        int unicode = 0;
        List<String> edges = List.of("a", "a.", ".a", "...", "a/.b", "a/b.", "a/../b", "a/.", "./", "a b", " ",
                "k".repeat(250), "k".repeat(251), "", "a/b/c", "a.b/..c", "..a");
        List<String> keys = new java.util.ArrayList<>(edges);
        for (int i = 0; i < 200_000; i++) {
            char[] chars = new char[random.nextInt(9)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            keys.add(new String(chars));
        }
        for (String key : keys) {
            boolean fullyValid;
            try {
                TrackingLimits.checkKeyFully(key, "metric");
                fullyValid = true;
            } catch (IllegalArgumentException e) {
                fullyValid = false;
            }
            if (TrackingLimits.isPlainKey(key)) {
                assertThat(fullyValid).as("'%s' passed the one-pass check", key).isTrue();
                plain++;
            } else if (fullyValid) {
                assertThat(key.chars().anyMatch(c -> c > 127)).as("valid ASCII key '%s' refused by the one pass", key)
                        .isTrue();
                unicode++;
            }
            if (fullyValid) {
                assertThat(TrackingLimits.checkKey(key, "metric")).isSameAs(key);
            } else {
                assertThatThrownBy(() -> TrackingLimits.checkKey(key, "metric"))
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
        assertThat(plain).as("keys taking the one pass").isGreaterThan(10_000);
        assertThat(unicode).as("Unicode keys taking the full check").isGreaterThan(1_000);
    }

    @Test
    void theOnePassTakesEveryPlainAsciiKeyAtItsEdgesAndLeavesTheRestToTheFullCheck() {
        for (String plain : List.of("a", "z", "A", "Z", "0", "9", "_", "-", " ", ".a", "a.", "...", "a/b", "a/.b/c",
                "k".repeat(250), "az AZ 09_-.")) {
            assertThat(TrackingLimits.isPlainKey(plain)).as("'%s'", plain).isTrue();
        }
        // Just outside each character range, the limits, and every path rule.
        for (String other : List.of("", "k".repeat(251), "`", "{", "@", "[", "/", ":", ",", "\u00FC", "\t", "/a", "a/",
                "a//b", ".", "..", "./a", "a/..", "a/./b")) {
            assertThat(TrackingLimits.isPlainKey(other)).as("'%s'", other).isFalse();
        }
    }

    @Test
    void timestampsAreAcceptedFromTheEpochToTheEndOf9999ToTheMillisecond() {
        assertThat(TrackingLimits.checkTimestamp("loss", Instant.EPOCH)).isEqualTo(Instant.EPOCH);
        Instant last = Instant.parse("9999-12-31T23:59:59.999Z");
        assertThat(TrackingLimits.checkTimestamp("loss", last)).isEqualTo(last);
        assertThatThrownBy(() -> TrackingLimits.checkTimestamp("loss", last.plusNanos(1_000_000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timestamp of metric 'loss' must be between 1970-01-01T00:00:00Z and"
                        + " 9999-12-31T23:59:59.999Z but was +10000-01-01T00:00:00Z");
        assertThatThrownBy(() -> TrackingLimits.checkTimestamp("loss", Instant.EPOCH.minusNanos(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(" but was 1969-12-31T23:59:59.999999999Z");
        assertThatThrownBy(() -> TrackingLimits.checkTimestamp("loss", null))
                .isInstanceOf(NullPointerException.class).hasMessage("timestamp of metric 'loss'");
        // A metric built directly refuses a null timestamp the same way (its range is checked when logged).
        assertThatThrownBy(() -> new Metric("loss", 1.0, 0, null))
                .isInstanceOf(NullPointerException.class).hasMessage("timestamp of metric 'loss'");
        assertThat(new Metric("loss", 1.0, 0, last.plusSeconds(1)).timestamp()).isEqualTo(last.plusSeconds(1));
    }

    @Test
    void aBatchIsRefusedAtItsFirstMetricOutOfRange() {
        Instant ok = Instant.parse("2026-01-01T00:00:00Z");
        TrackingLimits.checkTimestamps(List.of(new Metric("a", 1, 0, ok), new Metric("b", 1, 0, Instant.EPOCH)));
        assertThatThrownBy(() -> TrackingLimits.checkTimestamps(List.of(new Metric("a", 1, 0, ok),
                new Metric("early", 1, 0, Instant.EPOCH.minusMillis(1)),
                new Metric("late", 1, 0, Instant.MAX))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timestamp of metric 'early' must be between 1970-01-01T00:00:00Z and"
                        + " 9999-12-31T23:59:59.999Z but was 1969-12-31T23:59:59.999Z");
    }

    @Test
    void paramAndTagValuesAreAcceptedUpToTheirLimit() {
        TrackingLimits.checkParamValue("p", "v".repeat(6000));
        assertThatThrownBy(() -> TrackingLimits.checkParamValue("p", "v".repeat(6001)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("value of param 'p' must be at most 6000 characters but was 6001");
        assertThatThrownBy(() -> TrackingLimits.checkParamValue("p", null))
                .isInstanceOf(NullPointerException.class).hasMessage("value of param 'p'");
        TrackingLimits.checkTagValue("t", "v".repeat(5000));
        assertThatThrownBy(() -> TrackingLimits.checkTagValue("t", "v".repeat(5001)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("value of tag 't' must be at most 5000 characters but was 5001");
        assertThatThrownBy(() -> TrackingLimits.checkTagValue("t", null))
                .isInstanceOf(NullPointerException.class).hasMessage("value of tag 't'");
    }

    @Test
    void experimentNamesAreOneTo256AndRunNamesOneTo250CharactersNotBlank() {
        String experiment = "e".repeat(256);
        assertThat(TrackingLimits.checkExperimentName(experiment)).isEqualTo(experiment);
        assertThatThrownBy(() -> TrackingLimits.checkExperimentName("e".repeat(257)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("experiment name must be 1 to 256 characters and not blank but was '" + "e".repeat(57)
                        + "... (257 characters)'");
        assertThatThrownBy(() -> TrackingLimits.checkExperimentName(" \t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("experiment name must be 1 to 256 characters and not blank but was ' \\u0009'");
        assertThatThrownBy(() -> TrackingLimits.checkExperimentName("a\u202Eb"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("experiment name must not contain control characters");
        assertThatThrownBy(() -> TrackingLimits.checkExperimentName(null))
                .isInstanceOf(NullPointerException.class).hasMessage("experiment name");

        String run = "r".repeat(250);
        assertThat(TrackingLimits.checkRunName(run)).isEqualTo(run);
        assertThatThrownBy(() -> TrackingLimits.checkRunName("r".repeat(251)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("run name must be 1 to 250 characters and not blank but was '" + "r".repeat(57)
                        + "... (251 characters)'");
        assertThatThrownBy(() -> TrackingLimits.checkRunName(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("run name must be 1 to 250 characters and not blank but was ''");
        assertThatThrownBy(() -> TrackingLimits.checkRunName("a\nb"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("run name must not contain control characters or bidirectional formatting characters"
                        + " but has U+000A at index 1: 'a\\u000Ab'");
        assertThatThrownBy(() -> TrackingLimits.checkRunName(null))
                .isInstanceOf(NullPointerException.class).hasMessage("run name");
    }

    @Test
    void abbreviateEscapesAndCutsAsSafeTextDoes() {
        assertThat(TrackingLimits.abbreviate("a\u202Eb")).isEqualTo("a\\u202Eb");
        assertThat(TrackingLimits.abbreviate("x".repeat(100))).isEqualTo("x".repeat(57) + "... (100 characters)");
    }
}
