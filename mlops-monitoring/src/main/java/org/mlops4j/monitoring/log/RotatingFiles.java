package org.mlops4j.monitoring.log;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.mlops4j.core.Clock;

/**
 * The files of a prediction log: the current one, rotation by size and deletion of the oldest.
 * Not thread-safe: used by the writer thread only.
 */
final class RotatingFiles implements AutoCloseable {

    static final String PREFIX = "predictions-";
    static final String SUFFIX = ".jsonl";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path directory;
    private final long maxFileBytes;
    private final int maxFiles;
    private final Clock clock;
    private OutputStream out;
    private long bytesInFile;
    private long sequence;

    RotatingFiles(Path directory, long maxFileBytes, int maxFiles, Clock clock) {
        this.directory = directory;
        this.maxFileBytes = maxFileBytes;
        this.maxFiles = maxFiles;
        this.clock = clock;
    }

    /** Writes one line (the newline is added), starting a new file first if this one would overflow. */
    void write(byte[] line) throws IOException {
        long size = line.length + 1L;
        if (out != null && bytesInFile > 0 && bytesInFile + size > maxFileBytes) {
            closeCurrent();
        }
        if (out == null) {
            openNext();
        }
        // Count before writing so that a failed write still moves the next line to a fresh file
        // rather than appending to a possibly torn one forever.
        bytesInFile += size;
        out.write(line);
        out.write('\n');
    }

    void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    /** Drops the current file after a failure, so the next write starts a new one. */
    void abandonCurrent() {
        OutputStream failed = out;
        out = null;
        if (failed != null) {
            try {
                failed.close();
            } catch (IOException ignored) {
                // Already failing; the original error has been reported.
            }
        }
    }

    @Override
    public void close() throws IOException {
        closeCurrent();
    }

    private void closeCurrent() throws IOException {
        OutputStream current = out;
        out = null;
        if (current != null) {
            current.close();
        }
    }

    private void openNext() throws IOException {
        String stamp = STAMP.format(clock.now());
        while (true) {
            Path file = directory.resolve(PREFIX + stamp + "-" + String.format("%06d", sequence++) + SUFFIX);
            try {
                out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE));
                bytesInFile = 0;
                break;
            } catch (FileAlreadyExistsException e) {
                // A file from an earlier run in the same second; take the next sequence number.
            }
        }
        deleteOldest();
    }

    private void deleteOldest() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(directory)) {
            listing.filter(RotatingFiles::isLogFile).forEach(files::add);
        }
        // Names start with a UTC timestamp and a zero-padded sequence, so name order is age order.
        files.sort(null);
        for (int i = 0; i < files.size() - maxFiles; i++) {
            Files.deleteIfExists(files.get(i));
        }
    }

    static boolean isLogFile(Path path) {
        String name = path.getFileName().toString();
        return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
    }
}
