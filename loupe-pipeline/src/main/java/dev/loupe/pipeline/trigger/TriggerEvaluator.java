package dev.loupe.pipeline.trigger;

import dev.loupe.core.monitoring.AlertState;
import dev.loupe.core.pipeline.PipelineRun;
import dev.loupe.core.project.RetrainingSection.Schedule;
import dev.loupe.core.project.RetrainingSection.Triggers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Decides, for one model, whether the project's automatic triggers ({@code retraining.triggers}) call for a
 * continuous-training run now. Pure: everything comes in as {@link TriggerSignals} and an instant, so it is
 * tested with fixed times. Thread-safe (immutable).
 *
 * <ul>
 *   <li>{@code on_drift_alert}: one of the champion version's alert rules is firing and started firing after the
 *       last run started (an alert that was already firing then is the one that run answered);</li>
 *   <li>{@code new_labels: N}: at least N feedback labels of the model's predictions were given since the
 *       last run started;</li>
 *   <li>{@code schedule}: the schedule's next time after the last run's start (before any run, after the
 *       champion's registration) has come.</li>
 * </ul>
 *
 * <p>A model with an active run is never due: one run per model at a time. When several triggers are due at
 * once, the run is recorded as {@code drift}, else {@code new-labels}, else {@code schedule}; the others
 * follow in its reason. {@code manual} is not evaluated here: a person starts those runs.
 */
public final class TriggerEvaluator {
    private final Triggers triggers;

    public TriggerEvaluator(Triggers triggers) {
        this.triggers = Objects.requireNonNull(triggers, "triggers");
    }

    /** Whether the project enables any trigger that starts runs by itself. */
    public static boolean anyAutomatic(Triggers triggers) {
        return triggers.onDriftAlert() || triggers.newLabels().isPresent() || triggers.schedule().isPresent();
    }

    /** The decision for the model at {@code now}. */
    public TriggerDecision evaluate(TriggerSignals s, Instant now) {
        if (!anyAutomatic(triggers)) {
            return new TriggerDecision.NotDue("no automatic trigger is enabled (retraining.triggers)");
        }
        if (s.active().isPresent()) {
            PipelineRun run = s.active().get();
            return new TriggerDecision.NotDue("run " + run.id() + " is active (" + run.state().name() + ", "
                    + run.trigger() + ", started " + run.createdAt() + ")");
        }
        List<TriggerDecision.Due> due = new ArrayList<>();
        List<String> quiet = new ArrayList<>();
        String sinceWhat = s.lastRunStart().map(t -> "since the last run (" + t + ")").orElse("(no run yet)");
        if (triggers.onDriftAlert()) {
            String prefix = s.alertPrefix();
            List<AlertState> firing = s.alerts().stream()
                    .filter(a -> a.rule().startsWith(prefix) && a.status() == AlertState.Status.FIRING)
                    .filter(a -> a.since().isAfter(s.since()))
                    .sorted(Comparator.comparing(AlertState::since)).toList();
            if (firing.isEmpty()) {
                quiet.add("no alert started firing " + sinceWhat);
            } else {
                AlertState first = firing.getFirst();
                due.add(new TriggerDecision.Due("drift", "drift alert " + first.rule().substring(prefix.length())
                        + " firing since " + first.since()
                        + (firing.size() > 1 ? " (and " + (firing.size() - 1) + " more)" : "")));
            }
        }
        if (triggers.newLabels().isPresent()) {
            int threshold = triggers.newLabels().getAsInt();
            String count = s.newLabels() + (s.newLabels() == s.labelCountCap() ? "+" : "");
            if (s.newLabels() >= threshold) {
                due.add(new TriggerDecision.Due("new-labels", count + " new labels >= " + threshold));
            } else {
                quiet.add(count + " new labels < " + threshold + " " + sinceWhat);
            }
        }
        if (triggers.schedule().isPresent()) {
            Schedule schedule = triggers.schedule().get();
            Instant anchor = s.lastRunStart().orElse(s.championSince());
            Instant next = schedule.nextAfter(anchor);
            if (!next.isAfter(now)) {
                due.add(new TriggerDecision.Due("schedule", "schedule " + describe(schedule) + ": due since " + next));
            } else {
                quiet.add("schedule " + describe(schedule) + ": next run at " + next);
            }
        }
        if (due.isEmpty()) {
            return new TriggerDecision.NotDue(String.join("; ", quiet));
        }
        TriggerDecision.Due first = due.getFirst();
        if (due.size() == 1) {
            return first;
        }
        List<String> others = due.subList(1, due.size()).stream().map(TriggerDecision.Due::reason).toList();
        return new TriggerDecision.Due(first.trigger(), first.reason() + "; also " + String.join("; ", others));
    }

    /** {@code 7d}, {@code 12h}, {@code 90m}, or the cron expression. */
    public static String describe(Schedule schedule) {
        return switch (schedule) {
            case Schedule.Every e -> duration(e.interval());
            case Schedule.CronSchedule c -> "'" + c.cron() + "'";
        };
    }

    private static String duration(Duration d) {
        if (d.toSeconds() % 86_400 == 0) {
            return d.toDays() + "d";
        }
        if (d.toSeconds() % 3_600 == 0) {
            return d.toHours() + "h";
        }
        if (d.toSeconds() % 60 == 0) {
            return d.toMinutes() + "m";
        }
        return d.toSeconds() + "s";
    }
}
