package dev.loupe.core.project;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code retraining} section of {@code loupe.yaml}: what starts the continuous-training pipeline,
 * which data it assembles, how it trains, and how the challenger meets live traffic.
 *
 * <pre>
 * retraining:
 *   triggers:
 *     on_drift_alert: true        # a drift alarm of the champion starts a run
 *     new_labels: 200             # this many newly labelled production images start a run
 *     schedule: 7d                # an interval (90m, 12h, 7d) or a cron expression "0 3 * * 1" (UTC)
 *     manual: true                # `loupe pipeline run` may start one
 *   data:
 *     min_new_labels: 1           # fewer newly labelled images: the run stops, nothing to learn from
 *     max_new_images: 10000       # at most this many, newest kept
 *     split: [0.6, 0.1, 0.3]      # train, validation, test shares of the new images
 *   trainer: baseline             # baseline | cnn | external
 *   params: {}                    # trainer parameters
 *   seed: 42
 *   max_attempts: 2               # a step interrupted by a crash is re-run this many times in all
 *   rollout:
 *     shadow_requests: 200        # live images the challenger scores in shadow
 *     canary_share: 0.1           # share of requests it answers in canary
 *     canary_requests: 500        # requests it must answer in canary...
 *     canary_duration: 30m        # ...and for at least this long
 *     max_live_regression: 0.02   # rolled back when its live error rate exceeds the champion's by more
 *     timeout: 24h                # a phase without enough traffic this long is rolled back (> canary_duration)
 * </pre>
 */
