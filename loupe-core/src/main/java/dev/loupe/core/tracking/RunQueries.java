package dev.loupe.core.tracking;

import dev.loupe.core.search.Field;
import dev.loupe.core.search.FieldLookup;
import dev.loupe.core.search.OrderBy;
import dev.loupe.core.search.Page;
import dev.loupe.core.search.SearchFilter;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Evaluates a {@link RunSearch} over runs already loaded: filter, order, page. Adapters load the
 * candidate runs (one experiment's worth) and hand them here, so every adapter searches alike.
 */
public final class RunQueries {
    private RunQueries() {
    }

    /**
     * @throws IllegalArgumentException for a filter, order_by or page token that does not parse
     */
    public static Page<Run> search(List<Run> candidates, RunSearch search) {
        SearchFilter filter = SearchFilter.parse(search.filter());
        List<OrderBy> order = OrderBy.parseAll(search.orderBy());
        Comparator<Run> newestFirst = Comparator.comparing((Run r) -> r.info().startTime(),
                Comparator.nullsLast(Comparator.<Instant>reverseOrder())).thenComparing(r -> r.info().runId());
        List<Run> matching = candidates.stream()
                .filter(r -> search.viewType().includes(r.info().lifecycleStage()))
                .filter(r -> filter.matches(fields(r)))
                .sorted(OrderBy.comparator(order, RunQueries::fields, newestFirst))
                .toList();
        return Page.of(matching, search.maxResults(), search.pageToken());
    }

    /** The fields of a run that filters and orderings can name. */
    public static FieldLookup fields(Run run) {
        return (Field f) -> switch (f.entity()) {
            case METRIC -> run.data().metric(f.key()).map(m -> (Object) m.value()).orElse(null);
            case PARAM -> run.data().param(f.key()).orElse(null);
            case TAG -> run.data().tags().get(f.key());
            case DATASET -> run.inputs().stream().map(d -> switch (f.key()) {
                case "name" -> d.name();
                case "digest" -> d.digest();
                case "context" -> d.context();
                default -> throw new IllegalArgumentException("Invalid dataset attribute '" + f.key()
                        + "'. Valid values are name, digest, context");
            }).filter(java.util.Objects::nonNull).toList();
            case ATTRIBUTE -> attribute(run.info(), f.key());
        };
    }

    private static Object attribute(RunInfo info, String key) {
        return switch (key) {
            case "run_id", "run_uuid" -> info.runId();
            case "run_name" -> info.runName();
            case "status" -> info.status().name();
            case "user_id" -> info.userId();
            case "experiment_id" -> info.experimentId();
            case "artifact_uri" -> info.artifactUri();
            case "lifecycle_stage" -> info.lifecycleStage().wireName();
            case "start_time" -> info.startTime() == null ? null : info.startTime().toEpochMilli();
            case "end_time" -> info.endTime() == null ? null : info.endTime().toEpochMilli();
            default -> throw new IllegalArgumentException("Invalid attribute key '" + key + "'. Valid values are run_id, "
                    + "run_name, status, user_id, experiment_id, artifact_uri, lifecycle_stage, start_time, end_time");
        };
    }
}
