package dev.loupe.pipeline.trigger;

import dev.loupe.core.monitoring.AlertState;
import dev.loupe.core.pipeline.PipelineRun;
import dev.loupe.core.project.RetrainingSection.Triggers;
import dev.loupe.core.registry.ModelVersion;
import dev.loupe.core.store.MetadataStore;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads a model's {@link TriggerSignals} from the metadata store: its newest and active pipeline runs, its
 * champion version's alert rules' states (the monitoring repository; rules named {@code MODEL/VERSION: EXPRESSION},
 * as {@code loupe server} names them: a challenger's alerts are its own, not a reason to retrain the champion), and the feedback labels of its predictions since the last run started. Labels are
 * counted only when the {@code new_labels} trigger is on, up to twice its threshold. Thread-safe when the
 * store is.
 */
public final class StoreSignals {
    private final MetadataStore metadata;
    private final Triggers triggers;

    public StoreSignals(MetadataStore metadata, Triggers triggers) {
        this.metadata = metadata;
        this.triggers = triggers;
    }

    public TriggerSignals read(String model, ModelVersion champion) {
        Optional<PipelineRun> last = metadata.pipelines().history(model, 1).stream().findFirst();
        Optional<Instant> lastStart = last.map(PipelineRun::createdAt);
        Optional<PipelineRun> active = metadata.pipelines().active(model);
        String prefix = AlertState.rulePrefix(model, Integer.toString(champion.version()));
        List<AlertState> alerts = metadata.monitoring().alertStates().stream()
                .filter(a -> a.rule().startsWith(prefix)).toList();
        int cap = 0;
        int labels = 0;
        if (triggers.newLabels().isPresent()) {
            long threshold = triggers.newLabels().getAsInt();
            cap = (int) Math.min(Integer.MAX_VALUE, Math.max(threshold + 1, 2 * threshold));
            labels = metadata.feedback().labelled(model, lastStart.orElse(Instant.EPOCH), cap).size();
        }
        return new TriggerSignals(model, champion.version(), champion.creationTime() == null ? Instant.EPOCH : champion.creationTime(),
                lastStart, active, alerts, labels, cap);
    }
}
