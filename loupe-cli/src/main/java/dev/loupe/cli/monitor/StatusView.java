package dev.loupe.cli.monitor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.cli.JsonOutput;
import dev.loupe.core.monitoring.AlertState;
import dev.loupe.core.monitoring.DriftAlarm;
import dev.loupe.monitor.reference.Reference;
import dev.loupe.monitor.watch.DetectorState;
import dev.loupe.monitor.watch.LogReplay;
import dev.loupe.monitor.watch.ModelMonitor;
import dev.loupe.monitor.watch.MonitorJson;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Prints a model's detectors and what is drifting, since when, how much, as text or JSON. */
final class StatusView {
    private StatusView() {
    }

    static void print(PrintWriter out, Reference ref, ModelMonitor monitor, LogReplay.Result result, List<DriftAlarm> alarms) {
        out.printf(Locale.ROOT, "%s version %s: reference %s (%d images, built %s)%n", ref.model(), ref.version(),
                ref.dataset(), ref.size(), ref.createdAt());
        out.printf(Locale.ROOT, "predictions: %d%s%n", result.predictions(),
                result.first().map(f -> " from " + f + " to " + result.last().orElseThrow()).orElse(""));
        out.printf(Locale.ROOT, "%-14s %10s %10s %8s  %s%n", "detector", "statistic", "threshold", "episodes", "latest drift episode");
        for (DetectorState d : monitor.detectors()) {
            long count = alarms.stream().filter(a -> a.monitor().equals(d.monitor())).count();
            String last = alarms.stream().filter(a -> a.monitor().equals(d.monitor())).reduce((a, b) -> b)
                    .map(StatusView::describe).orElse("-");
            out.printf(Locale.ROOT, "%-14s %10.2f %10.2f %8d  %s%n", d.monitor(), d.statistic(), d.threshold(), count, last);
        }
        List<String> nan = monitor.detectors().stream().filter(d -> d.missing() > 0 && !d.monitor().equals("missing"))
                .map(d -> d.monitor() + " " + d.missing()).toList();
        if (!nan.isEmpty()) { // a NaN has no rank: counted here and watched by the missing detector, never fed as a low value
            out.printf(Locale.ROOT, "NaN values (left out of their detectors): %s%n", String.join(", ", nan));
        }
        if (alarms.isEmpty()) {
            out.println("no drift: every detector within its false-alarm budget");
        } else {
            out.println("DRIFTING: " + String.join(", ", alarms.stream().map(DriftAlarm::monitor).distinct().toList()));
        }
    }

    /**
     * What {@code monitor status --json} prints: the server's {@code /v1/models/M/monitor} shape
     * ({@link MonitorJson#status}) with the alert states of the version's rules, plus the replay
     * ({@code since}, {@code predictions}, {@code first}, {@code last}), the recorded {@code alarms} since
     * then, oldest first, and the monitors {@code drifting}.
     */
    static ObjectNode json(Reference ref, MonitorSession.Replayed r, Instant since, List<DriftAlarm> alarms,
                           List<AlertState> alerts) {
        String prefix = AlertState.rulePrefix(ref.model(), ref.version());
        ObjectNode n = (ObjectNode) JsonOutput.tree(MonitorJson.status(r.monitor(), r.estimator(),
                alerts.stream().filter(a -> a.rule().startsWith(prefix)).toList()));
        JsonOutput.time(n, "since", since);
        n.put("predictions", r.result().predictions());
        JsonOutput.time(n, "first", r.result().first().orElse(null));
        JsonOutput.time(n, "last", r.result().last().orElse(null));
        ArrayNode list = n.putArray("alarms");
        alarms.forEach(a -> list.add(alarm(a)));
        ArrayNode drifting = n.putArray("drifting");
        alarms.stream().map(DriftAlarm::monitor).distinct().forEach(drifting::add);
        return n;
    }

    /** An alarm with its {@code monitor}, in {@link MonitorJson#alarm}'s shape. */
    static ObjectNode alarm(DriftAlarm a) {
        ObjectNode n = JsonOutput.object().put("monitor", a.monitor());
        n.setAll((ObjectNode) JsonOutput.tree(MonitorJson.alarm(a)));
        return n;
    }

    static String describe(DriftAlarm a) {
        String size = switch (a.monitor()) {
            case "defect-share", "error-rate", "missing" -> String.format(Locale.ROOT, "rate %.3f", a.effectSize());
            case "embedding" -> String.format(Locale.ROOT, "mean moved %.2f sigma", a.effectSize()); // Mahalanobis, in the projection
            default -> String.format(Locale.ROOT, "%+.2f sigma", a.effectSize());
        };
        return String.format(Locale.ROOT, "%s %s since %s (%s), alarm at %s after %d predictions", a.direction(), size,
                a.startTime(), a.startRequestId(), a.alarmTime(), a.observations());
    }
}
