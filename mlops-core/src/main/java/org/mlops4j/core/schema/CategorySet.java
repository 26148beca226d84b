package org.mlops4j.core.schema;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The allowed values of a categorical {@link Feature}: an immutable set of strings in their natural
 * order (as a {@code TreeSet} iterates them) whose {@link #contains} is one hash probe rather than a
 * walk down a tree. A monitor classifies every categorical value of every prediction on the serving
 * thread, so the membership test is the hot part; a red-black tree's few string comparisons and
 * pointer reads are what it replaces. Thread-safe (immutable).
 */
final class CategorySet extends AbstractSet<String> implements SortedSet<String> {

    private static final CategorySet EMPTY = new CategorySet(new String[0]);

    /** The values, sorted. */
    private final String[] sorted;
    /** Open addressing, linear probing, a power of two at least twice the size (null = free slot). */
    private final String[] table;
    private final int mask;

    private CategorySet(String[] sorted) {
        this.sorted = sorted;
        int capacity = Integer.highestOneBit(Math.max(2, sorted.length * 2 - 1)) << 1;
        this.table = new String[capacity];
        this.mask = capacity - 1;
        for (String s : sorted) {
            int i = slot(s.hashCode());
            while (table[i] != null) {
                i = (i + 1) & mask;
            }
            table[i] = s;
        }
    }

    /**
     * The values of {@code values}, sorted and without duplicates.
     *
     * @param values the categories; none may be null (checked by the caller)
     * @return the set, shared when empty
     */
    static CategorySet of(Collection<String> values) {
        if (values instanceof CategorySet c) {
            return c;
        }
        if (values.isEmpty()) {
            return EMPTY;
        }
        return new CategorySet(new TreeSet<>(values).toArray(new String[0]));
    }

    /** Spreads the string's hash so that similar labels ("a", "b", ...) land apart in a small table. */
    private int slot(int hash) {
        int h = hash * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }

    @Override
    public boolean contains(Object o) {
        if (!(o instanceof String s)) {
            return false;
        }
        String[] t = table;
        int i = slot(s.hashCode());
        for (String c = t[i]; c != null; c = t[i]) {
            if (c == s || c.equals(s)) {
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    @Override
    public int size() {
        return sorted.length;
    }

    @Override
    public Iterator<String> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < sorted.length;
            }

            @Override
            public String next() {
                if (next >= sorted.length) {
                    throw new NoSuchElementException();
                }
                return sorted[next++];
            }
        };
    }

    // Every mutator refuses, even when it would change nothing, as the unmodifiable set this replaces did.

    @Override
    public boolean add(String e) {
        throw unmodifiable();
    }

    @Override
    public boolean remove(Object o) {
        throw unmodifiable();
    }

    @Override
    public boolean addAll(Collection<? extends String> c) {
        throw unmodifiable();
    }

    @Override
    public boolean removeAll(Collection<?> c) {
        throw unmodifiable();
    }

    @Override
    public boolean retainAll(Collection<?> c) {
        throw unmodifiable();
    }

    @Override
    public boolean removeIf(Predicate<? super String> filter) {
        throw unmodifiable();
    }

    @Override
    public void clear() {
        throw unmodifiable();
    }

    private static UnsupportedOperationException unmodifiable() {
        return new UnsupportedOperationException("a feature's categories cannot be changed");
    }

    @Override
    public Object[] toArray() {
        return Arrays.copyOf(sorted, sorted.length, Object[].class);
    }

    /** @return null: the natural order of strings */
    @Override
    public Comparator<? super String> comparator() {
        return null;
    }

    @Override
    public SortedSet<String> subSet(String fromElement, String toElement) {
        return Collections.unmodifiableSortedSet(tree().subSet(fromElement, toElement));
    }

    @Override
    public SortedSet<String> headSet(String toElement) {
        return Collections.unmodifiableSortedSet(tree().headSet(toElement));
    }

    @Override
    public SortedSet<String> tailSet(String fromElement) {
        return Collections.unmodifiableSortedSet(tree().tailSet(fromElement));
    }

    private TreeSet<String> tree() {
        return new TreeSet<>(Arrays.asList(sorted));
    }

    @Override
    public String first() {
        if (sorted.length == 0) {
            throw new NoSuchElementException("the category set is empty");
        }
        return sorted[0];
    }

    @Override
    public String last() {
        if (sorted.length == 0) {
            throw new NoSuchElementException("the category set is empty");
        }
        return sorted[sorted.length - 1];
    }
}
