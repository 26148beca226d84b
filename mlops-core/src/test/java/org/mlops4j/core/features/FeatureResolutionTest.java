package org.mlops4j.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Which accessor a feature name resolves to, and what each reader says about itself: the rules
 * {@link FeatureExtractor#auto()} documents, one at a time.
 */
class FeatureResolutionTest {

    /** A record that also has a getter named like a component, and one that is not a component. */
    record Reading(double amount, String sensor) {
        public double getAmount() {
            return amount * 100;
        }

        public String getCountry() {
            return "not a component";
        }
    }

    /** A record whose component names are in snake case, as generated code sometimes has them. */
    record Snake(String new_customer, int tx_count) {
    }

    /** A bean whose accessors are plain methods named like the feature, without get or is. */
    public static final class Plain {
        public double amount() {
            return 7.5;
        }

        public String region() {
            return "EU";
        }
    }

    /** Members a feature must not resolve to: static members, void methods, Object's methods. */
    public static final class Noise {
        public static String channel = "static field";
        public String label = "instance field";

        public static double getScore() {
            return 99.0;
        }

        public void reset() {
        }

        public int getSize() {
            return 3;
        }
    }

    /** A bean with every spelling of one feature: the getter wins over is and the plain method. */
    public static final class Spellings {
        public String getState() {
            return "from getState";
        }

        public boolean isState() {
            return true;
        }

        public String state() {
            return "from state()";
        }

        public boolean isActive() {
            return true;
        }

        public String active() {
            return "from active()";
        }

        public String getNewCustomer() {
            return "camel getter";
        }

        public String new_customer() {
            return "exact name";
        }
    }

    @Test
    void aRecordIsReadThroughItsComponentsOnlyNotThroughGettersOfTheSameName() {
        FeatureReader<Object> reader = FeatureExtractor.auto().bind(List.of("amount", "sensor", "country"));
        Reading r = new Reading(2.5, "t-1");

        assertThat(reader.value(r, 0)).as("the component, not getAmount()").isEqualTo(2.5);
        assertThat(reader.value(r, 1)).isEqualTo("t-1");
        assertThat(reader.value(r, 2)).as("getCountry() is no component").isNull();
    }

    @Test
    void aRecordComponentIsFoundByTheCamelCaseOfASnakeOrKebabOrLeadingUnderscoreName() {
        FeatureReader<Reading> reader = FeatureExtractor.reflective(Reading.class)
                .bind(List.of("sensor", "_amount", "-sensor"));
        Reading r = new Reading(4.0, "t-2");

        assertThat(reader.toMap(r)).containsExactly(entry("sensor", "t-2"), entry("_amount", 4.0),
                entry("-sensor", "t-2"));
    }

    @Test
    void aRecordComponentNamedExactlyLikeTheFeatureIsFoundBeforeAnyCamelCaseSpelling() {
        FeatureReader<Object> reader = FeatureExtractor.auto().bind(List.of("tx_count", "new_customer", "newCustomer"));
        Snake s = new Snake("yes", 4);

        assertThat(reader.value(s, 0)).isEqualTo(4);
        assertThat(reader.value(s, 1)).isEqualTo("yes");
        assertThat(reader.value(s, 2)).as("camel case is looked for, never snake case").isNull();
    }

    @Test
    void snakeAndKebabCaseBothBecomeCamelCase() {
        assertThat(Names.camel("new_customer")).isEqualTo("newCustomer");
        assertThat(Names.camel("new-customer")).isEqualTo("newCustomer");
        assertThat(Names.camel("tx_last_24h")).isEqualTo("txLast24h");
        assertThat(Names.camel("_private")).as("a leading separator upper-cases nothing").isEqualTo("private");
        assertThat(Names.camel("a__b")).isEqualTo("aB");
        assertThat(Names.camel("plain")).isEqualTo("plain");
        assertThat(Names.capitalize("amount")).isEqualTo("Amount");
        assertThat(Names.capitalize("")).isEmpty();
    }

    @Test
    void aFeatureNamedOnlyBySeparatorsReadsAsMissing() {
        FeatureReader<Object> reader = FeatureExtractor.auto().bind(List.of("_", "-", "amount"));
        Plain p = new Plain();

        assertThat(reader.canRead(p)).isTrue();
        assertThat(reader.value(p, 0)).isNull();
        assertThat(reader.value(p, 1)).isNull();
        assertThat(reader.value(p, 2)).isEqualTo(7.5);
    }

    @Test
    void aPlainMethodNamedLikeTheFeatureIsAnAccessor() {
        FeatureReader<Plain> reader = FeatureExtractor.reflective(Plain.class).bind(List.of("amount", "region"));

        assertThat(reader.value(new Plain(), 0)).isEqualTo(7.5);
        assertThat(reader.value(new Plain(), 1)).isEqualTo("EU");
    }

    @Test
    void getterComesBeforeIsWhichComesBeforeThePlainMethodAndTheExactNameBeforeItsCamelCase() {
        FeatureReader<Spellings> reader = FeatureExtractor.reflective(Spellings.class)
                .bind(List.of("state", "active", "new_customer"));
        Spellings s = new Spellings();

        assertThat(reader.value(s, 0)).isEqualTo("from getState");
        assertThat(reader.value(s, 1)).isEqualTo(true);
        assertThat(reader.value(s, 2)).as("new_customer() matches the name itself before getNewCustomer()")
                .isEqualTo("exact name");
    }

    @Test
    void staticMembersVoidMethodsAndObjectsMethodsAreNotAccessors() {
        FeatureReader<Object> reader = FeatureExtractor.auto().bind(List.of("channel", "score", "reset", "class",
                "hash_code", "label", "size"));
        Noise n = new Noise();

        assertThat(reader.toMap(n)).containsExactly(new AbstractMap.SimpleEntry<>("channel", null),
                new AbstractMap.SimpleEntry<>("score", null), new AbstractMap.SimpleEntry<>("reset", null),
                new AbstractMap.SimpleEntry<>("class", null), new AbstractMap.SimpleEntry<>("hash_code", null),
                entry("label", "instance field"), entry("size", 3));
        FeatureReader<Object> onlyNoise = FeatureExtractor.auto().bind(List.of("channel", "score", "reset", "class"));
        assertThat(onlyNoise.canRead(n)).as("none of these features resolves").isFalse();
    }

    @Test
    void oneAutoReaderReadsInputsOfSeveralClassesInAnyOrder() {
        FeatureReader<Object> reader = FeatureExtractor.auto().bind(List.of("amount", "sensor", "region"));
        Reading r = new Reading(1.25, "t-3");
        Plain p = new Plain();

        for (int round = 0; round < 3; round++) {
            assertThat(reader.value(r, 0)).isEqualTo(1.25);
            assertThat(reader.value(p, 0)).isEqualTo(7.5);
            assertThat(reader.value(p, 2)).isEqualTo("EU");
            assertThat(reader.value(r, 1)).isEqualTo("t-3");
            assertThat(reader.value(Map.of("amount", 3.0), 0)).isEqualTo(3.0);
            assertThat(reader.value(r, 2)).isNull();
        }
    }

    @Test
    void eachReaderListsItsFeaturesAndSaysWhatItReads() {
        List<String> features = List.of("amount", "sensor");
        FeatureReader<Object> auto = FeatureExtractor.auto().bind(features);
        FeatureReader<Map<String, ?>> maps = FeatureExtractor.maps().bind(features);
        FeatureReader<Reading> typed = FeatureExtractor.reflective(Reading.class).bind(features);
        FeatureReader<Reading> fields = FeatureExtractor.fields(Reading.class,
                Map.<String, Function<Reading, Object>>of("amount", Reading::amount)).bind(features);

        for (FeatureReader<?> reader : List.of(auto, maps, typed, fields)) {
            assertThat(reader.features()).isEqualTo(features);
        }
        assertThat(auto).hasToString("FeatureReader[auto [amount, sensor]]");
        assertThat(maps).hasToString("FeatureReader[maps [amount, sensor]]");
        assertThat(typed).hasToString("FeatureReader[" + Reading.class.getName() + " [amount, sensor]]");
        assertThat(fields).hasToString("FeatureReader[" + Reading.class.getName() + " fields [amount, sensor]]");
    }

    @Test
    void mapsReadsMapsByKeyAndNothingElse() {
        FeatureReader<Map<String, ?>> reader = FeatureExtractor.maps().bind(List.of("amount", "sensor"));

        assertThat(reader.canRead(Map.of())).isTrue();
        assertThat(reader.canRead(Map.of("amount", 1.0))).isTrue();
        assertThat(reader.canRead(new Reading(1, "s"))).isFalse();
        assertThat(reader.canRead(null)).isFalse();
        assertThat(reader.value(Map.of("amount", 1.0, "sensor", "x"), 1)).isEqualTo("x");
        assertThat(reader.value(Map.of("amount", 1.0), 1)).isNull();
    }

    @Test
    void fieldsReadsInstancesOfItsTypeOnly() {
        FeatureReader<Reading> reader = FeatureExtractor.fields(Reading.class,
                Map.<String, Function<Reading, Object>>of("amount", Reading::amount)).bind(List.of("amount"));

        assertThat(reader.canRead(new Reading(5.0, "s"))).isTrue();
        assertThat(reader.canRead(new Plain())).isFalse();
        assertThat(reader.canRead(Map.of("amount", 5.0))).isFalse();
        assertThat(reader.canRead(null)).isFalse();
        assertThat(reader.value(new Reading(5.0, "s"), 0)).isEqualTo(5.0);
    }
}
