package org.mlops4j.core.registry;

import java.util.Objects;
import java.util.regex.Pattern;
import org.mlops4j.core.SafeText;

/**
 * The naming rules every {@link ModelRegistry} implementation enforces, so that names and aliases
 * stay valid in {@code models:/} URIs and exportable to MLflow.
 *
 * <ul>
 *   <li>Model name: 1 to 256 characters, not blank, no leading or trailing white space, no
 *       {@code /} or {@code @} (they separate the parts of a model URI), not {@code .} or
 *       {@code ..} (they would be path segments in an export), and none of the control or
 *       bidirectional formatting characters {@link SafeText#checkName} refuses.</li>
 *   <li>Alias: 1 to 255 characters of {@code [A-Za-z0-9_-]}; {@code latest} and {@code v<digits>}
 *       (any case) are reserved because they read as versions.</li>
 *   <li>Tag key: 1 to 250 characters, none refused by {@link SafeText#checkName}; tag value: at
 *       most 5,000 characters (MLflow's limits).</li>
 * </ul>
 * Messages quote a refused value escaped and cut ({@link SafeText#quote}); the actor and the
 * reason of an alias change are checked by {@link Attribution}.
 */
public final class RegistryNames {

    /** Longest model name accepted. */
    public static final int MAX_MODEL_NAME_LENGTH = 256;
    /** Longest alias accepted. */
    public static final int MAX_ALIAS_LENGTH = 255;
    /** Longest tag key accepted. */
    public static final int MAX_TAG_KEY_LENGTH = 250;
    /** Longest tag value accepted. */
    public static final int MAX_TAG_VALUE_LENGTH = 5000;

    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern VERSION_LIKE = Pattern.compile("(?i)v\\d+");

    private RegistryNames() {
    }

    /**
     * Checks a model name.
     *
     * @param name the name
     * @return the name, for chaining
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException naming the rule broken and the value
     */
    public static String checkModelName(String name) {
        Objects.requireNonNull(name, "model name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("model name must not be blank but was " + SafeText.quote(name));
        }
        if (name.length() > MAX_MODEL_NAME_LENGTH) {
            throw new IllegalArgumentException("model name must be at most " + MAX_MODEL_NAME_LENGTH
                    + " characters but was " + name.length() + ": " + SafeText.quote(name));
        }
        if (!name.strip().equals(name)) {
            throw new IllegalArgumentException("model name must not start or end with white space but was "
                    + SafeText.quote(name));
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("model name must not be '.' or '..', which read as path segments, but was "
                    + SafeText.quote(name));
        }
        if (name.indexOf('/') >= 0 || name.indexOf('@') >= 0) {
            throw new IllegalArgumentException("model name must not contain '/' or '@', which separate the parts of a"
                    + " model URI, but was " + SafeText.quote(name));
        }
        SafeText.checkName("model name", name);
        return name;
    }

    /**
     * Checks an alias.
     *
     * @param alias the alias
     * @return the alias, for chaining
     * @throws NullPointerException if {@code alias} is null
     * @throws IllegalArgumentException naming the rule broken and the value
     */
    public static String checkAlias(String alias) {
        Objects.requireNonNull(alias, "alias");
        if (alias.length() > MAX_ALIAS_LENGTH || !ALIAS.matcher(alias).matches()) {
            throw new IllegalArgumentException("alias must be 1 to " + MAX_ALIAS_LENGTH
                    + " characters of [A-Za-z0-9_-] but was " + SafeText.quote(alias));
        }
        if (alias.equalsIgnoreCase("latest") || VERSION_LIKE.matcher(alias).matches()) {
            throw new IllegalArgumentException("alias '" + alias
                    + "' is reserved: 'latest' and 'v<digits>' read as versions in model URIs");
        }
        return alias;
    }

    /**
     * Checks a version number.
     *
     * @param version the version
     * @return the version, for chaining
     * @throws IllegalArgumentException if {@code version < 1}
     */
    public static int checkVersion(int version) {
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1 but was " + version);
        }
        return version;
    }

    /**
     * Checks a tag.
     *
     * @param key the tag key
     * @param value the tag value
     * @throws NullPointerException if either is null
     * @throws IllegalArgumentException if the key is blank, holds a character {@link SafeText#checkName}
     *     refuses, or either is too long
     */
    public static void checkTag(String key, String value) {
        Objects.requireNonNull(key, "tag key");
        Objects.requireNonNull(value, "value of tag '" + key + "'");
        if (key.isBlank() || key.length() > MAX_TAG_KEY_LENGTH) {
            throw new IllegalArgumentException("tag key must be 1 to " + MAX_TAG_KEY_LENGTH
                    + " characters and not blank but was " + SafeText.quote(key));
        }
        SafeText.checkName("tag key", key);
        if (value.length() > MAX_TAG_VALUE_LENGTH) {
            throw new IllegalArgumentException("value of tag '" + key + "' must be at most " + MAX_TAG_VALUE_LENGTH
                    + " characters but was " + value.length());
        }
    }
}
