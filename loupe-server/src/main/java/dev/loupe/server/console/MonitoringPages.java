package dev.loupe.server.console;

import dev.loupe.core.image.ImageStats;
import dev.loupe.core.monitoring.DriftAlarm;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.monitoring.PredictionQuery;
import dev.loupe.core.monitoring.StoredReference;
import dev.loupe.core.monitoring.TrafficBucket;
import dev.loupe.core.registry.RegisteredModel;
import dev.loupe.server.QueryParams;
import io.helidon.webserver.http.ServerRequest;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Page 5, monitoring: per model, each monitored statistic's mean over time against its reference band,
 * drift alarms marked at their estimated start with their threshold, the score distribution now against
 * the reference, and sample images from before and after the latest alarm's change.
 */
final class MonitoringPages {
    static final int BUCKETS = 96;
    static final int RECENT_SCORES = 2_000;
    static final int SAMPLES = 6;
    static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final ConsoleContext ctx;
    private final ReferenceBands references;

    MonitoringPages(ConsoleContext ctx) {
        this.ctx = ctx;
        this.references = new ReferenceBands(ctx.blobs());
    }

    String list(ServerRequest req, Principal who) {
        Instant now = ctx.now();
        TreeSet<String> names = new TreeSet<>();
        ctx.store().registry().models().stream().map(RegisteredModel::name).forEach(names::add);
        List<TrafficBucket> day = ctx.store().predictionSummaries().traffic(Optional.empty(), now.minus(Duration.ofDays(1)), now,
                Duration.ofDays(1));
        day.forEach(b -> names.add(b.model()));
        Html h = new Html();
        h.raw("<table id=\"monitored\">").head("model", "predictions (24 h)", "alarms (24 h)", "reference");
        for (String name : names) {
            long n = day.stream().filter(b -> b.model().equals(name)).mapToLong(TrafficBucket::total).sum();
            int alarms = ctx.store().monitoring().alarms(name, now.minus(Duration.ofDays(1))).size();
            Optional<StoredReference> ref = ctx.store().monitoring().latestReference(name);
            h.raw("<tr><td>").link("/monitoring/" + Paths.seg(name), name).raw("</td><td class=\"num\">").text(n)
                    .raw("</td><td class=\"num\">").text(alarms).raw("</td>")
                    .el("td", ref.map(r -> "v" + r.version() + " from " + r.dataset() + " (" + r.size() + " images)").orElse("none"))
                    .raw("</tr>");
        }
        h.raw("</table>");
        return Layout.page("Monitoring", "/monitoring", who, h, false);
    }

    String model(ServerRequest req, Principal who) {
        String model = req.path().pathParameters().get("model");
        int hours = Math.clamp(req.query().first("hours").asOptional().map(h -> QueryParams.positiveInt("hours", h)).orElse(24), 1, 24 * 14);
        Instant now = ctx.now();
        Instant from = now.minus(Duration.ofHours(hours));
        Duration width = Duration.ofMillis(Math.max(1000, Duration.ofHours(hours).toMillis() / BUCKETS));
        List<TrafficBucket> buckets = ctx.store().predictionSummaries().traffic(Optional.of(model), from, now, width);
        List<DriftAlarm> alarms = ctx.store().monitoring().alarms(model, from);
        Optional<ReferenceBands.Summary> ref = ctx.store().monitoring().latestReference(model).map(references::of);
        Html h = new Html();
        h.raw("<p>").text("Last " + hours + " h, " + buckets.stream().mapToLong(TrafficBucket::total).sum() + " predictions in "
                + width.toMinutes() + "-minute buckets · reference: "
                + ref.map(r -> "v" + r.version() + " from " + r.dataset() + " (" + r.size() + " images)").orElse("none")).raw("</p>");
        alarmTable(h, alarms);
        h.el("h2", "Monitored statistics");
        List<String> labels = buckets.stream().map(b -> LABEL.format(b.start())).toList();
        List<String> monitored = new ArrayList<>(ImageStats.NAMES);
        monitored.add("score");
        for (String stat : monitored) {
            statisticChart(h, stat, buckets, labels, alarms, ref.map(r -> r.bands().get(stat)));
        }
        scoreDistribution(h, model, from, ref);
        if (!alarms.isEmpty()) {
            beforeAfter(h, alarms.getLast());
        }
        return Layout.page("Monitoring " + model, "/monitoring", who, h, true);
    }

    private static void alarmTable(Html h, List<DriftAlarm> alarms) {
        h.el("h2", "Drift alarms");
        if (alarms.isEmpty()) {
            h.raw("<p id=\"alarms\" class=\"muted\">No alarm in this window.</p>");
            return;
        }
        h.raw("<table id=\"alarms\">").head("monitor", "direction", "version", "estimated start", "alarm", "statistic", "threshold",
                "effect", "predictions to detect");
        for (DriftAlarm a : alarms.reversed()) {
            h.row(a.monitor(), a.direction(), a.version(), a.startTime() + " (" + a.startRequestId() + ")", a.alarmTime(),
                    Html.num(a.statistic()), Html.num(a.threshold()), Html.num(a.effectSize()), a.observations());
        }
        h.raw("</table>");
    }

