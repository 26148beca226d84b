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
import java.util.Comparator;
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
    /** The next file's sequence number, past every log file in the directory; -1 until the first file. */
    private long sequence = -1;

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
        if (sequence < 0) {
            // Continue after the files already there (an earlier run's), whatever their timestamps say.
            sequence = 0;
            for (Path file : logFiles()) {
                sequence = Math.max(sequence, sequenceOf(file) + 1);
            }
        }
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
        List<Path> files = logFiles();
        // Age is the file's sequence, which only grows: the timestamp in a name goes back with the
        // clock (a clock stepped back a day must not make the newest files look the oldest).
        files.sort(Comparator.comparingLong(RotatingFiles::sequenceOf).thenComparing(Comparator.naturalOrder()));
        for (int i = 0; i < files.size() - maxFiles; i++) {
            Files.deleteIfExists(files.get(i));
        }
    }

    private List<Path> logFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(directory)) {
            listing.filter(RotatingFiles::isLogFile).forEach(files::add);
        }
        return files;
    }

    /** @return the sequence number in a log file's name ({@code predictions-<stamp>-<n>.jsonl}), or -1 */
    static long sequenceOf(Path file) {
        String name = file.getFileName().toString();
        int dash = name.lastIndexOf('-');
        try {
            return Long.parseLong(name.substring(dash + 1, name.length() - SUFFIX.length()));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return -1;
        }
    }

    static boolean isLogFile(Path path) {
        String name = path.getFileName().toString();
        return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
    }
}
