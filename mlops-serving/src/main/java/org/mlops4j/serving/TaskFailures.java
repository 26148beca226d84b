package org.mlops4j.serving;

import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Rethrows on the waiting thread what a task threw on another (a variant under a timeout, a shadow
 * call, a batch chunk). Data plane, {@code mlops-serving}; package-private.
 */
final class TaskFailures {

    private TaskFailures() {
    }

    /**
     * Rethrows the cause of a task's failure: a {@code RuntimeException} or an {@code Error} as it
     * is, a checked exception as {@code checked} makes it.
     *
     * @param e the failure, as {@code Future.get} reports it
     * @param checked what to make of a checked exception
     * @return never: declared so that a caller writes {@code throw TaskFailures.rethrow(...)}
     */
    static RuntimeException rethrow(ExecutionException e, Function<Throwable, RuntimeException> checked) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException re) {
            throw re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        throw checked.apply(cause);
    }

    /**
     * Throws a checked exception without declaring it, so that the caller's own handling of any
     * {@code Throwable} sees the original.
     *
     * @param t the exception
     * @return never
     */
    static RuntimeException sneaky(Throwable t) {
        TaskFailures.<RuntimeException>throwAs(t);
        throw new AssertionError("unreachable");
    }

    /** Throws {@code t} as a {@code T}: erased to {@code Throwable}, so no cast is checked at run time. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void throwAs(Throwable t) throws T {
        throw (T) t;
    }
}