    private static void statisticChart(Html h, String stat, List<TrafficBucket> buckets, List<String> labels,
                                       List<DriftAlarm> alarms, Optional<ReferenceBands.Band> band) {
        double[] mean = buckets.stream().mapToDouble(b -> stat.equals("score") ? b.meanScore() : b.meanStats().get(stat)).toArray();
        h.el("h3", stat);
        Charts c = Charts.line(labels).yTitle("mean " + stat);
        if (band.isPresent()) {
            ReferenceBands.Band b = band.get();
            c.series("reference 95th pct", constant(mean.length, b.p95()), Map.of("borderColor", "#9fd3a7", "pointRadius", 0,
                    "borderWidth", 1));
            c.series("reference 5th pct", constant(mean.length, b.p05()), Map.of("borderColor", "#9fd3a7", "pointRadius", 0,
                    "borderWidth", 1, "backgroundColor", "rgba(92,184,92,0.15)", "fill", "-1"));
            c.series("reference mean", constant(mean.length, b.mean()), Map.of("borderColor", "#5cb85c", "pointRadius", 0,
                    "borderDash", List.of(4, 4), "borderWidth", 1));
        }
        c.series("mean per bucket", mean, Map.of("borderColor", "#1f77b4", "pointRadius", 1, "spanGaps", true));
        double[] marks = new double[mean.length];
        java.util.Arrays.fill(marks, Double.NaN);
        boolean any = false;
        for (DriftAlarm a : alarms) {
            if (!a.monitor().equals(stat)) {
                continue;
            }
            int i = bucketOf(buckets, a.startTime());
            if (i >= 0) {
                marks[i] = mean[i];
                any = true;
            }
        }
        if (any) {
            c.series("alarm: estimated start", marks, Map.of("borderColor", "#d62728", "backgroundColor", "#d62728",
                    "pointStyle", "triangle", "pointRadius", 8, "showLine", false));
        }
        c.into(h, "stat-" + stat);
    }

    private static int bucketOf(List<TrafficBucket> buckets, Instant t) {
        int found = -1;
        for (int i = 0; i < buckets.size(); i++) {
            if (!buckets.get(i).start().isAfter(t)) {
                found = i;
            }
        }
        return found;
    }

    private void scoreDistribution(Html h, String model, Instant from, Optional<ReferenceBands.Summary> ref) {
        h.el("h2", "Score distribution: now and reference");
        List<LoggedPrediction> recent = ctx.store().predictionSummaries().newest(PredictionQuery.since(model, from, RECENT_SCORES));
        double[] now = ReferenceBands.shares(recent.stream().mapToDouble(LoggedPrediction::score).toArray());
        List<String> bins = new ArrayList<>();
        for (int i = 0; i < ReferenceBands.SCORE_BINS; i++) {
            bins.add(String.format(Locale.ROOT, "%.2f", (double) i / ReferenceBands.SCORE_BINS));
        }
        Charts c = Charts.bar(bins).yTitle("share of predictions")
                .series("newest " + recent.size(), now, Map.of("backgroundColor", "rgba(31,119,180,0.7)"));
        ref.ifPresent(r -> c.series("reference (" + r.size() + ")", r.scoreShares(), Map.of("backgroundColor", "rgba(92,184,92,0.6)")));
        c.into(h, "score-distribution");
    }

    private void beforeAfter(Html h, DriftAlarm a) {
        h.el("h2", "Before and after the change (" + a.monitor() + ", estimated start " + a.startTime() + ")");
        PredictionQuery before = new PredictionQuery(a.model(), Optional.empty(), a.startTime().minus(Duration.ofDays(1)),
                a.startTime(), 500);
        List<LoggedPrediction> b = ctx.store().predictionSummaries().newest(before).stream()
                .filter(p -> p.image().isPresent()).limit(SAMPLES).toList();
        PredictionQuery after = new PredictionQuery(a.model(), Optional.empty(), a.startTime(), a.alarmTime().plusMillis(1), 500);
        List<LoggedPrediction> f = ctx.store().predictions().query(after).stream()
                .filter(p -> p.image().isPresent()).limit(SAMPLES).toList();
        h.raw("<div class=\"cards\"><div class=\"card\" id=\"before\"><h3>before</h3><div class=\"thumbs\">");
        b.reversed().forEach(p -> thumb(h, p));
        h.raw("</div></div><div class=\"card\" id=\"after\"><h3>after</h3><div class=\"thumbs\">");
        f.forEach(p -> thumb(h, p));
        h.raw("</div></div></div>");
    }

    private static void thumb(Html h, LoggedPrediction p) {
        h.raw("<span").attr("title", p.time() + " " + p.requestId() + " score " + Html.num(p.score())).raw(">")
                .thumb(p.image().orElseThrow().sha256(), p.requestId()).raw("</span>");
    }

    private static double[] constant(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
