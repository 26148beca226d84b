package org.mlops4j.monitoring.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every bound a {@link WebhookConfig} checks, at its edge, its derived delivery budget and backoffs,
 * its redacted form, and the edges of the {@code Retry-After} values {@link RetryAfter} reads.
 */
class WebhookConfigBoundsTest {

    private static final Duration MS = Duration.ofMillis(1);
    private static final Duration S = Duration.ofSeconds(1);

    /** A config with the given numbers and no extra header. */
    private static WebhookConfig config(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff,
                                        Duration connectTimeout, Duration requestTimeout, int queueCapacity,
                                        Duration deliveryTimeout) {
        return new WebhookConfig(maxAttempts, initialBackoff, multiplier, maxBackoff, connectTimeout, requestTimeout,
                queueCapacity, deliveryTimeout, Map.of(), null);
    }

    private static WebhookConfig withHeaders(Map<String, String> headers) {
        return new WebhookConfig(1, MS, 1.0, MS, S, S, 1, S, headers, null);
    }

    @Test
    void maxAttemptsIsFromOneToAHundred() {
        assertThat(config(1, MS, 1.0, MS, S, S, 1, S).maxAttempts()).isEqualTo(1);
        assertThat(config(100, MS, 1.0, MS, S, S, 1, S).maxAttempts()).isEqualTo(100);
        assertThatThrownBy(() -> config(0, MS, 1.0, MS, S, S, 1, S)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAttempts must be in [1, 100] but was 0");
        assertThatThrownBy(() -> config(101, MS, 1.0, MS, S, S, 1, S)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAttempts must be in [1, 100] but was 101");
        // The derived budget is not computed (2^31 backoffs) for a count the config refuses.
        assertThatThrownBy(() -> new WebhookConfig(Integer.MAX_VALUE, MS, 2.0, S, S, S, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAttempts must be in [1, 100] but was 2147483647");
    }

    @Test
    void backoffsMayBeZeroAndNeverShrink() {
        assertThat(config(1, Duration.ZERO, 1.0, Duration.ZERO, S, S, 1, S).initialBackoff()).isZero();
        assertThatThrownBy(() -> config(1, Duration.ofNanos(-1), 1.0, MS, S, S, 1, S))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("initialBackoff must not be negative but was PT-0.000000001S");
        assertThat(config(1, MS, 1.0, MS, S, S, 1, S).maxBackoff()).isEqualTo(MS);
        assertThatThrownBy(() -> config(1, MS, 1.0, MS.minusNanos(1), S, S, 1, S))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBackoff must be >= initialBackoff PT0.001S but was PT0.000999999S");
        assertThat(config(1, MS, 1.0, MS, S, S, 1, S).backoffMultiplier()).isEqualTo(1.0);
        assertThatThrownBy(() -> config(1, MS, Math.nextDown(1.0), MS, S, S, 1, S))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backoffMultiplier must be finite and >= 1 but was 0.9999999999999999");
        assertThatThrownBy(() -> config(1, MS, Double.NaN, MS, S, S, 1, S))
                .hasMessage("backoffMultiplier must be finite and >= 1 but was NaN");
        assertThatThrownBy(() -> config(1, MS, Double.POSITIVE_INFINITY, MS, S, S, 1, S))
                .hasMessage("backoffMultiplier must be finite and >= 1 but was Infinity");
    }

    @Test
    void timeoutsMustBePositiveAndTheBudgetCoverOneRequest() {
        Duration ns = Duration.ofNanos(1);
        assertThat(config(1, MS, 1.0, MS, ns, ns, 1, ns).requestTimeout()).isEqualTo(ns);
        assertThatThrownBy(() -> config(1, MS, 1.0, MS, Duration.ZERO, S, 1, S))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("connectTimeout must be positive but was PT0S");
        assertThatThrownBy(() -> config(1, MS, 1.0, MS, S, Duration.ZERO, 1, S))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("requestTimeout must be positive but was PT0S");
        assertThatThrownBy(() -> config(1, MS, 1.0, MS, S.negated(), S, 1, S))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("connectTimeout must be positive but was PT-1S");
        assertThat(config(1, MS, 1.0, MS, S, S, 1, S).deliveryTimeout()).isEqualTo(S);
        assertThatThrownBy(() -> config(1, MS, 1.0, MS, S, S, 1, S.minusNanos(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("deliveryTimeout must be >= requestTimeout PT1S but was PT0.999999999S");
        assertThat(config(1, MS, 1.0, MS, S, S, 1, S).queueCapacity()).isEqualTo(1);
        assertThatThrownBy(() -> config(1, MS, 1.0, MS, S, S, 0, S)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("queueCapacity must be >= 1 but was 0");
    }

    @Test
    void aMissingSettingIsNamedByTheShortConstructorToo() {
        // The short constructor derives the budget before the checks run; a null still names its setting.
        assertThatThrownBy(() -> new WebhookConfig(3, null, 2.0, S, S, S, 1))
                .isInstanceOf(NullPointerException.class).hasMessage("initialBackoff");
        assertThatThrownBy(() -> new WebhookConfig(3, MS, 2.0, null, S, S, 1))
                .isInstanceOf(NullPointerException.class).hasMessage("maxBackoff");
        assertThatThrownBy(() -> new WebhookConfig(3, MS, 2.0, S, S, null, 1))
                .isInstanceOf(NullPointerException.class).hasMessage("requestTimeout");
        assertThatThrownBy(() -> new WebhookConfig(3, MS, 2.0, S, null, S, 1))
                .isInstanceOf(NullPointerException.class).hasMessage("connectTimeout");
        assertThatThrownBy(() -> config(1, MS, 1.0, MS, S, S, 1, null))
                .isInstanceOf(NullPointerException.class).hasMessage("deliveryTimeout");
        assertThatThrownBy(() -> withHeaders(null)).isInstanceOf(NullPointerException.class).hasMessage("headers");
        assertThatThrownBy(() -> WebhookConfig.ofDefaults().withHeader(null, "v"))
                .isInstanceOf(NullPointerException.class).hasMessage("header name");
    }

    @Test
    void theDefaultBudgetIsEveryAttemptAndEveryBackoffBetweenThem() {
        // 3 attempts of 1 s and the two 100 ms backoffs between them (a multiplier of exactly 1).
        assertThat(new WebhookConfig(3, Duration.ofMillis(100), 1.0, Duration.ofMillis(100), S, S, 1)
                .deliveryTimeout()).isEqualTo(Duration.ofMillis(3_200));
        // 4 attempts of 2 s; backoffs of 100, 300 and 500 ms (900 capped at the 500 ms maximum).
        assertThat(new WebhookConfig(4, Duration.ofMillis(100), 3.0, Duration.ofMillis(500), S, Duration.ofSeconds(2), 1)
                .deliveryTimeout()).isEqualTo(Duration.ofMillis(8_900));
        // A hundred attempts of 1 s and 99 backoffs of 1 ms.
        assertThat(new WebhookConfig(100, MS, 1.0, MS, S, S, 1).deliveryTimeout()).isEqualTo(Duration.ofMillis(100_099));
        // One attempt: no backoff, the request timeout alone.
        assertThat(new WebhookConfig(1, Duration.ofSeconds(7), 2.0, Duration.ofSeconds(7), S, Duration.ofSeconds(2), 1)
                .deliveryTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void backoffGrowsByTheMultiplierFromTheFirstRetryUpToTheMaximum() {
        WebhookConfig c = new WebhookConfig(5, Duration.ofMillis(100), 3.0, Duration.ofMillis(500), S, S, 1);
        assertThat(c.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(c.backoff(2)).isEqualTo(Duration.ofMillis(300));
        assertThat(c.backoff(3)).isEqualTo(Duration.ofMillis(500));
        assertThat(c.backoff(99)).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> c.backoff(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retry must be >= 1 but was 0");
        // A backoff too long for nanoseconds (292 years) is the maximum, not an ArithmeticException.
        Duration eons = Duration.ofSeconds(Long.MAX_VALUE / 10);
        assertThat(new WebhookConfig(1, eons, 1.0, eons, S, S, 1).backoff(1)).isEqualTo(eons);
    }

    @Test
    void headerNamesAreHttpTokens() {
        // Every kind of token character, at the edges of each range.
        String token = "azAZ09!#$%&'*+-.^_`|~";
        assertThat(withHeaders(Map.of(token, "v")).headers()).containsOnlyKeys(token);
        for (String name : new String[] {"a", "z", "A", "Z", "0", "9", "!", "~"}) {
            assertThat(withHeaders(Map.of(name, "v")).headers()).containsOnlyKeys(name);
        }
        for (String name : new String[] {"", "X{", "X@", "X:", "X/", "X\u00e9", "X[", "X\"", "X,"}) {
            assertThatThrownBy(() -> withHeaders(Map.of(name, "v"))).as(name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("headers name must be an HTTP token (letters, digits and !#$%&'*+-.^_`|~) but was \""
                            + name + "\"");
        }
    }

    @Test
    void longHeaderNamesAreCutInMessagesAfterSixtyCharacters() {
        String sixty = "X" + "a".repeat(58) + " ";
        assertThatThrownBy(() -> withHeaders(Map.of(sixty, "v")))
                .hasMessage("headers name must be an HTTP token (letters, digits and !#$%&'*+-.^_`|~) but was \""
                        + sixty + "\"");
        String sixtyOne = "X" + "a".repeat(59) + " ";
        assertThatThrownBy(() -> withHeaders(Map.of(sixtyOne, "v")))
                .hasMessage("headers name must be an HTTP token (letters, digits and !#$%&'*+-.^_`|~) but was \""
                        + sixtyOne.substring(0, 57) + "... (61 characters)\"");
    }

    @Test
    void atMostFiftyHeaders() {
        Map<String, String> fifty = new LinkedHashMap<>();
        for (int i = 0; i < WebhookConfig.MAX_HEADERS; i++) {
            fifty.put("X-" + i, "v" + i);
        }
        assertThat(withHeaders(fifty).headers()).hasSize(50).containsEntry("X-49", "v49");
        fifty.put("X-50", "v50");
        assertThatThrownBy(() -> withHeaders(fifty)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("headers must have at most 50 entries but had 51");
    }

    @Test
    void headerValuesAreLatin1WithoutControlCharactersButATab() {
        for (String allowed : new String[] {" ", "\t", "~", "\u0080", "\u00ff", "a b\tc"}) {
            assertThat(withHeaders(Map.of("X-V", allowed)).headers()).containsEntry("X-V", allowed);
        }
        for (String refused : new String[] {"ab\u001f", "ab\u007f", "ab\u0100", "ab\u0000"}) {
            assertThatThrownBy(() -> withHeaders(Map.of("X-V", refused))).as(refused)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("value of header X-V must not contain a control or non-Latin-1 character but has one "
                            + "at index 2 (value not shown)");
        }
    }

    @Test
    void aSigningSecretIsNullOrNotEmpty() {
        assertThat(WebhookConfig.ofDefaults().withSigningSecret("k").signingSecret()).isEqualTo("k");
        assertThat(WebhookConfig.ofDefaults().withSigningSecret("k").withSigningSecret(null).signingSecret()).isNull();
    }

    @Test
    void toStringShowsEverySettingAndNoSecret() {
        WebhookConfig c = new WebhookConfig(3, Duration.ofMillis(100), 1.5, Duration.ofSeconds(2), S,
                Duration.ofSeconds(4), 7).withHeader("Authorization", "Bearer t0k").withHeader("X-Team", "ops")
                .withSigningSecret("s3cret");
        assertThat(c).hasToString("WebhookConfig[maxAttempts=3, initialBackoff=PT0.1S, backoffMultiplier=1.5, "
                + "maxBackoff=PT2S, connectTimeout=PT1S, requestTimeout=PT4S, queueCapacity=7, "
                + "deliveryTimeout=PT12.25S, headers={Authorization=***, X-Team=***}, signingSecret=***]");
    }

    @Test
    void retryAfterDeltaSecondsAreCappedAtTwoToThe30() {
        Instant now = Instant.parse("2024-01-01T00:00:00Z");
        long max = 1L << 30;
        assertThat(RetryAfter.parse("1073741823", now)).contains(Duration.ofSeconds(max - 1));
        assertThat(RetryAfter.parse("1073741824", now)).contains(Duration.ofSeconds(max));
        // Ten digits are read as a number (and capped); more are the cap without parsing.
        assertThat(RetryAfter.parse("9999999999", now)).contains(Duration.ofSeconds(max));
        assertThat(RetryAfter.parse("0000000005", now)).contains(Duration.ofSeconds(5));
        assertThat(RetryAfter.parse("9", now)).contains(Duration.ofSeconds(9));
        assertThat(RetryAfter.parse("/5", now)).isEmpty();
        assertThat(RetryAfter.parse(":5", now)).isEmpty();
        assertThat(RetryAfter.parse("00", now)).contains(Duration.ZERO);
        // A date exactly now asks for no wait.
        assertThat(RetryAfter.parse("Mon, 01 Jan 2024 00:00:00 GMT", now)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("Mon, 01 Jan 2024 00:00:01 GMT", now)).contains(S);
    }

    @Test
    void aRetryAfterWithLeadingZerosIsReadAsItsNumber() {
        // delta-seconds is 1*DIGIT: eleven digits may still be five seconds, not the 2^30 s cap.
        Instant now = Instant.parse("2024-01-01T00:00:00Z");
        assertThat(RetryAfter.parse("00000000005", now)).contains(Duration.ofSeconds(5));
        assertThat(RetryAfter.parse("0000000000000000000000120", now)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse("0000000000010000000000", now)).contains(Duration.ofSeconds(1L << 30));
    }
}
