package org.mlops4j.tracking.jdbc;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlops4j.core.StoreException;
import org.mlops4j.tracking.RunStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which process owns a run, and the ending, when an SQLite store opens, of runs whose process is
 * gone.
 *
 * <p>A run records its creator as {@code <host>|<boot id>|<pid>|<process start ms>}. The process is
 * gone when it ran on this host and either the machine has rebooted since (another Linux boot id)
 * or no live process has that pid and start time (the start time guards against a reused pid). A
 * run created on another host, or whose owner cannot be judged, is left alone.
 */
final class StaleRuns {

    /** The tag set on a run ended because its process is gone. */
    static final String STALE_TAG = "mlops.run.stale";

    /** This process, as runs record it. */
    static final String OWNER = currentOwner();

    private static final Logger LOG = LoggerFactory.getLogger(StaleRuns.class);
    private static final long START_TOLERANCE_MS = 2_000;

    private StaleRuns() {
    }

    private static String currentOwner() {
        ProcessHandle self = ProcessHandle.current();
        String start = self.info().startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse("-");
        return hostName() + "|" + bootId() + "|" + self.pid() + "|" + start;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().replace('|', '_');
        } catch (IOException e) {
            LOG.debug("cannot resolve the local host name; runs are recorded on host 'unknown'", e);
            return "unknown";
        }
    }

    private static String bootId() {
        Path file = Path.of("/proc/sys/kernel/random/boot_id");
        try {
            return Files.isReadable(file) ? Files.readString(file, StandardCharsets.US_ASCII).trim() : "-";
        } catch (IOException e) {
            LOG.debug("cannot read {}; reboots are not detected", file, e);
            return "-";
        }
    }

    /**
     * Decides whether the process that recorded an owner is gone.
     *
     * @param owner an owner string as {@link #OWNER}
     * @return true only when it certainly is
     */
    static boolean isGone(String owner) {
        String[] mine = OWNER.split("\\|", -1);
        String[] parts = owner.split("\\|", -1);
        if (parts.length != 4 || !parts[0].equals(mine[0])) {
            return false;
        }
        if (!parts[1].equals("-") && !mine[1].equals("-") && !parts[1].equals(mine[1])) {
            return true;
        }
        long pid;
        try {
            pid = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            LOG.debug("unreadable run owner '{}'", owner, e);
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        if (parts[3].equals("-")) {
            return false;
        }
        Optional<Instant> started = process.get().info().startInstant();
        if (started.isEmpty()) {
            return false;
        }
        try {
            // A live process with that pid that started at another time reused the pid. The
            // tolerance absorbs rounding between JVMs; a pid is not reused within seconds.
            return Math.abs(started.get().toEpochMilli() - Long.parseLong(parts[3])) > START_TOLERANCE_MS;
        } catch (NumberFormatException e) {
            LOG.debug("unreadable run owner '{}'", owner, e);
            return false;
        }
    }

    /**
     * Ends {@link RunStatus#KILLED} the running runs whose process is gone, with their end time at
     * their last write and the tag {@link #STALE_TAG}. Reads first and writes only when there is
     * such a run, so opening a store takes no write lock for it otherwise. A failure to end them
     * (the store is busy) is logged and leaves them running.
     *
     * @param store the store being opened
     */
    static void endRunsOfGoneProcesses(JdbcStore store) {
        Map<String, String> gone = store.read(c -> {
            Map<String, String> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT run_id, owner FROM runs WHERE status = ? AND owner IS NOT NULL ORDER BY start_time, run_id")) {
                ps.setString(1, RunStatus.RUNNING.name());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (isGone(rs.getString(2))) {
                            out.put(rs.getString(1), rs.getString(2));
                        }
                    }
                }
            }
            return out;
        });
        if (gone.isEmpty()) {
            return;
        }
        List<String> ended;
        try {
            ended = store.write(c -> {
                List<String> done = new ArrayList<>();
                for (Map.Entry<String, String> run : gone.entrySet()) {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET status = ?,"
                            + " end_time = COALESCE(last_activity, start_time) WHERE run_id = ? AND status = ?")) {
                        ps.setString(1, RunStatus.KILLED.name());
                        ps.setString(2, run.getKey());
                        ps.setString(3, RunStatus.RUNNING.name());
                        if (ps.executeUpdate() == 0) {
                            continue;
                        }
                    }
                    String[] owner = run.getValue().split("\\|", -1);
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO tags (run_id, tag_key, tag_value)"
                            + " VALUES (?, ?, ?) ON CONFLICT (run_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value")) {
                        ps.setString(1, run.getKey());
                        ps.setString(2, STALE_TAG);
                        ps.setString(3, "ended KILLED when the store was opened: process " + owner[2] + " on "
                                + owner[0] + " that ran it is gone");
                        ps.executeUpdate();
                    }
                    done.add(run.getKey());
                }
                return done;
            });
        } catch (StoreException e) {
            LOG.warn("{}: could not end the {} running run(s) whose process is gone ({}); they stay RUNNING,"
                    + " Tracker.endStaleRuns ends them later", store, gone.size(), gone.keySet(), e);
            return;
        }
        if (!ended.isEmpty()) {
            LOG.warn("{}: ended {} run(s) KILLED whose process is gone: {}", store, ended.size(), ended);
        }
    }
}
