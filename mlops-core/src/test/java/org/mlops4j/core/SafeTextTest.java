package org.mlops4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SafeTextTest {

    @Test
    void namesRefuseEveryControlSeparatorAndBidirectionalCharacterAndAcceptEveryScript() {
        int refused = 0;
        for (char c = 0; c < 0x3000; c++) {
            String name = "a" + c + "b";
            try {
                SafeText.checkName("name", name);
            } catch (IllegalArgumentException e) {
                refused++;
                assertThat(e.getMessage()).startsWith("name must not contain").contains("at index 1");
            }
        }
        // C0 (32), DEL and C1 (33), U+061C, U+200E-U+200F, U+2028-U+202E, U+2066-U+2069.
        assertThat(refused).isEqualTo(32 + 33 + 1 + 2 + 7 + 4);
        assertThat(SafeText.checkName("name", "\u0643\u0634\u0641 \u00DC \u4E2D\u6587 \uD83D\uDE80"))
                .isEqualTo("\u0643\u0634\u0641 \u00DC \u4E2D\u6587 \uD83D\uDE80");
    }

    @Test
    void freeTextKeepsTabLineBreaksSeparatorsAndMarksButNotOverridesOrOtherControls() {
        String text = "line one\n\tline two\r\n\u2028\u200F\u200E\u061C";
        assertThat(SafeText.checkFreeText("reason", text)).isEqualTo(text);
        for (String bad : new String[] {"\u0000", "\u0007", "\u007F", "\u0085", "\u202A", "\u202E", "\u2066", "\u2069"}) {
            assertThatThrownBy(() -> SafeText.checkFreeText("reason", "x" + bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(String.format("U+%04X at index 1", (int) bad.charAt(0)));
        }
    }

    @Test
    void aQuotedValueIsEscapedAndCutWithoutSplittingASurrogatePair() {
        assertThat(SafeText.quote("a\u202Eb\nc")).isEqualTo("'a\\u202Eb\\u000Ac'");
        assertThat(SafeText.quote("x".repeat(60))).isEqualTo("'" + "x".repeat(60) + "'");
        assertThat(SafeText.quote("x".repeat(61))).isEqualTo("'" + "x".repeat(57) + "... (61 characters)'");
        // A rocket (two chars) straddling the cut is left out whole, not cut in half.
        String straddling = "x".repeat(56) + "\uD83D\uDE80" + "y".repeat(10);
        assertThat(SafeText.quote(straddling)).isEqualTo("'" + "x".repeat(56) + "... (68 characters)'");
        assertThat(SafeText.quote("a\uD800b")).isEqualTo("'a\\uD800b'");
        assertThat(SafeText.quote("\u202E".repeat(1000)).length()).isLessThan(400);
    }

    @Test
    void aNullIsRefusedNamingTheField() {
        assertThatThrownBy(() -> SafeText.checkName("actor", null))
                .isInstanceOf(NullPointerException.class).hasMessage("actor");
    }

    @Test
    void theMessageNamesTheFieldTheCharacterItsIndexAndTheRuleOfItsKind() {
        assertThatThrownBy(() -> SafeText.checkName("run name", "ab\u202Ec"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("run name must not contain control characters or bidirectional formatting characters"
                        + " but has U+202E at index 2: 'ab\\u202Ec'");
        assertThatThrownBy(() -> SafeText.checkFreeText("reason", "ok\n\u0007"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reason must not contain control characters or bidirectional formatting characters"
                        + " other than tab, line breaks and marks but has U+0007 at index 3: 'ok\\u000A\\u0007'");
    }

    @Test
    void quotingEscapesSeparatorsFormatCharactersAndOnlyUnpairedSurrogates() {
        // Line and paragraph separators, a zero-width space (a format character) and a C1 control.
        assertThat(SafeText.quote("a\u2028b\u2029c\u200Bd\u0085")).isEqualTo("'a\\u2028b\\u2029c\\u200Bd\\u0085'");
        // A pair is kept as it is, at the start and after another character.
        assertThat(SafeText.quote("\uD83D\uDE80")).isEqualTo("'\uD83D\uDE80'");
        assertThat(SafeText.quote("a\uD83D\uDE80b")).isEqualTo("'a\uD83D\uDE80b'");
        // A high surrogate at the end, or before another character; a low one at the start, or after another one.
        assertThat(SafeText.quote("a\uD83D")).isEqualTo("'a\\uD83D'");
        assertThat(SafeText.quote("\uD83Da")).isEqualTo("'\\uD83Da'");
        assertThat(SafeText.quote("\uDE80a")).isEqualTo("'\\uDE80a'");
        assertThat(SafeText.quote("a\uDE80")).isEqualTo("'a\\uDE80'");
        assertThat(SafeText.quote("\uDE80\uD83D")).isEqualTo("'\\uDE80\\uD83D'");
    }
}
