package org.mlops4j.core.features;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Checks feature lists and spells the accessor names a feature may have. */
final class Names {

    private Names() {
    }

    static String[] check(List<String> features) {
        Objects.requireNonNull(features, "features");
        Set<String> seen = new HashSet<>();
        String[] out = new String[features.size()];
        for (int i = 0; i < out.length; i++) {
            String f = Objects.requireNonNull(features.get(i), "feature name");
            if (f.isBlank()) {
                throw new IllegalArgumentException("feature names must not be blank but features[" + i + "] was '" + f
                        + "'");
            }
            if (!seen.add(f)) {
                throw new IllegalArgumentException("feature names must be unique but '" + f + "' appears twice");
            }
            out[i] = f;
        }
        return out;
    }

    /** {@code new_customer} and {@code new-customer} give {@code newCustomer}; other names are unchanged. */
    static String camel(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_' || c == '-') {
                upper = out.length() > 0;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    static String capitalize(String name) {
        return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
