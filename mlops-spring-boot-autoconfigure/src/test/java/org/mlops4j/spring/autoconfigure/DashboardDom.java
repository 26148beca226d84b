package org.mlops4j.spring.autoconfigure;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the figures the live dashboard rendered: the elements it marks with {@code data-field}. */
final class DashboardDom {

    private static final Pattern ELEMENT = Pattern.compile("<(span|td|div|li|tr)\\s([^>]*)>([^<]*)<");

    private DashboardDom() {
    }

    /**
     * The text of the first element with {@code data-field} = {@code field}, and the endpoint and
     * variant attributes when given.
     *
     * @param dom the DOM
     * @param field the data-field
     * @param endpoint the data-endpoint, or null
     * @param variant the data-variant, or null
     * @return the element's text
     */
    static String field(String dom, String field, String endpoint, String variant) {
        Matcher m = ELEMENT.matcher(dom);
        while (m.find()) {
            String attrs = m.group(2);
            if (attrs.contains("data-field=\"" + field + "\"")
                    && (endpoint == null || attrs.contains("data-endpoint=\"" + endpoint + "\""))
                    && (variant == null || attrs.contains("data-variant=\"" + variant + "\""))) {
                return m.group(3).replace("&amp;", "&");
            }
        }
        throw new AssertionError("no element with data-field=" + field + ", endpoint " + endpoint + ", variant "
                + variant + " in the rendered page");
    }
}
