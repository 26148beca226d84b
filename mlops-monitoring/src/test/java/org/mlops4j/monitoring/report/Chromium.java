package org.mlops4j.monitoring.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Debian's headless Chromium on a local HTML file or a page served on localhost: its rendered DOM
 * ({@code --dump-dom}, after the page's own scripts and fetches ran, within a virtual-time budget) or a
 * screenshot. Each run gets a fresh profile directory and no network services. Shared through this module's
 * test jar (the Spring Boot dashboard's test uses it too).
 */
public final class Chromium {

    /** Debian's Chromium. */
    public static final Path BINARY = Path.of("/usr/bin/chromium");

    private final Path work;
    private int runs;

    private Chromium(Path work) {
        this.work = work;
    }

    /**
     * Skips the calling test when Chromium is not installed.
     *
     * @param work a directory for profiles and logs
     * @return the runner
     */
    public static Chromium orSkip(Path work) {
        Assumptions.assumeTrue(Files.isExecutable(BINARY),
                BINARY + " is not installed (Debian package chromium): the report is not checked in a browser");
        return new Chromium(work);
    }

    /**
     * Loads a page and returns its DOM after load.
     *
     * @param html the page
     * @return the serialized DOM
     */
    public String dumpDom(Path html) throws IOException, InterruptedException {
        return dumpDom(html.toUri().toString());
    }

    /**
     * Loads a page by URL (a page served on localhost) and returns its DOM once its scripts and fetches ran.
     *
     * @param url the page
     * @return the serialized DOM
     */
    public String dumpDom(String url) throws IOException, InterruptedException {
        Path dom = work.resolve("dom-" + (++runs) + ".html");
        run(List.of("--dump-dom", url), dom);
        return Files.readString(dom, StandardCharsets.UTF_8);
    }

    /**
     * Loads a page and saves a PNG screenshot of its first {@code width x height} pixels.
     *
     * @param html the page
     * @param png the file to write
     * @param width the window width
     * @param height the window height
     */
    public void screenshot(Path html, Path png, int width, int height) throws IOException, InterruptedException {
        screenshot(html.toUri().toString(), png, width, height);
    }

    /**
     * Loads a page by URL and saves a PNG screenshot of its first {@code width x height} pixels.
     *
     * @param url the page
     * @param png the file to write
     * @param width the window width
     * @param height the window height
     */
    public void screenshot(String url, Path png, int width, int height) throws IOException, InterruptedException {
        Files.deleteIfExists(png);
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars", url), work.resolve("screenshot-" + (++runs) + ".out"));
        assertThat(png).as("screenshot written by chromium").exists();
    }

    private void run(List<String> args, Path stdout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + work.resolve("profile-" + runs)
                        .toAbsolutePath(),
                // A page's scripts and their fetches finish (in virtual time) before the DOM or picture is taken.
                "--virtual-time-budget=15000", "--run-all-compositor-stages-before-draw"));
        command.addAll(args);
        Path log = work.resolve("chromium-" + runs + ".log");
        Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(log.toFile()).start();
        boolean finished = p.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        assertThat(finished).as("chromium finished within 120 s; its log: %s", Files.readString(log)).isTrue();
        assertThat(p.exitValue()).as("chromium exit code; its log: %s", Files.readString(log)).isZero();
    }
}
