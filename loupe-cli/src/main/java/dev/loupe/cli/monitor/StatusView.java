package dev.loupe.cli.monitor;

import dev.loupe.core.monitoring.DriftAlarm;
import dev.loupe.monitor.reference.Reference;
import dev.loupe.monitor.watch.DetectorState;
import dev.loupe.monitor.watch.LogReplay;
import dev.loupe.monitor.watch.ModelMonitor;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Prints a model's detectors and what is drifting, since when, how much. */
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
