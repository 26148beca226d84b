package org.mlops4j.monitoring;

import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What one key's closed windows hand from the serving thread to the analysis thread and back,
 * without the window's lock: their registrations with the {@link EstimateHistory}, in the order they
 * closed, and the column arrays of an analysed window for a later window to reuse.
 *
 * <p>Thread-safe: the serving thread queues registrations (under the window's lock, which orders
 * them) and takes spare columns; analysis threads register and hand columns back.
 */
final class CloseHandOff {

    private final Queue<Registration> unregistered = new ConcurrentLinkedQueue<>();
    private final Object registering = new Object();
    private final AtomicReference<Object[][]> spareColumns = new AtomicReference<>();

    private record Registration(long window, Instant start, Instant end) {
    }

    /** Queues a window that just closed for registration; called under its window's lock, so in close order. */
    void queueRegistration(long window, Instant start, Instant end) {
        unregistered.add(new Registration(window, start, end));
    }

    /**
     * Registers the closed windows waiting for it with the estimate history, oldest first, so that
     * from now on they count the late labels of their intervals. Called outside the window's lock
     * before a closed window is analysed (or marked unestimated): a label that arrives between the
     * close and this call waits in the history as it would for an open window, and is moved to its
     * window by this registration. The lock keeps the order of the closes when several threads (a
     * pool of analysis threads) register at once.
     *
     * @param window the key's window (its names and the history), whose {@code estimates} may be null
     */
    void registerClosed(VariantWindow window) {
        EstimateHistory estimates = window.estimates;
        if (estimates == null) {
            return;
        }
        synchronized (registering) {
            Registration r;
            while ((r = unregistered.poll()) != null) {
                estimates.register(window.endpoint, window.variant, window.model, r.window(), r.start(), r.end());
            }
        }
    }

    /**
     * Hands back the columns of a closed window whose analysis has finished with them, for a later
     * window of the key to reuse. Cells past a window's row count are never read, so the stale values
     * they hold until overwritten (at most one window's) change nothing but when they are collected.
     *
     * @param done a closed window of this key whose analysis has ended and kept no reference to its columns
     */
    void recycle(ClosedWindow done) {
        Object[][] cols = done.columnsForReuse();
        if (cols != null) {
            spareColumns.set(cols);
        }
    }

    /** @return the columns handed back, or null; each set is taken once */
    Object[][] takeColumns() {
        return spareColumns.getAndSet(null);
    }
}
