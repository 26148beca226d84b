package org.mlops4j.monitoring.review;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.review.ReviewStore;

/** A review store whose {@code figures} fails on demand, for the monitor's failure tests. */
public final class ReviewStoreFailures {

    private ReviewStoreFailures() {
    }

    /**
     * The store, except that {@code figures(queue)} throws a {@link StoreException} while
     * {@code failing} is set.
     *
     * @param store the store every other call goes to
     * @param queue the queue whose figures fail
     * @param failing whether they fail now
     * @return the store
     */
    public static ReviewStore failingFigures(ReviewStore store, String queue, AtomicBoolean failing) {
        return failingFigures(store, queue, failing, q -> new StoreException("database down reading " + q));
    }

    /**
     * The store, except that {@code figures(queue)} throws {@code failure.apply(queue)} while
     * {@code failing} is set.
     *
     * @param store the store every other call goes to
     * @param queue the queue whose figures fail
     * @param failing whether they fail now
     * @param failure what they throw
     * @return the store
     */
    public static ReviewStore failingFigures(ReviewStore store, String queue, AtomicBoolean failing,
                                             Function<String, RuntimeException> failure) {
        return (ReviewStore) Proxy.newProxyInstance(ReviewStore.class.getClassLoader(),
                new Class<?>[] {ReviewStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("figures") && queue.equals(args[0]) && failing.get()) {
                        throw failure.apply(queue);
                    }
                    if (method.getName().equals("toString")) {
                        return "flaky " + store;
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
