package dev.loupe.cli.pipeline;

import dev.loupe.cli.DurationOption;
import dev.loupe.core.project.Project;
import dev.loupe.core.project.RetrainingSection;
import dev.loupe.core.rollout.Rollout;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.pipeline.PipelineContext;
import dev.loupe.pipeline.Trainers;
import dev.loupe.pipeline.trigger.PipelineWatcher;
import dev.loupe.pipeline.trigger.TriggerEvaluator;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The automatic retraining triggers inside {@code loupe server}: a {@link PipelineWatcher} over every model
 * with a champion, whose runs put their challengers in front of the server's own traffic through its
 * roll-out (shadow, canary, promote). The caller owns the returned watcher and closes it before the
 * roll-out's server stops.
 */
public final class ServerTriggers {
    private ServerTriggers() {
    }

    /**
     * Starts watching when the project enables an automatic trigger.
     *
     * @param rollout  the server's roll-out (its {@code Serving.rollout()})
     * @param interval how often the triggers are evaluated
     * @return the running watcher; empty when the project enables no automatic trigger
     */
    public static Optional<PipelineWatcher> start(MetadataStore metadata, BlobStore blobs, Project project, Rollout rollout,
                                                  Duration interval) {
        if (!TriggerEvaluator.anyAutomatic(RetrainingSection.of(project).triggers())) {
            return Optional.empty();
        }
        Clock clock = Clock.systemUTC();
        PipelineWatcher watcher = new PipelineWatcher(new PipelineContext(metadata, blobs, project, Trainers.builtIn(clock),
                rollout, clock, PipelineContext.processOwner(), Duration.ofMinutes(1), Duration.ofMillis(200)), m -> true, true);
        watcher.start(interval);
        return Optional.of(watcher);
    }

    /** The project's automatic triggers in words: {@code drift alert, 200 new labels, schedule 7d}; empty for none. */
    public static String describe(Project project) {
        RetrainingSection.Triggers t = RetrainingSection.of(project).triggers();
        List<String> on = new ArrayList<>();
        if (t.onDriftAlert()) {
            on.add("drift alert");
        }
        t.newLabels().ifPresent(n -> on.add(n + " new labels"));
        t.schedule().ifPresent(s -> on.add("schedule " + TriggerEvaluator.describe(s)));
        return String.join(", ", on);
    }

    /**
     * How often triggers are evaluated: a duration such as {@code 30s}, {@code 5m}, {@code 1h}; at least a second.
     *
     * @throws dev.loupe.cli.UserException a usage error naming {@code option}
     */
    public static Duration interval(String option, String text) {
        return DurationOption.atLeast(option, text, Duration.ofSeconds(1));
    }
}
