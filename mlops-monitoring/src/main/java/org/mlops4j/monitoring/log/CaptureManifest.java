package org.mlops4j.monitoring.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The manifest of a {@link ProductionCapture}'s directory, {@code manifest.json}: the format
 * version, the sealed files oldest first, and the files and rows the bounds dropped. Mutable, used
 * by one thread at a time (the capture's writer, or a reader with its own copy).
 */
final class CaptureManifest {

    static final String NAME = "manifest.json";
    static final int FORMAT_VERSION = 1;
    static final String PREDICTIONS = "predictions";
    static final String LABELS = "labels";

    /**
     * One sealed file.
     *
     * @param kind {@link #PREDICTIONS} or {@link #LABELS}
     * @param file its path relative to the capture's directory, with '/' separators
     * @param sequence its sequence number, which orders files by age
     * @param rows its lines
     * @param bytes its size
     * @param first the earliest time of its lines, or null when none had one
     * @param last the latest time of its lines, or null
     * @param sha256 the SHA-256 of its bytes, lower-case hex
     */
    record Entry(String kind, String file, long sequence, long rows, long bytes, Instant first, Instant last,
                 String sha256) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    final List<Entry> files = new ArrayList<>();
    long droppedFiles;
    long droppedRows;

    /** Reads a manifest; an absent file is an empty manifest. */
    static CaptureManifest read(Path directory) throws IOException {
        CaptureManifest manifest = new CaptureManifest();
        Path file = directory.resolve(NAME);
        if (!Files.exists(file)) {
            return manifest;
        }
        JsonNode root = MAPPER.readTree(file.toFile());
        int version = root.path("formatVersion").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new IOException("manifest " + file + " has formatVersion " + root.get("formatVersion")
                    + ", this library reads " + FORMAT_VERSION);
        }
        for (JsonNode f : root.path("files")) {
            manifest.files.add(new Entry(f.path("kind").asText(), f.path("file").asText(), f.path("sequence").asLong(),
                    f.path("rows").asLong(), f.path("bytes").asLong(), instant(f.get("firstTimestamp")),
                    instant(f.get("lastTimestamp")), f.path("sha256").asText()));
        }
        manifest.droppedFiles = root.path("droppedFiles").asLong();
        manifest.droppedRows = root.path("droppedRows").asLong();
        return manifest;
    }

    private static Instant instant(JsonNode node) {
        return node == null || node.isNull() ? null : Instant.parse(node.asText());
    }

    /** Writes the manifest to a temporary file and moves it over the old one, atomically where the file system can. */
    void write(Path directory) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("formatVersion", FORMAT_VERSION);
        ArrayNode array = root.putArray("files");
        for (Entry e : files) {
            ObjectNode f = array.addObject();
            f.put("kind", e.kind());
            f.put("file", e.file());
            f.put("sequence", e.sequence());
            f.put("rows", e.rows());
            f.put("bytes", e.bytes());
            f.put("firstTimestamp", e.first() == null ? null : e.first().toString());
            f.put("lastTimestamp", e.last() == null ? null : e.last().toString());
            f.put("sha256", e.sha256());
        }
        root.put("droppedFiles", droppedFiles);
        root.put("droppedRows", droppedRows);
        Path temp = directory.resolve(NAME + ".tmp");
        Files.write(temp, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        try {
            Files.move(temp, directory.resolve(NAME), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, directory.resolve(NAME), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** @return the entry of a file (relative path), or null */
    Entry find(String file) {
        for (Entry e : files) {
            if (e.file().equals(file)) {
                return e;
            }
        }
        return null;
    }
}
