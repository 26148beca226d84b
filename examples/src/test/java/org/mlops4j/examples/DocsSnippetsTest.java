package org.mlops4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the documentation true: every Java block in {@code README.md}, {@code ARCHITECTURE.md} and
 * {@code docs/*.md} is preceded by {@code <!-- snippet: name -->} and must equal, line for line
 * (indentation removed), the region between {@code // tag::name[]} and {@code // end::name[]} in
 * the examples' compiled sources, which the build compiles and the snippet tests run. Relative links
 * between the documents must point at files and headings that exist.
 */
class DocsSnippetsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path SOURCES = ROOT.resolve("examples/src/main/java");
    private static final Pattern MARKER = Pattern.compile("<!--\\s*snippet:\\s*([\\w.-]+)\\s*-->");
    private static final Pattern TAG_START = Pattern.compile("//\\s*tag::([\\w.-]+)\\[]");
    private static final Pattern TAG_END = Pattern.compile("//\\s*end::([\\w.-]+)\\[]");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void everyJavaBlockEqualsItsCompiledRegion() {
        Map<String, List<String>> regions = regions();
        List<String> problems = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        for (Path doc : documents()) {
            List<String> lines = read(doc);
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).strip().equals("```java")) {
                    continue;
                }
                String where = ROOT.relativize(doc) + ":" + (i + 1);
                Matcher marker = i > 0 ? MARKER.matcher(lines.get(i - 1)) : null;
                int end = i + 1;
                while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                    end++;
                }
                List<String> block = dedent(lines.subList(i + 1, end));
                if (marker == null || !marker.find()) {
                    problems.add(where + ": a Java block without a <!-- snippet: name --> line above it");
                } else if (!regions.containsKey(marker.group(1))) {
                    problems.add(where + ": no region tagged '" + marker.group(1) + "' in examples/src/main/java");
                } else {
                    used.add(marker.group(1));
                    List<String> region = regions.get(marker.group(1));
                    if (!region.equals(block)) {
                        problems.add(where + ": block differs from region '" + marker.group(1) + "'\n--- doc\n"
                                + String.join("\n", block) + "\n--- code\n" + String.join("\n", region));
                    }
                }
                i = end;
            }
        }
        Set<String> unused = new TreeSet<>(regions.keySet());
        unused.removeAll(used);
        assertThat(problems).as("documentation snippets").isEmpty();
        assertThat(unused).as("tagged regions no document shows").isEmpty();
    }

    @Test
    void relativeLinksPointAtFilesAndHeadingsThatExist() {
        List<String> problems = new ArrayList<>();
        for (Path doc : documents()) {
            String text = String.join("\n", read(doc));
            Matcher link = LINK.matcher(text.replaceAll("(?s)```.*?```", ""));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue;                                   // http:, https:, mailto:
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    problems.add(ROOT.relativize(doc) + ": link to missing file " + target);
                } else if (hash >= 0 && resolved.toString().endsWith(".md")
                        && !anchors(resolved).contains(target.substring(hash + 1))) {
                    problems.add(ROOT.relativize(doc) + ": link to missing heading " + target);
                }
            }
        }
        assertThat(problems).as("broken links").isEmpty();
    }

    @Test
    void theCheckerFindsADifferingBlock() {
        assertThat(dedent(List.of("    a();", "      b();", ""))).containsExactly("a();", "  b();");
        assertThat(anchor("Roll out automatically, retrain on drift")).isEqualTo("roll-out-automatically-retrain-on-drift");
        assertThat(anchor("`Rollout` (control plane)")).isEqualTo("rollout-control-plane");
    }

    private static List<Path> documents() {
        List<Path> docs = new ArrayList<>();
        for (String name : List.of("README.md", "ARCHITECTURE.md", "deploy/README.md")) {
            if (Files.exists(ROOT.resolve(name))) {
                docs.add(ROOT.resolve(name));
            }
        }
        Path dir = ROOT.resolve("docs");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertThat(docs).as("documents under " + ROOT).isNotEmpty();
        return docs;
    }

    private static Map<String, List<String>> regions() {
        Map<String, List<String>> regions = new LinkedHashMap<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path source : sources) {
            List<String> lines = read(source);
            for (int i = 0; i < lines.size(); i++) {
                Matcher start = TAG_START.matcher(lines.get(i));
                if (!start.find()) {
                    continue;
                }
                String name = start.group(1);
                int end = i + 1;
                while (end < lines.size() && !isEnd(lines.get(end), name)) {
                    end++;
                }
                assertThat(end).as("end::" + name + "[] in " + source).isLessThan(lines.size());
                List<String> body = lines.subList(i + 1, end).stream()
                        .filter(l -> !TAG_START.matcher(l).find() && !TAG_END.matcher(l).find())
                        .collect(Collectors.toList());
                assertThat(regions.put(name, dedent(body))).as("region " + name + " tagged twice").isNull();
            }
        }
        return regions;
    }

    private static boolean isEnd(String line, String name) {
        Matcher end = TAG_END.matcher(line);
        return end.find() && end.group(1).equals(name);
    }

    static List<String> dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        List<String> out = lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing())
                .collect(Collectors.toCollection(ArrayList::new));
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        while (!out.isEmpty() && out.get(0).isEmpty()) {
            out.remove(0);
        }
        return out;
    }

    private static Set<String> anchors(Path doc) {
        Set<String> anchors = new TreeSet<>();
        boolean fenced = false;
        for (String line : read(doc)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced && line.startsWith("#")) {
                anchors.add(anchor(line.replaceFirst("^#+\\s*", "")));
            }
        }
        return anchors;
    }

    /** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
    static String anchor(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
