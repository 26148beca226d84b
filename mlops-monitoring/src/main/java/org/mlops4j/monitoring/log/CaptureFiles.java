package org.mlops4j.monitoring.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.mlops4j.core.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of a {@link ProductionCapture}: one file being written per kind (predictions, labels),
 * sealing by rows and bytes, the manifest, and the total bounds that delete the oldest sealed files.
 * Not thread-safe: used by the capture's writer thread only.
 */
final class CaptureFiles implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CaptureFiles.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A file being written. */
    private static final class Open {
        final String kind;
        final String file;
        final long sequence;
        final OutputStream out;
        final MessageDigest digest = sha256();
        long rows;
        long bytes;
        Instant first;
        Instant last;

        Open(String kind, String file, long sequence, OutputStream out) {
            this.kind = kind;
            this.file = file;
            this.sequence = sequence;
            this.out = out;
        }
    }

    private final Path directory;
    private final long maxFileRows;
    private final long maxFileBytes;
    private final long maxTotalBytes;
    private final int maxFiles;
    private final Clock clock;
    private final CaptureManifest manifest;
    private Open predictions;
    private Open labels;
    private long sequence;

    CaptureFiles(Path directory, CaptureConfig config) throws IOException {
        this.directory = directory;
        this.maxFileRows = config.maxFileRows();
        this.maxFileBytes = config.maxFileBytes();
        this.maxTotalBytes = config.maxTotalBytes();
        this.maxFiles = config.maxFiles();
        this.clock = config.clock();
        Files.createDirectories(directory.resolve(CaptureManifest.PREDICTIONS));
        Files.createDirectories(directory.resolve(CaptureManifest.LABELS));
        this.manifest = CaptureManifest.read(directory);
        for (CaptureManifest.Entry e : manifest.files) {
            sequence = Math.max(sequence, e.sequence() + 1);
        }
        List<Map.Entry<String, Path>> unsealed = new ArrayList<>();
        for (String kind : List.of(CaptureManifest.PREDICTIONS, CaptureManifest.LABELS)) {
            for (Path file : files(directory, kind)) {
                sequence = Math.max(sequence, RotatingFiles.sequenceOf(file) + 1);
                if (manifest.find(relative(kind, file)) == null) {
                    unsealed.add(Map.entry(kind, file));
                }
            }
        }
        // Files a crash left open: seal them as they are; the reader skips and counts a torn last line.
        unsealed.sort(Comparator.comparingLong(e -> RotatingFiles.sequenceOf(e.getValue())));
        for (Map.Entry<String, Path> file : unsealed) {
            manifest.files.add(recover(file.getKey(), file.getValue()));
            LOG.warn("Production capture in {} sealed {}, left open by an earlier run", directory, file.getValue());
        }
        manifest.files.sort(Comparator.comparingLong(CaptureManifest.Entry::sequence));
        enforceBounds();
        manifest.write(directory);
    }

    /** @return the log files of a kind in a capture directory, in no particular order */
    static List<Path> files(Path directory, String kind) throws IOException {
        List<Path> files = new ArrayList<>();
        Path dir = directory.resolve(kind);
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> listing = Files.list(dir)) {
            listing.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(kind + "-") && name.endsWith(RotatingFiles.SUFFIX);
            }).forEach(files::add);
        }
        return files;
    }

    static String relative(String kind, Path file) {
        return kind + "/" + file.getFileName();
    }

    /**
     * Writes one line (the newline is added), sealing the kind's file first when the line would
     * take it past its rows or bytes.
     *
     * @return false when the line is larger than a file and was not written
     */
    boolean write(String kind, byte[] line, Instant time) throws IOException {
        long size = line.length + 1L;
        if (size > maxFileBytes) {
            return false;
        }
        Open open = current(kind);
        if (open != null && (open.rows >= maxFileRows || open.bytes + size > maxFileBytes)) {
            seal(open);
            open = null;
        }
        if (open == null) {
            open = openNext(kind);
        }
        // Counted before writing, so that a failed write still seals this file rather than appending to it.
        open.rows++;
        open.bytes += size;
        open.first = open.first == null || time.isBefore(open.first) ? time : open.first;
        open.last = open.last == null || time.isAfter(open.last) ? time : open.last;
        open.digest.update(line);
        open.digest.update((byte) '\n');
        open.out.write(line);
        open.out.write('\n');
        if (sealedBytes() + openBytes() > maxTotalBytes || manifest.files.size() + openCount() > maxFiles) {
            enforceBounds();
            manifest.write(directory);
        }
        return true;
    }

    void flush() throws IOException {
        for (Open open : new Open[] {predictions, labels}) {
            if (open != null) {
                open.out.flush();
            }
        }
    }

    /** After a failed write: seals the kind's file from what is on disk, so the next line starts a new one. */
    void abandon(String kind) {
        Open open = current(kind);
        if (open == null) {
            return;
        }
        setCurrent(kind, null);
        try {
            open.out.close();
        } catch (IOException e) {
            LOG.debug("closing {} after a failure failed too: {}", open.file, e.toString());
        }
        try {
            manifest.files.add(recover(kind, directory.resolve(open.file)));
            enforceBounds();
            manifest.write(directory);
        } catch (IOException e) {
            LOG.warn("Production capture in {} could not seal {} after a failure: {}", directory, open.file,
                    e.toString(), e);
        }
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (Open open : new Open[] {predictions, labels}) {
            if (open != null) {
                try {
                    seal(open);
                } catch (IOException e) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    long droppedFiles() {
        return manifest.droppedFiles;
    }

    long droppedRows() {
        return manifest.droppedRows;
    }

    private void seal(Open open) throws IOException {
        setCurrent(open.kind, null);
        open.out.close();
        String sha = HexFormat.of().formatHex(open.digest.digest());
        manifest.files.add(new CaptureManifest.Entry(open.kind, open.file, open.sequence, open.rows, open.bytes,
                open.first, open.last, sha));
        // No bounds to enforce here: sealing moves a file from open to sealed, the totals stay; write() enforced them.
        manifest.write(directory);
    }

    /** Deletes the oldest sealed files until the capture is within its total bytes and files. */
    private void enforceBounds() throws IOException {
        long open = openBytes();
        while (!manifest.files.isEmpty()
                && (sealedBytes() + open > maxTotalBytes || manifest.files.size() + openCount() > maxFiles)) {
            CaptureManifest.Entry oldest = manifest.files.remove(0);
            Files.deleteIfExists(directory.resolve(oldest.file()));
            manifest.droppedFiles++;
            manifest.droppedRows += oldest.rows();
            LOG.warn("Production capture in {} dropped its oldest file {} ({} rows, {} bytes) to stay within {} bytes "
                            + "and {} files; {} files and {} rows dropped so far", directory, oldest.file(),
                    oldest.rows(), oldest.bytes(), maxTotalBytes, maxFiles, manifest.droppedFiles,
                    manifest.droppedRows);
        }
    }

    private long sealedBytes() {
        long total = 0;
        for (CaptureManifest.Entry e : manifest.files) {
            total += e.bytes();
        }
        return total;
    }

    private long openBytes() {
        return (predictions == null ? 0 : predictions.bytes) + (labels == null ? 0 : labels.bytes);
    }

    private int openCount() {
        return (predictions == null ? 0 : 1) + (labels == null ? 0 : 1);
    }

    private Open current(String kind) {
        return kind.equals(CaptureManifest.PREDICTIONS) ? predictions : labels;
    }

    private void setCurrent(String kind, Open open) {
        if (kind.equals(CaptureManifest.PREDICTIONS)) {
            predictions = open;
        } else {
            labels = open;
        }
    }

    private Open openNext(String kind) throws IOException {
        String stamp = STAMP.format(clock.now());
        while (true) {
            long seq = sequence++;
            String name = kind + "-" + stamp + "-" + String.format("%06d", seq) + RotatingFiles.SUFFIX;
            Path file = directory.resolve(kind).resolve(name);
            try {
                OutputStream out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE));
                Open open = new Open(kind, kind + "/" + name, seq, out);
                setCurrent(kind, open);
                return open;
            } catch (FileAlreadyExistsException e) {
                // Another file of this second and number (written meanwhile by hand?): take the next number.
            }
        }
    }

    /** Seals a file from its bytes on disk: its hash, its complete lines and their times. */
    private CaptureManifest.Entry recover(String kind, Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        long rows = 0;
        Instant first = null;
        Instant last = null;
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            rows++;
            Instant time = timeOf(kind, new String(bytes, start, i - start, StandardCharsets.UTF_8));
            if (time != null) {
                first = first == null || time.isBefore(first) ? time : first;
                last = last == null || time.isAfter(last) ? time : last;
            }
            start = i + 1;
        }
        return new CaptureManifest.Entry(kind, relative(kind, file), RotatingFiles.sequenceOf(file), rows, bytes.length,
                first, last, HexFormat.of().formatHex(sha256().digest(bytes)));
    }

    private static Instant timeOf(String kind, String line) {
        try {
            JsonNode node = MAPPER.readTree(line);
            JsonNode time = node.get(kind.equals(CaptureManifest.PREDICTIONS) ? "timestamp" : "time");
            return time == null ? null : Instant.parse(time.asText());
        } catch (IOException | RuntimeException e) {
            return null;      // a malformed line: the reader counts it
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
