package org.mlops4j.monitoring.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mlops4j.core.feedback.GroundTruth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A data set read back from a {@link ProductionCapture}'s directory: the captured predictions made
 * in a time range, each joined with its latest label, with their lineage.
 *
 * <pre>{@code
 * CapturedData<double[]> data = CapturedData.read(dir, from, to, InputDecoder.of(double[].class));
 * List<CapturedRow<double[]>> training = data.labelledRows();
 * run.logParams(data.lineage().params());      // dataset.sha256, dataset.rows, dataset.label_coverage, ...
 * }</pre>
 *
 * <p><b>What is read.</b> Every sealed file in the manifest (its SHA-256 checked) and every file
 * being written (not yet in the manifest). A prediction is in the range when its timestamp is in
 * {@code [from, to)}; labels are joined whenever they arrived (the latest by time wins; among
 * equal times the greatest by text, as Spark's {@code PredictionLogs.labelled} does). A prediction
 * id seen twice keeps its first line. Lines that cannot be used are skipped and counted by reason
 * ({@link #malformed()}): a torn last line (a line without its newline, what a crash leaves), not
 * JSON, a missing or bad field, a truncated or failed prediction, an input the decoder refused, a
 * duplicate, a file missing or whose hash does not match the manifest (its lines are still read).
 *
 * <p><b>Content hash.</b> {@link DatasetLineage#sha256()} is the SHA-256 of the rows in (time,
 * prediction id) order, each written as canonical JSON (object keys sorted at every level, no
 * spaces) followed by a newline: {@code predictionId}, {@code time}, {@code variant},
 * {@code model}, {@code input} and {@code output} as captured (before decoding), and {@code label}
 * (the class, or null), {@code value} (the true value, or null), {@code labelTime} and
 * {@code labelSource} (null without a label). It depends on the data only, not on how the
 * capture split it into files; a new label for a row changes it.
 *
 * <p>Immutable once read; reading does I/O and holds the range's rows in memory.
 *
 * @param <I> the input type
 */
public final class CapturedData<I> {

    private static final Logger LOG = LoggerFactory.getLogger(CapturedData.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<CapturedRow<I>> rows;
    private final DatasetLineage lineage;
    private final Map<String, Long> malformed;

    private CapturedData(List<CapturedRow<I>> rows, DatasetLineage lineage, Map<String, Long> malformed) {
        this.rows = List.copyOf(rows);
        this.lineage = lineage;
        this.malformed = java.util.Collections.unmodifiableMap(new TreeMap<>(malformed));
    }

    /** A prediction line, parsed, before its input is decoded. */
    private record Parsed(String predictionId, Instant time, String variant, String model, JsonNode input,
                          JsonNode output) {
    }

    /**
     * Reads the predictions captured in a time range, joined with their latest labels.
     *
     * @param directory the capture's directory
     * @param from the start of the range, inclusive
     * @param to the end of the range, exclusive
     * @param decoder turns each input back into the model's input type
     * @param <I> the input type
     * @return the data set
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code from} is after {@code to}, or the directory does not exist
     * @throws UncheckedIOException if a file cannot be read, or the manifest is not one this library reads
     */
    public static <I> CapturedData<I> read(Path directory, Instant from, Instant to, InputDecoder<I> decoder) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(decoder, "decoder");
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from must not be after to but was from " + from + ", to " + to);
        }
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("directory must be a capture directory but " + directory
                    + " is not a directory");
        }
        try {
            return new Reader<>(directory, from, to, decoder).read();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the production capture in " + directory, e);
        }
    }

    /** @return every row in the range, labelled or not, in (time, prediction id) order */
    public List<CapturedRow<I>> rows() {
        return rows;
    }

    /** @return the rows with a label, in (time, prediction id) order */
    public List<CapturedRow<I>> labelledRows() {
        return rows.stream().filter(CapturedRow::labelled).toList();
    }

    /** @return the content hash, counts, range and source of the rows */
    public DatasetLineage lineage() {
        return lineage;
    }

    /** @return the lines (or files) skipped or suspect, counted by reason, reasons in alphabetical order */
    public Map<String, Long> malformed() {
        return malformed;
    }

    /** @return the total of {@link #malformed()} */
    public long malformedCount() {
        return malformed.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public String toString() {
        return "CapturedData[" + lineage + ", malformed=" + malformed + "]";
    }

    /** One read of a directory. */
    private static final class Reader<I> {
        private final Path directory;
        private final Instant from;
        private final Instant to;
        private final InputDecoder<I> decoder;
        private final Map<String, Long> malformed = new HashMap<>();
        private final Map<String, Parsed> predictions = new LinkedHashMap<>();
        private final Map<String, CapturedLabel> labels = new HashMap<>();

        Reader(Path directory, Instant from, Instant to, InputDecoder<I> decoder) {
            this.directory = directory;
            this.from = from;
            this.to = to;
            this.decoder = decoder;
        }

        CapturedData<I> read() throws IOException {
            CaptureManifest manifest = CaptureManifest.read(directory);
            for (String kind : List.of(CaptureManifest.PREDICTIONS, CaptureManifest.LABELS)) {
                for (Path file : filesOf(manifest, kind)) {
                    readFile(manifest, kind, file);
                }
            }
            List<CapturedRow<I>> rows = new ArrayList<>();
            for (Parsed p : predictions.values()) {
                I input;
                try {
                    input = decoder.decode(p.input());
                } catch (Exception e) {
                    count("input not decodable");
                    LOG.debug("captured input of {} not decodable: {}", p.predictionId(), e.toString());
                    continue;
                }
                if (input == null) {
                    count("input not decodable");
                    continue;
                }
                rows.add(new CapturedRow<>(p.predictionId(), p.time(), p.variant(), p.model(), input, p.output(),
                        Optional.ofNullable(labels.get(p.predictionId()))));
            }
            rows.sort(Comparator.<CapturedRow<I>, Instant>comparing(CapturedRow::time)
                    .thenComparing(CapturedRow::predictionId));
            MessageDigest digest = CaptureFiles.sha256();
            long labelled = 0;
            for (CapturedRow<I> row : rows) {
                digest.update(canonicalLine(row, predictions.get(row.predictionId()).input()));
                labelled += row.labelled() ? 1 : 0;
            }
            String source = directory.toAbsolutePath().normalize().resolve(CaptureManifest.NAME).toString();
            DatasetLineage lineage = new DatasetLineage(HexFormat.of().formatHex(digest.digest()), rows.size(),
                    labelled, from, to, source);
            if (!malformed.isEmpty()) {
                LOG.warn("Production capture in {}: skipped or suspect lines and files by reason: {}", directory,
                        new TreeMap<>(malformed));
            }
            return new CapturedData<>(rows, lineage, malformed);
        }

        /** The sealed files of a kind (manifest order) and then the ones being written (by sequence). */
        private List<Path> filesOf(CaptureManifest manifest, String kind) throws IOException {
            List<Path> files = new ArrayList<>();
            TreeSet<String> sealed = new TreeSet<>();
            for (CaptureManifest.Entry e : manifest.files) {
                if (e.kind().equals(kind)) {
                    sealed.add(e.file());
                    Path file = directory.resolve(e.file());
                    if (Files.exists(file)) {
                        files.add(file);
                    } else {
                        count("file in the manifest missing");
                    }
                }
            }
            List<Path> open = new ArrayList<>();
            for (Path file : CaptureFiles.files(directory, kind)) {
                if (!sealed.contains(CaptureFiles.relative(kind, file))) {
                    open.add(file);
                }
            }
            open.sort(Comparator.comparingLong(RotatingFiles::sequenceOf));
            files.addAll(open);
            return files;
        }

        private void readFile(CaptureManifest manifest, String kind, Path file) throws IOException {
            byte[] bytes = Files.readAllBytes(file);
            CaptureManifest.Entry entry = manifest.find(CaptureFiles.relative(kind, file));
            if (entry != null && !entry.sha256().equals(HexFormat.of().formatHex(CaptureFiles.sha256().digest(bytes)))) {
                count("file sha256 does not match the manifest");
                LOG.warn("Production capture file {} does not match the SHA-256 in its manifest", file);
            }
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
                    if (kind.equals(CaptureManifest.PREDICTIONS)) {
                        prediction(line);
                    } else {
                        label(line);
                    }
                    start = i + 1;
                }
            }
            if (start < bytes.length) {
                count("torn last line");
            }
        }

        private JsonNode object(String line) {
            if (line.isBlank()) {
                count("blank line");
                return null;
            }
            try {
                JsonNode node = MAPPER.readTree(line);
                if (node != null && node.isObject()) {
                    return node;
                }
            } catch (IOException e) {
                // counted below
            }
            count("not a JSON object");
            return null;
        }

        private String text(JsonNode node, String field) {
            JsonNode value = node.get(field);
            if (value == null || !value.isTextual() || value.asText().isEmpty()) {
                count("missing " + field);
                return null;
            }
            return value.asText();
        }

        private Instant time(JsonNode node, String field) {
            String text = text(node, field);
            if (text == null) {
                return null;
            }
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                count("bad " + field);
                return null;
            }
        }

        private void prediction(String line) {
            JsonNode node = object(line);
            if (node == null) {
                return;
            }
            String id = text(node, "predictionId");
            Instant time = id == null ? null : time(node, "timestamp");
            if (time == null) {
                return;
            }
            if (time.isBefore(from) || !time.isBefore(to)) {
                return;
            }
            if (node.has("truncated")) {
                count("truncated prediction (no input or output)");
                return;
            }
            JsonNode output = node.get("output");
            if (output == null || output.isNull()) {
                count("failed prediction (no output)");
                return;
            }
            JsonNode input = node.has("features") ? node.get("features") : node.get("input");
            if (input == null || input.isNull()) {
                count("missing input");
                return;
            }
            if (predictions.containsKey(id)) {
                count("duplicate predictionId");
                return;
            }
            predictions.put(id, new Parsed(id, time, node.path("variant").asText(""), node.path("model").asText(""),
                    input, output));
        }

        private void label(String line) {
            JsonNode node = object(line);
            if (node == null) {
                return;
            }
            String id = text(node, "predictionId");
            Instant time = id == null ? null : time(node, "time");
            if (time == null) {
                return;
            }
            GroundTruth truth;
            try {
                JsonNode label = node.get("label");
                JsonNode value = node.get("value");
                if (label != null && label.isTextual()) {
                    truth = GroundTruth.label(label.asText());
                } else if (value != null && value.isNumber()) {
                    truth = GroundTruth.value(value.asDouble());
                } else {
                    count("label without label or value");
                    return;
                }
            } catch (IllegalArgumentException e) {
                count("bad label");
                return;
            }
            CapturedLabel candidate = new CapturedLabel(truth, time, node.path("source").asText("unknown"));
            labels.merge(id, candidate, Reader::latest);
        }

        /** The later label; among equal times the greater by text, then by source, so the join ignores file order. */
        static CapturedLabel latest(CapturedLabel a, CapturedLabel b) {
            int byTime = a.time().compareTo(b.time());
            if (byTime != 0) {
                return byTime > 0 ? a : b;
            }
            int byText = text(a.truth()).compareTo(text(b.truth()));
            if (byText != 0) {
                return byText > 0 ? a : b;
            }
            return a.source().compareTo(b.source()) >= 0 ? a : b;
        }

        private static String text(GroundTruth truth) {
            return truth.isLabel() ? truth.label() : Double.toString(truth.value());
        }

        private void count(String reason) {
            malformed.merge(reason, 1L, Long::sum);
        }
    }

    /** A row's canonical JSON line, as the content hash reads it. */
    static <I> byte[] canonicalLine(CapturedRow<I> row, JsonNode input) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("predictionId", row.predictionId());
        node.put("time", row.time().toString());
        node.put("variant", row.variant());
        node.put("model", row.model());
        node.set("input", input);
        node.set("output", row.output());
        CapturedLabel label = row.label().orElse(null);
        if (label == null) {
            node.putNull("label");
            node.putNull("value");
            node.putNull("labelTime");
            node.putNull("labelSource");
        } else {
            if (label.truth().isLabel()) {
                node.put("label", label.truth().label());
                node.putNull("value");
            } else {
                node.putNull("label");
                node.put("value", label.truth().value());
            }
            node.put("labelTime", label.time().toString());
            node.put("labelSource", label.source());
        }
        try {
            return (MAPPER.writeValueAsString(sorted(node)) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy with every object's keys in sorted order, at every level. */
    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = MAPPER.createObjectNode();
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            node.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
            fields.forEach((k, v) -> copy.set(k, sorted(v)));
            return copy;
        }
        if (node.isArray()) {
            var copy = MAPPER.createArrayNode();
            node.forEach(v -> copy.add(sorted(v)));
            return copy;
        }
        return node;
    }
}