public record RetrainingSection(Triggers triggers, DataPolicy data, String trainer, Map<String, String> params,
                                long seed, int maxAttempts, RolloutPolicy rollout) {

    public RetrainingSection {
        params = Map.copyOf(params);
    }

    /**
     * @param onDriftAlert a drift alarm on the champion starts a run
     * @param newLabels    this many newly labelled production images start a run
     * @param schedule     runs on a schedule
     * @param manual       a person may start a run
     */
    public record Triggers(boolean onDriftAlert, OptionalInt newLabels, Optional<Schedule> schedule, boolean manual) {
    }

    /** When scheduled runs are due. */
    public sealed interface Schedule {
        /** The first time at or after which a run is due, given the previous run's start. */
        Instant nextAfter(Instant previous);

        record Every(Duration interval) implements Schedule {
            @Override
            public Instant nextAfter(Instant previous) {
                return previous.plus(interval);
            }
        }

        record CronSchedule(Cron cron) implements Schedule {
            @Override
            public Instant nextAfter(Instant previous) {
                return cron.nextAfter(previous);
            }
        }
    }

    /**
     * Which data a run assembles: the champion's dataset version plus newly labelled production images.
     *
     * @param minNewLabels fewer new labelled images than this stops the run
     * @param maxNewImages at most this many new images, the newest
     * @param train        share of new images for training
     * @param validation   share for validation
     * @param test         share for test (the "new conditions" the gate checks)
     */
    public record DataPolicy(int minNewLabels, int maxNewImages, double train, double validation, double test) {
    }

    /**
     * @param shadowRequests    live images the challenger scores in shadow before the canary
     * @param canaryShare       share of requests the challenger answers in canary
     * @param canaryRequests    requests it must answer in canary
     * @param canaryDuration    minimum time in canary
     * @param maxLiveRegression largest allowed rise of the live error rate (and failure rate) over the champion's
     * @param timeout           a phase that sees too little traffic for this long is rolled back
     */
    public record RolloutPolicy(int shadowRequests, double canaryShare, int canaryRequests, Duration canaryDuration,
                                double maxLiveRegression, Duration timeout) {
    }

    public static RetrainingSection defaults() {
        return new RetrainingSection(new Triggers(true, OptionalInt.of(200), Optional.empty(), true),
                new DataPolicy(1, 10_000, 0.6, 0.1, 0.3), "baseline", Map.of(), 42, 2,
                new RolloutPolicy(200, 0.1, 500, Duration.ofMinutes(30), 0.02, Duration.ofHours(24)));
    }

    /**
     * Reads the project's section; defaults for whatever it omits.
     *
     * @throws ProjectException naming the line and field of a wrong value
     */
    public static RetrainingSection of(Project project) {
        SectionReader r = new SectionReader(project);
        RetrainingSection d = defaults();
        return r.section("retraining", Set.of("triggers", "data", "trainer", "params", "seed", "max_attempts", "rollout"))
                .map(s -> read(r, s, d)).orElse(d);
    }

    private static RetrainingSection read(SectionReader r, JsonNode s, RetrainingSection d) {
        Triggers triggers = r.child(s, "retraining.triggers", Set.of("on_drift_alert", "new_labels", "schedule", "manual"))
                .map(t -> triggers(r, t, d.triggers())).orElse(d.triggers());
        DataPolicy data = r.child(s, "retraining.data", Set.of("min_new_labels", "max_new_images", "split"))
                .map(t -> data(r, t, d.data())).orElse(d.data());
        String trainer = r.text(s, "retraining.trainer").orElse(d.trainer());
        if (!Set.of("baseline", "cnn", "external").contains(trainer)) {
            throw r.error("retraining.trainer", "must be baseline, cnn or external (got '" + trainer + "')");
        }
        Map<String, String> params = new TreeMap<>();
        JsonNode p = s.get("params");
        if (p != null && !p.isNull()) {
            if (!p.isObject()) {
                throw r.error("retraining.params", "must be a map of trainer parameters");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isValueNode()) {
                    throw r.error("retraining.params." + e.getKey(), "must be a single value");
                }
                params.put(e.getKey(), e.getValue().asText());
            }
        }
        long seed = r.wholeNumber(s, "retraining.seed", 0, Long.MAX_VALUE, d.seed()); // as `loupe train --seed` takes
        int attempts = r.integer(s, "retraining.max_attempts", 1, 10, d.maxAttempts());
        RolloutPolicy rollout = r.child(s, "retraining.rollout", Set.of("shadow_requests", "canary_share",
                        "canary_requests", "canary_duration", "max_live_regression", "timeout"))
                .map(t -> rollout(r, t, d.rollout())).orElse(d.rollout());
        return new RetrainingSection(triggers, data, trainer, params, seed, attempts, rollout);
    }

    private static Triggers triggers(SectionReader r, JsonNode t, Triggers d) {
        OptionalInt newLabels = d.newLabels();
        if (t.has("new_labels")) {
            newLabels = t.get("new_labels").isNull() ? OptionalInt.empty()
                    : OptionalInt.of(r.integer(t, "retraining.triggers.new_labels", 1, Integer.MAX_VALUE, 1));
        }
        Optional<Schedule> schedule = r.text(t, "retraining.triggers.schedule").map(text -> schedule(r, text));
        return new Triggers(r.bool(t, "retraining.triggers.on_drift_alert", d.onDriftAlert()), newLabels, schedule,
                r.bool(t, "retraining.triggers.manual", d.manual()));
    }

    private static Schedule schedule(SectionReader r, String text) {
        String field = "retraining.triggers.schedule";
        if (text.strip().split("\\s+").length == 5) {
            try {
                return new Schedule.CronSchedule(Cron.parse(text));
            } catch (IllegalArgumentException e) {
                throw r.error(field, e.getMessage());
            }
        }
        Duration every = r.duration(field, text);
        if (every.toMinutes() < 1) {
            throw r.error(field, "must be at least 1m (got '" + text + "')");
        }
        return new Schedule.Every(every);
    }

    private static DataPolicy data(SectionReader r, JsonNode t, DataPolicy d) {
        double train = d.train();
        double validation = d.validation();
        double test = d.test();
        JsonNode split = t.get("split");
        if (split != null && !split.isNull()) {
            String field = "retraining.data.split";
            if (!split.isArray() || split.size() != 3 || !split.get(0).isNumber() || !split.get(1).isNumber()
                    || !split.get(2).isNumber()) {
                throw r.error(field, "must be [train, validation, test] shares such as [0.6, 0.1, 0.3] (got " + split + ")");
            }
            train = split.get(0).asDouble();
            validation = split.get(1).asDouble();
            test = split.get(2).asDouble();
            if (train <= 0 || validation < 0 || test <= 0 || Math.abs(train + validation + test - 1) > 1e-3) {
                throw r.error(field, "train and test shares must be above 0 and all three sum to 1 (got " + split + ")");
            }
        }
        // at least 1: a run with no new image has nothing to learn and always stops at assembling
        int min = r.integer(t, "retraining.data.min_new_labels", 1, Integer.MAX_VALUE, d.minNewLabels());
        int max = r.integer(t, "retraining.data.max_new_images", 1, Integer.MAX_VALUE, d.maxNewImages());
        if (min > max) {
            throw r.error("retraining.data.min_new_labels", "cannot exceed max_new_images (" + max + ")");
        }
        return new DataPolicy(min, max, train, validation, test);
    }

    private static RolloutPolicy rollout(SectionReader r, JsonNode t, RolloutPolicy d) {
        double share = r.number(t, "retraining.rollout.canary_share", 0, 1, d.canaryShare());
        if (share <= 0 || share >= 1) {
            throw r.error("retraining.rollout.canary_share", "must be above 0 and below 1 (got " + share + ")");
        }
        Duration canaryDuration = r.duration(t, "retraining.rollout.canary_duration", d.canaryDuration());
        Duration timeout = r.duration(t, "retraining.rollout.timeout", d.timeout());
        // a phase is rolled back at the timeout: a canary that must last longer could never be judged,
        // and every run would end "too little traffic" however much traffic it saw
        if (timeout.compareTo(canaryDuration) <= 0) {
            throw r.error("retraining.rollout.timeout", "must be longer than canary_duration (" + text(canaryDuration)
                    + "), got " + text(timeout));
        }
        return new RolloutPolicy(
                r.integer(t, "retraining.rollout.shadow_requests", 0, Integer.MAX_VALUE, d.shadowRequests()),
                share,
                r.integer(t, "retraining.rollout.canary_requests", 0, Integer.MAX_VALUE, d.canaryRequests()),
                canaryDuration,
                r.number(t, "retraining.rollout.max_live_regression", 0, 1, d.maxLiveRegression()),
                timeout);
    }

    private static String text(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
