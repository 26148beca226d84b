package org.mlops4j.tracking;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A search over runs: which experiments, which filter, which order, how many per page, and from
 * which page. Immutable; start with {@link #in(String...)}.
 *
 * <pre>{@code
 * RunPage page = tracker.searchRuns(RunQuery.in(exp.id())
 *         .filter(RunFilter.metric("accuracy").gt(0.9))
 *         .orderBy(RunOrder.byMetric("accuracy", Goal.MAX))
 *         .maxResults(50));
 * }</pre>
 *
 * @param experimentIds the experiments to search; at least one
 * @param filter the conditions runs must meet
 * @param order the order of results
 * @param maxResults the page size, 1 to 50,000
 * @param pageToken where to continue, from a previous {@link RunPage#nextPageToken()}; opaque, and
 *     only meaningful to the store that issued it (a store refuses a token it did not issue with
 *     {@link IllegalArgumentException})
 * @param viewType which runs to show by lifecycle stage; {@link ViewType#ACTIVE_ONLY} unless set
 */
public record RunQuery(List<String> experimentIds, RunFilter filter, RunOrder order, int maxResults,
                       Optional<String> pageToken, ViewType viewType) {

    /** The largest page size, as in MLflow. */
    public static final int MAX_RESULTS_LIMIT = 50_000;

    /**
     * Validates the query.
     *
     * @param experimentIds the experiments to search; at least one
     * @param filter the conditions runs must meet
     * @param order the order of results
     * @param maxResults the page size, 1 to 50,000
     * @param pageToken where to continue, from a previous {@link RunPage#nextPageToken()}; opaque, and
     *     only meaningful to the store that issued it (a store refuses a token it did not issue with
     *     {@link IllegalArgumentException})
     * @param viewType which runs to show by lifecycle stage
     * @throws IllegalArgumentException if no experiment is given or the page size is out of range
     */
    public RunQuery {
        experimentIds = List.copyOf(experimentIds);
        if (experimentIds.isEmpty()) {
            throw new IllegalArgumentException("a run query needs at least one experiment id");
        }
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(pageToken, "pageToken");
        Objects.requireNonNull(viewType, "viewType");
        if (maxResults < 1 || maxResults > MAX_RESULTS_LIMIT) {
            throw new IllegalArgumentException("maxResults must be in [1, " + MAX_RESULTS_LIMIT + "] but was " + maxResults);
        }
        pageToken.ifPresent(t -> {
            if (t.isEmpty()) {
                throw new IllegalArgumentException("pageToken must not be empty");
            }
        });
    }

    /**
     * Creates a query over active runs.
     *
     * @param experimentIds the experiments to search; at least one
     * @param filter the conditions runs must meet
     * @param order the order of results
     * @param maxResults the page size, 1 to 50,000
     * @param pageToken where to continue, from a previous {@link RunPage#nextPageToken()}
     * @throws IllegalArgumentException if no experiment is given or the page size is out of range
     */
    public RunQuery(List<String> experimentIds, RunFilter filter, RunOrder order, int maxResults,
                    Optional<String> pageToken) {
        this(experimentIds, filter, order, maxResults, pageToken, ViewType.ACTIVE_ONLY);
    }

    /**
     * Starts a query over experiments, matching every run, newest first, 1,000 per page.
     *
     * @param experimentIds the experiment ids
     * @return the query
     */
    public static RunQuery in(String... experimentIds) {
        return new RunQuery(List.of(experimentIds), RunFilter.all(), RunOrder.newestFirst(), 1000, Optional.empty());
    }

    /**
     * @param value the filter
     * @return a new query
     */
    public RunQuery filter(RunFilter value) {
        return new RunQuery(experimentIds, value, order, maxResults, pageToken, viewType);
    }

    /**
     * @param value the order
     * @return a new query
     */
    public RunQuery orderBy(RunOrder value) {
        return new RunQuery(experimentIds, filter, value, maxResults, pageToken, viewType);
    }

    /**
     * @param value the page size
     * @return a new query
     */
    public RunQuery maxResults(int value) {
        return new RunQuery(experimentIds, filter, order, value, pageToken, viewType);
    }

    /**
     * @param value a token from {@link RunPage#nextPageToken()}
     * @return a new query
     */
    public RunQuery pageToken(String value) {
        return new RunQuery(experimentIds, filter, order, maxResults, Optional.of(value), viewType);
    }

    /**
     * @param value which runs to show: active (the default), deleted, or both
     * @return a new query
     */
    public RunQuery viewType(ViewType value) {
        return new RunQuery(experimentIds, filter, order, maxResults, pageToken, value);
    }

    /**
     * Returns the offset of the first result, for stores that page by offset (the local stores).
     *
     * @return the offset; 0 without a token
     * @throws IllegalArgumentException if the token was not issued by an offset-paging store
     */
    public int offset() {
        return pageToken.map(PageTokens::offset).orElse(0);
    }
}
