package org.mlops4j.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dictionary-encoded path gives exactly the result of the label path, whatever the dictionary's
 * order and however many of its labels go unused.
 */
class CategoryCodesTest {

    static Stream<Arguments> referenceCases() {
        return DriftTestsReferenceTest.categoricalCases();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("referenceCases")
    void codesPathEqualsLabelPathOnTheReferenceSuite(String test, String caseId, String[] ref, String[] cur,
                                                     JsonNode expected) {
        CategoricalDriftTest t = DriftTests.categorical(test);
        DriftResult labels = t.test(ref, cur);
        assertThat(t.test(CategoryCodes.encode(ref), CategoryCodes.encode(cur))).isEqualTo(labels);
        assertThat(t.test(shuffledDictionary(ref, 7), shuffledDictionary(cur, 11))).isEqualTo(labels);
    }

    @Test
    void codesPathEqualsLabelPathForEveryTestAndTheAutomaticChoice() {
        SplittableRandom rnd = new SplittableRandom(21);
        for (int n : new int[] {40, 900, 5000}) {
            for (int categories : new int[] {2, 3, 30}) {
                String[] ref = labels(rnd, n, categories, 0);
                String[] cur = labels(rnd, n + 17, categories + 1, 1);
                for (String name : DriftTests.categoricalNames()) {
                    CategoricalDriftTest t = DriftTests.categorical(name);
                    if (name.equals("z") && categories > 1) {
                        continue;
                    }
                    assertThat(t.test(shuffledDictionary(ref, n), shuffledDictionary(cur, categories)))
                            .as("%s, %d values, %d categories", name, n, categories)
                            .isEqualTo(t.test(ref, cur));
                }
                CategoricalDriftTest auto = DriftTests.auto(CategoryCodes.encode(ref));
                assertThat(auto.name()).isEqualTo(DriftTests.auto(ref).name());
                assertThat(auto.test(CategoryCodes.encode(ref), CategoryCodes.encode(cur)))
                        .isEqualTo(DriftTests.auto(ref).test(ref, cur));
            }
        }
    }

    @Test
    void zOrChiSquareSwitchesOnTheCodesAsOnTheLabels() {
        String[] ref = {"a", "b", "a", "a", "b"};
        String[] cur = {"a", "c", "b", "c", "c"};
        CategoricalDriftTest auto = DriftTests.auto(CategoryCodes.encode(ref));
        DriftResult r = auto.test(CategoryCodes.encode(ref), CategoryCodes.encode(cur));
        assertThat(r.method()).isEqualTo("chisquare");
        assertThat(r).isEqualTo(DriftTests.auto(ref).test(ref, cur));
        String[] two = {"b", "a", "b"};
        assertThat(auto.test(CategoryCodes.encode(ref), CategoryCodes.encode(two)).method()).isEqualTo("z");
    }

    @Test
    void encodingKeepsTheValuesAndCountsInFirstSeenOrder() {
        CategoryCodes codes = CategoryCodes.encode(new String[] {"x", "y", "x", "z", "x"});
        assertThat(codes.dictionary()).containsExactly("x", "y", "z");
        assertThat(codes.codes()).containsExactly(0, 1, 0, 2, 0);
        assertThat(codes.labels()).containsExactly("x", "y", "x", "z", "x");
        assertThat(codes.size()).isEqualTo(5);
        CategoryCodes given = CategoryCodes.of(List.of("unused", "z", "x"), new int[] {1, 2, 2});
        assertThat(given.counts()).containsExactly(java.util.Map.entry("z", 1L), java.util.Map.entry("x", 2L));
        assertThat(given).hasToString("CategoryCodes[size=3, categories=2]");
    }

    @Test
    void badDictionariesAndCodesAreRejectedByName() {
        assertThatThrownBy(() -> CategoryCodes.of(List.of("a", "b"), new int[] {0, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("codes[1] must be in [0, 2) but was 2");
        assertThatThrownBy(() -> CategoryCodes.of(List.of("a"), new int[] {-1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("codes[0] must be in [0, 1) but was -1");
        assertThatThrownBy(() -> CategoryCodes.of(List.of("a", "b", "a"), new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dictionary labels must be distinct but 'a' repeats at dictionary[2]");
        assertThatThrownBy(() -> CategoryCodes.of(java.util.Arrays.asList("a", null), new int[] {0}))
                .isInstanceOf(NullPointerException.class).hasMessage("dictionary[1]");
        assertThatThrownBy(() -> CategoryCodes.encode(new String[] {"a", null}))
                .isInstanceOf(NullPointerException.class).hasMessage("labels[1] must not be null");
        CategoryCodes empty = CategoryCodes.of(List.of("a"), new int[0]);
        CategoryCodes one = CategoryCodes.encode(new String[] {"a"});
        CategoricalDriftTest chi = DriftTests.categorical("chisquare");
        assertThatThrownBy(() -> chi.test(empty, one)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reference sample must not be empty");
        assertThatThrownBy(() -> chi.test(one, empty)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("current sample must not be empty");
        assertThatThrownBy(() -> DriftTests.auto(empty)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reference sample must not be empty");
        // The label path refuses the same samples with the same messages.
        assertThatThrownBy(() -> chi.test(new String[0], new String[] {"a"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("reference sample must not be empty");
        assertThatThrownBy(() -> chi.test(new String[] {"a"}, new String[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("current sample must not be empty");
    }

    @Test
    void aTestOfItsOwnGetsTheDecodedLabelsByDefault() {
        CategoricalDriftTest first = new CategoricalDriftTest() {
            @Override
            public String name() {
                return "first";
            }

            @Override
            public DriftResult test(String[] reference, String[] current) {
                return new DriftResult("first", reference.length * 10 + current.length,
                        reference[1].equals(current[0]) ? 0.0 : 1.0, 0.5, false);
            }
        };
        DriftResult r = first.test(CategoryCodes.of(List.of("p", "q"), new int[] {0, 1, 1}),
                CategoryCodes.of(List.of("q"), new int[] {0}));
        assertThat(r.statistic()).isEqualTo(31.0);
        assertThat(r.pValue()).isEqualTo(0.0);
    }

    /** The labels encoded against a dictionary of their labels in shuffled order, plus an unused label. */
    private static CategoryCodes shuffledDictionary(String[] labels, long seed) {
        List<String> dictionary = new ArrayList<>(List.of(CategoryCodes.encode(labels).dictionary().toArray(new String[0])));
        dictionary.add("\u0000never used");
        Collections.shuffle(dictionary, new java.util.Random(seed));
        int[] codes = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            codes[i] = dictionary.indexOf(labels[i]);
        }
        return CategoryCodes.of(dictionary, codes);
    }

    private static String[] labels(SplittableRandom rnd, int n, int categories, int shift) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            int k = Math.min(categories - 1, (int) (-Math.log(1 - rnd.nextDouble()) * 2) + (rnd.nextInt(4) == 0 ? shift : 0));
            out[i] = new String("c" + k);
        }
        return out;
    }
}
