package org.mlops4j.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

/** The stored form of a rollout's state: its encoding, its format line and the errors of decoding. */
class RolloutStateTest {

    private static final Instant STARTED = Instant.parse("2025-09-01T08:30:00Z");

    private static String text(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    private static final String[] VALID = {"format=1", "status=RUNNING", "step=2", "stepStarted=2025-09-01T08:30:00Z",
            "failures=1", "inconclusive=0", "salt=s1", "reason="};

    private static String replacing(String key, String line) {
        String[] lines = VALID.clone();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith(key + "=")) {
                lines[i] = line;
            }
        }
        return text(lines);
    }

    @Test
    void encodesEveryFieldByNameInAFixedOrder() {
        RolloutState s = new RolloutState(RolloutStatus.ROLLED_BACK, 3, STARTED, 2, 1, "abc", "critical check failed");

        assertThat(s.encode()).isEqualTo(text("format=1", "status=ROLLED_BACK", "step=3",
                "stepStarted=2025-09-01T08:30:00Z", "failures=2", "inconclusive=1", "salt=abc",
                "reason=critical check failed"));
        assertThat(RolloutState.decode(s.encode())).isEqualTo(s);
    }

    @Test
    void backslashesAndNewlinesSurviveTheRoundTrip() {
        RolloutState s = new RolloutState(RolloutStatus.PAUSED, 0, STARTED, 0, 0, "C:\\new\\table\\",
                "two\nlines and a \\n that is not a newline");

        String encoded = s.encode();

        assertThat(encoded).contains("salt=C:\\\\new\\\\table\\\\\n")
                .contains("reason=two\\nlines and a \\\\n that is not a newline\n");
        assertThat(RolloutState.decode(encoded)).isEqualTo(s);
    }

    @Test
    void aLoneTrailingBackslashWrittenByHandIsKept() {
        assertThat(RolloutState.decode(replacing("reason", "reason=ends with \\")).reason()).isEqualTo("ends with \\");
        assertThat(RolloutState.decode(replacing("salt", "salt=\\t\\x")).salt()).as("an escaped character is itself")
                .isEqualTo("tx");
    }

    @Test
    void missingFormatReadsAsOneAndAnyOtherFormatIsRefused() {
        String noFormat = text(java.util.Arrays.copyOfRange(VALID, 1, VALID.length));

        assertThat(RolloutState.decode(noFormat)).isEqualTo(RolloutState.decode(text(VALID)));
        assertThatThrownBy(() -> RolloutState.decode(replacing("format", "format=2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rollout state format 2 is not one this library reads (1): upgrade mlops4j to follow this "
                        + "rollout");
        assertThatThrownBy(() -> RolloutState.decode(replacing("format", "format=01")))
                .hasMessageStartingWith("rollout state format 01 is not one");
        assertThatThrownBy(() -> RolloutState.decode(replacing("format", "format=")))
                .hasMessageStartingWith("rollout state format  is not one");
    }

    @Test
    void blankLinesAndUnknownFieldsAreIgnored() {
        String withExtras = "\n" + String.join("\n\n", VALID) + "\nfuture=field\n=no key\n";

        assertThat(RolloutState.decode(withExtras)).isEqualTo(new RolloutState(RolloutStatus.RUNNING, 2, STARTED, 1, 0,
                "s1", ""));
    }

    @Test
    void aValueMayContainEqualsSigns() {
        assertThat(RolloutState.decode(replacing("salt", "salt=a=b==")).salt()).isEqualTo("a=b==");
    }

    @Test
    void aLineWithoutEqualsSignIsRefusedQuotingIt() {
        assertThatThrownBy(() -> RolloutState.decode(replacing("step", "step 2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rollout state line has no '=': 'step 2'");
    }

    @Test
    void eachMissingFieldIsNamed() {
        for (String key : new String[] {"status", "step", "stepStarted", "failures", "inconclusive", "salt", "reason"}) {
            StringBuilder without = new StringBuilder();
            for (String line : VALID) {
                if (!line.startsWith(key + "=")) {
                    without.append(line).append('\n');
                }
            }
            assertThatThrownBy(() -> RolloutState.decode(without.toString())).as(key)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("rollout state has no field '" + key + "'").hasNoCause();
        }
    }

    @Test
    void aMalformedValueIsRefusedQuotingTheStateWithTheParseErrorAsCause() {
        assertThatThrownBy(() -> RolloutState.decode(replacing("status", "status=FLYING")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("rollout state is malformed: format=1 status=FLYING step=2 ")
                .cause().isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FLYING");
        assertThatThrownBy(() -> RolloutState.decode(replacing("step", "step=two")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("rollout state is malformed")
                .hasCauseInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> RolloutState.decode(replacing("stepStarted", "stepStarted=yesterday")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("rollout state is malformed")
                .hasCauseInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> RolloutState.decode(replacing("failures", "failures=-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("rollout state is malformed")
                .cause().hasMessage("step, failures and inconclusive must not be negative but were 2, -1, 0");
    }

    @Test
    void countsMustNotBeNegativeAndZeroIsFine() {
        assertThat(new RolloutState(RolloutStatus.RUNNING, 0, STARTED, 0, 0, "", "").step()).isZero();
        assertThatThrownBy(() -> new RolloutState(RolloutStatus.RUNNING, -1, STARTED, 0, 0, "", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("step, failures and inconclusive must not be negative but were -1, 0, 0");
        assertThatThrownBy(() -> new RolloutState(RolloutStatus.RUNNING, 0, STARTED, -1, 0, "", ""))
                .hasMessage("step, failures and inconclusive must not be negative but were 0, -1, 0");
        assertThatThrownBy(() -> new RolloutState(RolloutStatus.RUNNING, 0, STARTED, 0, -1, "", ""))
                .hasMessage("step, failures and inconclusive must not be negative but were 0, 0, -1");
        assertThatThrownBy(() -> new RolloutState(RolloutStatus.RUNNING, 0, STARTED, 0, 0, null, ""))
                .isInstanceOf(NullPointerException.class).hasMessage("salt");
    }

    @Test
    void withKeepsTheSalt() {
        RolloutState s = new RolloutState(RolloutStatus.RUNNING, 0, STARTED, 0, 0, "salty", "");
        RolloutState next = s.with(RolloutStatus.PROMOTED, 1, STARTED.plusSeconds(60), 0, 2, "passed");

        assertThat(next).isEqualTo(new RolloutState(RolloutStatus.PROMOTED, 1, STARTED.plusSeconds(60), 0, 2, "salty",
                "passed"));
    }
}
