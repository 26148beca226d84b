package org.mlops4j.serving;

import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;

/**
 * A task that gives back what its caller took for it (a shadow permit, a slot of a variant's
 * lane) exactly once: before its outcome is published, so a caller woken by the outcome finds the
 * permit free, or, for a task cancelled before it started, when its runner skips it. A cancelled
 * task whose model ignores the interrupt keeps its permit until the model returns. Data plane,
 * package-private: shared by {@link ShadowStrategy} and {@link TimeoutPool}.
 *
 * @param <O> the task's result type
 */
class PermitTask<O> extends FutureTask<O> {

    private final Runnable release;
    /** Read and written only by the runner thread that runs this task. */
    private boolean released;

    PermitTask(Callable<O> task, Runnable release) {
        super(task);
        this.release = release;
    }

    @Override
    public void run() {
        try {
            super.run();
        } finally {
            free();
        }
    }

    @Override
    protected void set(O value) {
        free();
        super.set(value);
    }

    @Override
    protected void setException(Throwable error) {
        free();
        super.setException(error);
    }

    private void free() {
        if (!released) {
            released = true;
            release.run();
        }
    }
}
