package org.mlops4j.tracking;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of search results.
 *
 * @param runs the runs on this page, in the query's order
 * @param nextPageToken the token for the next page; empty on the last page
 */
public record RunPage(List<RunInfo> runs, Optional<String> nextPageToken) {

    /**
     * Freezes the components.
     *
     * @param runs the runs on this page, in the query's order
     * @param nextPageToken the token for the next page; empty on the last page
     */
    public RunPage {
        runs = List.copyOf(runs);
        Objects.requireNonNull(nextPageToken, "nextPageToken");
    }

    /**
     * Cuts one page out of a fully ordered result, for in-memory stores.
     *
     * @param ordered every matching run, in order
     * @param query the query, for its offset and page size
     * @return the page
     */
    public static RunPage slice(List<RunInfo> ordered, RunQuery query) {
        int from = Math.min(query.offset(), ordered.size());
        int to = Math.min(from + query.maxResults(), ordered.size());
        return new RunPage(ordered.subList(from, to),
                to < ordered.size() ? Optional.of(PageTokens.of(to)) : Optional.empty());
    }

    /**
     * Makes a page from a store's result, for stores that fetch one more row than the page size
     * to learn whether a next page exists.
     *
     * @param fetched up to {@code maxResults + 1} runs starting at the query's offset
     * @param query the query
     * @return the page
     */
    public static RunPage fromFetched(List<RunInfo> fetched, RunQuery query) {
        boolean more = fetched.size() > query.maxResults();
        List<RunInfo> runs = more ? fetched.subList(0, query.maxResults()) : fetched;
        return new RunPage(runs, more ? Optional.of(PageTokens.of(query.offset() + runs.size())) : Optional.empty());
    }
}
