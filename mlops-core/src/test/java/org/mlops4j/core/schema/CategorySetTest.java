package org.mlops4j.core.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CategorySetTest {

    /** Labels drawn from a small alphabet, so that sets share members and probes collide. */
    private static String label(SplittableRandom rnd) {
        int length = 1 + rnd.nextInt(3);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append((char) ('a' + rnd.nextInt(4)));
        }
        return b.toString();
    }

    @Test
    void answersMembershipIteratesAndComparesAsASortedTreeSetOfTheSameValues() {
        SplittableRandom rnd = new SplittableRandom(21);
        for (int trial = 0; trial < 500; trial++) {
            List<String> drawn = new ArrayList<>();
            int n = 1 + rnd.nextInt(trial < 250 ? 8 : 60);
            for (int i = 0; i < n; i++) {
                drawn.add(label(rnd));
            }
            TreeSet<String> expected = new TreeSet<>(drawn);
            CategorySet set = CategorySet.of(drawn);
            assertThat(set).containsExactlyElementsOf(expected);
            assertThat(set.size()).isEqualTo(expected.size());
            assertThat(set.first()).isEqualTo(expected.first());
            assertThat(set.last()).isEqualTo(expected.last());
            assertThat(set).isEqualTo(expected);
            assertThat(expected).isEqualTo(set);
            assertThat(set.hashCode()).isEqualTo(expected.hashCode());
            for (int probe = 0; probe < 40; probe++) {
                String s = label(rnd);
                // A fresh String (not the member's own object): equality, not identity, decides.
                String copy = new String(s.toCharArray());
                assertThat(set.contains(copy)).as("contains(%s) in %s", s, expected).isEqualTo(expected.contains(s));
            }
        }
    }

    @Test
    void stringsWithTheSameHashAreToldApart() {
        // "Aa", "BB" and "C#" share String.hashCode 2112; so do "AaAa", "AaBB", "BBAa", "BBBB".
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode()).isEqualTo("C#".hashCode());
        CategorySet set = CategorySet.of(List.of("Aa", "BB", "AaAa", "BBBB"));
        assertThat(set.contains("Aa")).isTrue();
        assertThat(set.contains("BB")).isTrue();
        assertThat(set.contains("C#")).isFalse();
        assertThat(set.contains("AaAa")).isTrue();
        assertThat(set.contains("BBBB")).isTrue();
        assertThat(set.contains("AaBB")).isFalse();
        assertThat(set.contains("BBAa")).isFalse();
        assertThat(set).containsExactly("Aa", "AaAa", "BB", "BBBB");
    }

    @Test
    void holdsOnlyStrings() {
        CategorySet set = CategorySet.of(List.of("a", "b"));
        assertThat(set.contains(new StringBuilder("a"))).isFalse();
        assertThat(set.contains(null)).isFalse();
        assertThat(set.contains(1)).isFalse();
    }

    @Test
    void cannotBeChanged() {
        CategorySet set = CategorySet.of(List.of("b", "a"));
        assertThatThrownBy(() -> set.add("c")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> set.remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(set::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> set.retainAll(Set.of())).isInstanceOf(UnsupportedOperationException.class);
        Iterator<String> it = set.iterator();
        it.next();
        assertThatThrownBy(it::remove).isInstanceOf(UnsupportedOperationException.class);
        assertThat(set).containsExactly("a", "b");
        assertThatThrownBy(() -> set.headSet("b").add("0")).isInstanceOf(UnsupportedOperationException.class);
        // Even a change that would change nothing is refused, as by Collections.unmodifiableSortedSet.
        CategorySet empty = CategorySet.of(List.of());
        assertThatThrownBy(empty::clear).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("cannot be changed");
        assertThatThrownBy(() -> set.removeAll(Set.of("z"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> set.retainAll(Set.of("a", "b", "c"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> set.removeIf(s -> false)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> set.addAll(List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> set.remove("z")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void viewsAndEndsFollowTheNaturalOrder() {
        CategorySet set = CategorySet.of(List.of("d", "b", "a", "c", "b"));
        assertThat(set.comparator()).isNull();
        assertThat(set.toArray()).containsExactly("a", "b", "c", "d");
        assertThat(set.toArray(new String[0])).containsExactly("a", "b", "c", "d");
        assertThat(set.headSet("c")).containsExactly("a", "b");
        assertThat(set.tailSet("c")).containsExactly("c", "d");
        assertThat(set.subSet("b", "d")).containsExactly("b", "c");
        Iterator<String> it = set.iterator();
        for (int i = 0; i < 4; i++) {
            it.next();
        }
        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void anEmptySetIsShared() {
        CategorySet empty = CategorySet.of(List.of());
        assertThat(empty).isEmpty();
        assertThat(empty).isSameAs(CategorySet.of(Set.of()));
        assertThat(empty.contains("a")).isFalse();
        assertThatThrownBy(empty::first).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(empty::last).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void aFeatureKeepsItsCategoriesSortedAndReusesThemInItsCopies() {
        Feature country = Feature.categorical("country", Set.of("US", "DE", "FR"));
        assertThat(country.categories()).containsExactly("DE", "FR", "US");
        assertThat(country.categories()).isInstanceOf(SortedSet.class);
        assertThat(country.optional().categories()).isSameAs(country.categories());
        assertThat(country).isEqualTo(new Feature("country", FeatureType.CATEGORICAL, true,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, new TreeSet<>(Set.of("FR", "US", "DE"))));
        assertThat(country.classify("DE")).isNull();
        assertThat(country.classify(new StringBuilder("FR"))).isNull();
        assertThat(country.classify("IT")).isEqualTo(Rule.UNKNOWN_CATEGORY);
        assertThat(Feature.anyCategory("merchant").classify("anything")).isNull();
    }
}
