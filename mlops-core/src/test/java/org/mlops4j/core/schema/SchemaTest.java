package org.mlops4j.core.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.InvalidInputException;

class SchemaTest {

    private final Schema schema = Schema.of(
            Feature.numeric("amount").withRange(0, 10_000),
            Feature.categorical("country", Set.of("DE", "FR", "US")),
            Feature.bool("new_customer"),
            Feature.numeric("age").optional(),
            Feature.anyCategory("merchant").optional());

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void classifyNamesTheBrokenRuleWithoutAllocatingAViolation() {
        Feature amount = Feature.numeric("amount").withRange(0, 10).optional();
        Feature country = Feature.categorical("country", Set.of("DE", "FR"));
        Feature flag = Feature.bool("flag");
        assertThat(amount.classify(null)).isEqualTo(Rule.MISSING);
        assertThat(amount.classify(5)).isNull();
        assertThat(amount.classify(11.0)).isEqualTo(Rule.OUT_OF_RANGE);
        assertThat(amount.classify(Double.NaN)).isEqualTo(Rule.NON_FINITE);
        assertThat(amount.classify("5")).isEqualTo(Rule.WRONG_TYPE);
        assertThat(amount.classify(true)).isEqualTo(Rule.WRONG_TYPE);
        assertThat(country.classify("DE")).isNull();
        assertThat(country.classify("IT")).isEqualTo(Rule.UNKNOWN_CATEGORY);
        assertThat(country.classify(3)).isEqualTo(Rule.WRONG_TYPE);
        assertThat(flag.classify(false)).isNull();
        assertThat(flag.classify("false")).isEqualTo(Rule.WRONG_TYPE);
        // validate() still reports a missing value only for required features.
        Schema schema = Schema.of(amount, country);
        Map<String, Object> row = new HashMap<>();
        row.put("country", "IT");
        assertThat(schema.validate(row)).extracting(Violation::field, Violation::rule)
                .containsExactly(tuple("country", Rule.UNKNOWN_CATEGORY));
    }

    @Test
    void validRowHasNoViolations() {
        assertThat(schema.validate(row("amount", 12.5, "country", "DE", "new_customer", false))).isEmpty();
        assertThat(schema.validate(row("amount", 0, "country", "US", "new_customer", true, "age", 31L,
                "merchant", "acme"))).isEmpty();
    }

    @Test
    void reportsEveryViolationWithFieldValueAndRule() {
        Map<String, Object> bad = row("amount", 12_000.0, "country", "XX", "new_customer", "yes", "age", Double.NaN,
                "colour", "red");

        assertThat(schema.validate(bad))
                .extracting(Violation::field, Violation::value, Violation::rule)
                .containsExactly(
                        tuple("amount", 12_000.0, Rule.OUT_OF_RANGE),
                        tuple("country", "XX", Rule.UNKNOWN_CATEGORY),
                        tuple("new_customer", "yes", Rule.WRONG_TYPE),
                        tuple("age", Double.NaN, Rule.NON_FINITE),
                        tuple("colour", "red", Rule.UNEXPECTED_FEATURE));
    }

    @Test
    void missingAndNullRequiredFeaturesAreMissing() {
        Map<String, Object> r = new HashMap<>();
        r.put("amount", null);
        r.put("new_customer", true);
        assertThat(schema.validate(r))
                .extracting(Violation::field, Violation::rule)
                .containsExactly(tuple("amount", Rule.MISSING), tuple("country", Rule.MISSING));
    }

    @Test
    void wrongTypesAreReported() {
        assertThat(schema.validate(row("amount", "12", "country", 3, "new_customer", 1)))
                .extracting(Violation::rule)
                .containsOnly(Rule.WRONG_TYPE)
                .hasSize(3);
        // A Boolean is not a number, even though Tribuo encodes it as one.
        assertThat(schema.validate(row("amount", true, "country", "DE", "new_customer", true)))
                .extracting(Violation::field).containsExactly("amount");
    }

    @Test
    void rangeBoundsAreInclusiveAndInfinitiesAreNonFinite() {
        assertThat(schema.validate(row("amount", 10_000, "country", "DE", "new_customer", true))).isEmpty();
        assertThat(schema.validate(row("amount", -0.01, "country", "DE", "new_customer", true)))
                .extracting(Violation::rule).containsExactly(Rule.OUT_OF_RANGE);
        assertThat(schema.validate(row("amount", Double.POSITIVE_INFINITY, "country", "DE", "new_customer", true)))
                .extracting(Violation::rule).containsExactly(Rule.NON_FINITE);
    }

    @Test
    void strictModeThrowsNamingEveryViolation() {
        assertThatThrownBy(() -> schema.requireValid(row("amount", -5.0, "country", "XX", "new_customer", true)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("2 violations")
                .hasMessageContaining("amount=-5.0 OUT_OF_RANGE (must be in [0.0, 10000.0])")
                .hasMessageContaining("country=XX UNKNOWN_CATEGORY (must be one of [DE, FR, US])")
                .satisfies(e -> assertThat(((InvalidInputException) e).violations()).hasSize(2));
        Map<String, Object> ok = row("amount", 5.0, "country", "FR", "new_customer", true);
        assertThat(schema.requireValid(ok)).isSameAs(ok);
    }

    @Test
    void unexpectedFeaturesCanBeAllowed() {
        Schema lenient = schema.allowingUnexpectedFeatures();
        assertThat(lenient.allowsUnexpectedFeatures()).isTrue();
        assertThat(lenient.validate(row("amount", 1, "country", "DE", "new_customer", true, "extra", 1))).isEmpty();
    }

    @Test
    void featuresCanBeReplacedAddedAndRemoved() {
        Schema s = schema.with(Feature.numeric("amount").withRange(0, 50)).with(Feature.bool("vip").optional())
                .without("merchant");
        assertThat(s.features()).extracting(Feature::name)
                .containsExactly("amount", "country", "new_customer", "age", "vip");
        assertThat(s.feature("amount")).hasValueSatisfying(f -> assertThat(f.max()).isEqualTo(50.0));
        assertThat(s.feature("merchant")).isEmpty();
        assertThatThrownBy(() -> s.without("nope")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> Schema.of(Feature.numeric("x")).without("x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
    }

    @Test
    void badSchemasAreRefused() {
        assertThatThrownBy(() -> Schema.of(Feature.numeric("a"), Feature.bool("a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a' appears twice");
        assertThatThrownBy(Schema::of).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
        assertThatThrownBy(() -> Feature.numeric("a").withRange(5, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[5.0, 1.0]");
        assertThatThrownBy(() -> Feature.numeric("a").withRange(Double.NaN, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> Feature.bool("b").withRange(0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only NUMERIC");
        assertThatThrownBy(() -> Feature.categorical("c", Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("anyCategory");
        assertThatThrownBy(() -> Feature.numeric(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> Feature.numeric(null)).isInstanceOf(NullPointerException.class).hasMessage("name");
        assertThatThrownBy(() -> schema.validate(null)).isInstanceOf(NullPointerException.class).hasMessage("row");
    }

    @Test
    void equalSchemasAreEqual() {
        Schema a = Schema.of(Feature.numeric("x").withRange(0, 1), Feature.categorical("c", Set.of("b", "a")));
        Schema b = Schema.of(Feature.numeric("x").withRange(0, 1), Feature.categorical("c", Set.of("a", "b")));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(a.allowingUnexpectedFeatures());
        assertThat(a.feature("c").orElseThrow().categories()).containsExactly("a", "b");
    }
}
