package dev.loupe.core.tracking;

import java.util.List;

/**
 * A search over runs, as MLflow's {@code runs/search} takes it.
 *
 * @param experimentIds the experiments to search; required, not empty
 * @param filter        MLflow filter syntax ({@link dev.loupe.core.search.SearchFilter}), null for all
 * @param viewType      active, deleted or all runs
 * @param maxResults    page size, positive
 * @param orderBy       clauses such as {@code metrics.auc DESC}; ties and no clauses: newest start first
 * @param pageToken     from the previous page, null for the first
 */
public record RunSearch(List<String> experimentIds, String filter, ViewType viewType, int maxResults,
                        List<String> orderBy, String pageToken) {
    public RunSearch {
        experimentIds = List.copyOf(experimentIds);
        viewType = viewType == null ? ViewType.ACTIVE_ONLY : viewType;
        orderBy = orderBy == null ? List.of() : List.copyOf(orderBy);
    }

    /** Every active run of the given experiments, up to 1,000, newest first. */
    public static RunSearch of(String... experimentIds) {
        return new RunSearch(List.of(experimentIds), null, ViewType.ACTIVE_ONLY, 1000, List.of(), null);
    }
}
