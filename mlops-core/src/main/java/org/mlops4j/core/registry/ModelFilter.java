package org.mlops4j.core.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A search over model versions: an optional name pattern, tags that must all match, and an
 * optional status. All given conditions must hold (AND).
 *
 * <p>The name pattern follows SQL {@code LIKE}: {@code %} matches any run of characters,
 * {@code _} exactly one, everything else itself, case-sensitively. So {@code fraud%} finds
 * {@code fraud} and {@code fraud-eu}. Immutable and thread-safe.
 */
public final class ModelFilter {

    private static final ModelFilter ALL = new ModelFilter(null, Map.of(), null);

    private final String nameLike;
    private final Map<String, String> tags;
    private final ModelStatus status;
    private final Pattern namePattern;

    private ModelFilter(String nameLike, Map<String, String> tags, ModelStatus status) {
        this.nameLike = nameLike;
        this.tags = tags;
        this.status = status;
        this.namePattern = nameLike == null ? null : likeToRegex(nameLike);
    }

    /** @return a filter that matches every version */
    public static ModelFilter all() {
        return ALL;
    }

    /**
     * Returns this filter restricted to names matching a {@code LIKE} pattern.
     *
     * @param pattern the pattern, for example {@code fraud%}
     * @return a new filter
     * @throws IllegalArgumentException if the pattern is empty
     */
    public ModelFilter nameLike(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("name pattern must not be empty");
        }
        return new ModelFilter(pattern, tags, status);
    }

    /**
     * Returns this filter restricted to versions carrying a tag with the given value.
     *
     * @param key the tag key
     * @param value the tag value it must have
     * @return a new filter
     */
    public ModelFilter withTag(String key, String value) {
        RegistryNames.checkTag(key, value);
        Map<String, String> t = new LinkedHashMap<>(tags);
        t.put(key, value);
        return new ModelFilter(nameLike, Map.copyOf(t), status);
    }

    /**
     * Returns this filter restricted to versions with the given status.
     *
     * @param value the status
     * @return a new filter
     */
    public ModelFilter withStatus(ModelStatus value) {
        return new ModelFilter(nameLike, tags, Objects.requireNonNull(value, "status"));
    }

    /** @return the {@code LIKE} pattern for names, if any */
    public Optional<String> nameLike() {
        return Optional.ofNullable(nameLike);
    }

    /** @return the tags that must all match, immutable */
    public Map<String, String> tags() {
        return tags;
    }

    /** @return the status required, if any */
    public Optional<ModelStatus> status() {
        return Optional.ofNullable(status);
    }

    /**
     * Tests a version against this filter, as an in-memory store does.
     *
     * @param version the version
     * @return true when every condition holds
     */
    public boolean matches(ModelVersion version) {
        Objects.requireNonNull(version, "version");
        if (namePattern != null && !namePattern.matcher(version.name()).matches()) {
            return false;
        }
        if (status != null && version.status() != status) {
            return false;
        }
        for (Map.Entry<String, String> t : tags.entrySet()) {
            if (!t.getValue().equals(version.tags().get(t.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static Pattern likeToRegex(String like) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == '%' || c == '_') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '%' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelFilter f && Objects.equals(nameLike, f.nameLike) && tags.equals(f.tags)
                && status == f.status;
    }

    @Override
    public int hashCode() {
        return Objects.hash(nameLike, tags, status);
    }

    @Override
    public String toString() {
        return "ModelFilter[nameLike=" + nameLike + ", tags=" + tags + ", status=" + status + "]";
    }
}
