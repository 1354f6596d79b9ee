package dev.loupe.pipeline.trigger;

import dev.loupe.core.monitoring.AlertState;
import dev.loupe.core.pipeline.PipelineRun;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the triggers of one model are decided on, read from the metadata store at one moment.
 *
 * @param model             the registered model
 * @param championVersion   its champion version, the one served: the alerts that count are this version's
 * @param championSince     when the champion version was registered; the schedule's start before any run
 * @param lastRunStart      when the model's newest pipeline run started (any trigger, any outcome)
 * @param active            the model's active run, if any
 * @param alerts            the champion version's alert rules' current states (rules named
 *                          {@code MODEL/VERSION: EXPRESSION}, {@link AlertState#ruleName}, as the server names them)
 * @param newLabels         feedback labels of the model's predictions given since {@link #since()}, counted up to
 *                          {@code labelCountCap}
 * @param labelCountCap     the count stops here: {@code newLabels == labelCountCap} means at least that many
 */
public record TriggerSignals(String model, int championVersion, Instant championSince, Optional<Instant> lastRunStart,
                            Optional<PipelineRun> active, List<AlertState> alerts, int newLabels, int labelCountCap) {
    public TriggerSignals {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(championSince, "championSince");
        Objects.requireNonNull(lastRunStart, "lastRunStart");
        Objects.requireNonNull(active, "active");
        alerts = List.copyOf(alerts);
        if (newLabels < 0 || newLabels > labelCountCap) {
            throw new IllegalArgumentException("newLabels must be in [0, " + labelCountCap + "], got " + newLabels);
        }
    }

    /** Alerts and labels count from here: the last run's start, else the beginning of time. */
    public Instant since() {
        return lastRunStart.orElse(Instant.EPOCH);
    }

    /** The prefix of the champion version's alert rules' names: {@code MODEL/VERSION: }. */
    public String alertPrefix() {
        return AlertState.rulePrefix(model, Integer.toString(championVersion));
    }
}
