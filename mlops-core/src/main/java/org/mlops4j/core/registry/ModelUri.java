package org.mlops4j.core.registry;

import java.util.Objects;

/**
 * A parsed model URI, in MLflow's forms:
 * <ul>
 *   <li>{@code models:/<name>/<version>}: one version, for example {@code models:/fraud/3};</li>
 *   <li>{@code models:/<name>@<alias>}: whatever version an alias points to, for example
 *       {@code models:/fraud@champion};</li>
 *   <li>{@code models:/<name>/latest}: the highest {@link ModelStatus#READY} version.</li>
 * </ul>
 */
public sealed interface ModelUri permits ModelUri.ByVersion, ModelUri.ByAlias, ModelUri.Latest {

    /** The URI scheme prefix. */
    String PREFIX = "models:/";

    /** @return the model name the URI names */
    String name();

    /**
     * Parses a model URI.
     *
     * @param uri the URI text
     * @return the parsed form
     * @throws NullPointerException if {@code uri} is null
     * @throws IllegalArgumentException if the text is not one of the three forms, or its name,
     *     version or alias is invalid; the message quotes the text
     */
    static ModelUri parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        if (!uri.startsWith(PREFIX)) {
            throw malformed(uri);
        }
        String rest = uri.substring(PREFIX.length());
        try {
            int at = rest.indexOf('@');
            if (at >= 0) {
                return new ByAlias(rest.substring(0, at), rest.substring(at + 1));
            }
            int slash = rest.lastIndexOf('/');
            if (slash <= 0) {
                throw malformed(uri);
            }
            String name = rest.substring(0, slash);
            String version = rest.substring(slash + 1);
            if (version.equals("latest")) {
                return new Latest(name);
            }
            if (version.isEmpty() || version.length() > 9 || !version.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw malformed(uri);
            }
            return new ByVersion(name, Integer.parseInt(version));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("model URI must")) {
                throw e;
            }
            throw new IllegalArgumentException("model URI '" + uri + "' is invalid: " + e.getMessage(), e);
        }
    }

    private static IllegalArgumentException malformed(String uri) {
        return new IllegalArgumentException("model URI must look like models:/<name>/<version>, models:/<name>@<alias> "
                + "or models:/<name>/latest but was '" + uri + "'");
    }

    /**
     * One version of a model.
     *
     * @param name the model name
     * @param version the version, from 1
     */
    record ByVersion(String name, int version) implements ModelUri {
        /**
         * Validates the name and version.
         *
         * @param name the model name
         * @param version the version, from 1
         */
        public ByVersion {
            RegistryNames.checkModelName(name);
            RegistryNames.checkVersion(version);
        }

        @Override
        public String toString() {
            return PREFIX + name + "/" + version;
        }
    }

    /**
     * The version an alias points to.
     *
     * @param name the model name
     * @param alias the alias
     */
    record ByAlias(String name, String alias) implements ModelUri {
        /**
         * Validates the name and alias.
         *
         * @param name the model name
         * @param alias the alias
         */
        public ByAlias {
            RegistryNames.checkModelName(name);
            RegistryNames.checkAlias(alias);
        }

        @Override
        public String toString() {
            return PREFIX + name + "@" + alias;
        }
    }

    /**
     * The highest ready version of a model.
     *
     * @param name the model name
     */
    record Latest(String name) implements ModelUri {
        /**
         * Validates the name.
         *
         * @param name the model name
         */
        public Latest {
            RegistryNames.checkModelName(name);
        }

        @Override
        public String toString() {
            return PREFIX + name + "/latest";
        }
    }
}
