package org.mlops4j.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Debian's headless Chromium, run as a process: the rendered DOM of a page, or a screenshot. */
final class Chromium {

    private Chromium() {
    }

    private static List<String> command(Path profile) {
        List<String> c = new ArrayList<>(List.of("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                // JavaScript runs and its fetch answers before the DOM is taken.
                "--virtual-time-budget=15000", "--run-all-compositor-stages-before-draw"));
        return c;
    }

    /**
     * The page's DOM after its scripts ran.
     *
     * @param url the page
     * @param profile a fresh profile directory
     * @return the serialized DOM
     * @throws IOException if Chromium cannot start
     * @throws InterruptedException if interrupted
     */
    static String dumpDom(String url, Path profile) throws IOException, InterruptedException {
        List<String> c = command(profile);
        c.add("--dump-dom");
        c.add(url);
        Path out = Files.createTempFile("chromium-dom-", ".html");
        Path log = Files.createTempFile("chromium-", ".log");
        Process p = new ProcessBuilder(c).redirectOutput(out.toFile()).redirectError(log.toFile()).start();
        boolean done = p.waitFor(90, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done).as("chromium finished; its log:\n" + Files.readString(log)).isTrue();
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(dom).as("chromium's DOM; its log:\n" + Files.readString(log)).isNotBlank();
        return dom;
    }

    /**
     * Saves a screenshot of the page.
     *
     * @param url the page
     * @param png where to write it
     * @param profile a fresh profile directory
     * @throws IOException if Chromium cannot start
     * @throws InterruptedException if interrupted
     */
    static void screenshot(String url, Path png, Path profile) throws IOException, InterruptedException {
        List<String> c = command(profile);
        c.add("--window-size=1366,2200");
        c.add("--screenshot=" + png);
        c.add(url);
        Path log = Files.createTempFile("chromium-", ".log");
        Process p = new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(90, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done).as("chromium finished; its log:\n" + Files.readString(log)).isTrue();
        assertThat(png).as(Files.readString(log)).exists();
    }

    private static final Pattern ELEMENT = Pattern.compile("<(span|td|div|li|tr)\\s([^>]*)>([^<]*)<");

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
