package dev.loupe.server.console;

import dev.loupe.core.image.ImageStats;
import dev.loupe.core.monitoring.DriftAlarm;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.monitoring.PredictionQuery;
import dev.loupe.core.monitoring.StoredReference;
import dev.loupe.core.monitoring.TrafficBucket;
import dev.loupe.core.registry.ModelRegistry;
import dev.loupe.core.registry.RegisteredModel;
import dev.loupe.core.store.NotFoundException;
import dev.loupe.server.QueryParams;
import io.helidon.webserver.http.ServerRequest;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Page 5, monitoring: per model version (the champion unless {@code ?version=} says otherwise), each monitored statistic's mean over time against its reference band,
 * drift alarms marked at their estimated start with their threshold, the score distribution now against
 * the reference, and sample images from before and after the latest alarm's change.
 */
final class MonitoringPages {
    static final int BUCKETS = 96;
    static final int RECENT_SCORES = 2_000;
    static final int SAMPLES = 6;
    static final String CHAMPION = ModelRegistry.CHAMPION;
    /** Version numbers in numeric order (they are stored as text: "10" after "9"). */
    static final Comparator<String> VERSIONS = Comparator.<String>comparingInt(String::length).thenComparing(Comparator.naturalOrder());
    static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final ConsoleContext ctx;
    private final ReferenceBands references;

    MonitoringPages(ConsoleContext ctx) {
        this.ctx = ctx;
        this.references = new ReferenceBands(ctx.blobs());
    }

    /** One row per model version: each registered model's champion, and every version that logged in the last day. */
    String list(ServerRequest req, Principal who) {
        Instant now = ctx.now();
        Map<String, Map<String, Long>> served = new TreeMap<>();
        for (RegisteredModel m : ctx.store().registry().models()) {
            Map<String, Long> versions = served.computeIfAbsent(m.name(), k -> new TreeMap<>(VERSIONS));
            Optional.ofNullable(m.aliases().get(CHAMPION)).ifPresent(v -> versions.put(String.valueOf(v), 0L));
        }
        for (TrafficBucket b : ctx.store().predictionSummaries().traffic(Optional.empty(), now.minus(Duration.ofDays(1)), now,
                Duration.ofDays(1))) {
            served.computeIfAbsent(b.model(), k -> new TreeMap<>(VERSIONS)).merge(b.version(), b.total(), Long::sum);
        }
        Html h = new Html();
        if (served.isEmpty()) {
            h.raw("<p class=\"muted\">No registered model and no prediction logged in the last 24 hours.</p>");
        }
        h.raw("<table id=\"monitored\">").head("model", "version", "predictions (24 h)", "alarms (24 h)", "reference");
        for (Map.Entry<String, Map<String, Long>> m : served.entrySet()) {
            String name = m.getKey();
            List<DriftAlarm> alarms = ctx.store().monitoring().alarms(name, now.minus(Duration.ofDays(1)));
            if (m.getValue().isEmpty()) {
                h.raw("<tr><td>").link("/monitoring/" + Paths.seg(name), name)
                        .raw("</td><td>–</td><td class=\"num\">0</td><td class=\"num\">0</td><td class=\"muted\">no champion, nothing logged</td></tr>");
                continue;
            }
            for (Map.Entry<String, Long> v : m.getValue().entrySet()) {
                String version = v.getKey();
                Optional<StoredReference> ref = ctx.store().monitoring().reference(name, version);
                h.raw("<tr><td>").link("/monitoring/" + Paths.seg(name) + "?version=" + Paths.seg(version), name)
                        .raw("</td>").el("td", "v" + version).raw("<td class=\"num\">").text(v.getValue())
                        .raw("</td><td class=\"num\">").text(alarms.stream().filter(a -> a.version().equals(version)).count())
                        .raw("</td>").el("td", ref.map(r -> "from " + r.dataset() + " (" + r.size() + " images)").orElse("none"))
                        .raw("</tr>");
            }
        }
        h.raw("</table>");
        return Layout.page("Monitoring", "/monitoring", who, h, false);
    }

    /*
     * One model version at a time, as 'loupe monitor status' and the server's monitors see it: a shadow
     * challenger logs a copy of the champion's traffic, and pooling the two would chart two models' scores
     * against one version's reference. Without ?version= the page shows the champion.
     */
    String model(ServerRequest req, Principal who) {
        String model = req.path().pathParameters().get("model");
        int hours = Math.clamp(req.query().first("hours").asOptional().map(h -> QueryParams.positiveInt("hours", h)).orElse(24), 1, 24 * 14);
        Instant now = ctx.now();
        Instant from = now.minus(Duration.ofHours(hours));
        Duration width = Duration.ofMillis(Math.max(1000, Duration.ofHours(hours).toMillis() / BUCKETS));
        List<TrafficBucket> everyVersion = ctx.store().predictionSummaries().traffic(Optional.of(model), from, now, width);
        Optional<RegisteredModel> registered = ctx.store().registry().model(model);
        Optional<String> asked = req.query().first("version").asOptional();
        String version = asked.or(() -> registered.map(m -> m.aliases().get(CHAMPION)).map(String::valueOf))
                .or(() -> ctx.store().monitoring().latestReference(model).map(StoredReference::version))
                .or(() -> everyVersion.stream().map(TrafficBucket::version).max(VERSIONS))
                .or(() -> registered.filter(m -> m.latestVersion() > 0).map(m -> String.valueOf(m.latestVersion())))
                .orElseThrow(() -> new NotFoundException("no model " + model + " (not registered, nothing logged in the last "
                        + hours + " h)"));
        List<TrafficBucket> buckets = everyVersion.stream().filter(b -> b.version().equals(version)).toList();
        Optional<StoredReference> stored = ctx.store().monitoring().reference(model, version);
        if (asked.isPresent() && buckets.isEmpty() && stored.isEmpty() && !isVersion(registered, version)) {
            throw new NotFoundException("no version " + version + " of model " + model);
        }
        List<DriftAlarm> alarms = ctx.store().monitoring().alarms(model, from).stream().filter(a -> a.version().equals(version)).toList();
        Optional<ReferenceBands.Summary> ref = stored.map(references::of);
        Html h = new Html();
        h.raw("<p id=\"window\">").text("Version " + version + aliasesOf(registered, version) + ": last " + hours + " h, "
                + buckets.stream().mapToLong(TrafficBucket::total).sum() + " predictions in " + width.toMinutes()
                + "-minute buckets · reference: "
                + ref.map(r -> "from " + r.dataset() + " (" + r.size() + " images)").orElse("none")).raw("</p>");
        if (ref.isEmpty()) {
            h.raw("<p id=\"no-reference\" class=\"muted\">").text("Version " + version + " has no monitoring reference, so nothing "
                    + "is compared and no drift can be detected. Build one from images like its training data: loupe monitor "
                    + "reference --model " + model + "@" + version + " --images DIR").raw("</p>");
        }
        otherVersions(h, model, version, everyVersion, hours);
        alarmTable(h, alarms);
        h.el("h2", "Monitored statistics");
        List<String> labels = buckets.stream().map(b -> LABEL.format(b.start())).toList();
        List<String> monitored = new ArrayList<>(ImageStats.NAMES);
        monitored.add("score");
        for (String stat : monitored) {
            statisticChart(h, stat, buckets, labels, alarms, ref.map(r -> r.bands().get(stat)));
        }
        scoreDistribution(h, model, version, from, ref);
        if (!alarms.isEmpty()) {
            beforeAfter(h, alarms.getLast());
        }
        return Layout.page("Monitoring " + model, "/monitoring", who, h, true);
    }

    private static boolean isVersion(Optional<RegisteredModel> m, String version) {
        return m.isPresent() && version.matches("[1-9][0-9]{0,8}") && Integer.parseInt(version) <= m.get().latestVersion();
    }

    private static String aliasesOf(Optional<RegisteredModel> m, String version) {
        Map<String, Integer> aliases = m.isPresent() ? m.get().aliases() : Map.of();
        List<String> names = aliases.entrySet().stream()
                .filter(a -> String.valueOf(a.getValue()).equals(version)).map(Map.Entry::getKey).sorted().toList();
        return names.isEmpty() ? "" : " (" + String.join(", ", names) + ")";
    }

    private static void otherVersions(Html h, String model, String shown, List<TrafficBucket> everyVersion, int hours) {
        Map<String, Long> others = new TreeMap<>(VERSIONS);
        everyVersion.stream().filter(b -> !b.version().equals(shown)).forEach(b -> others.merge(b.version(), b.total(), Long::sum));
        if (others.isEmpty()) {
            return;
        }
        h.raw("<p id=\"other-versions\">Other versions in this window: ");
        String sep = "";
        for (Map.Entry<String, Long> o : others.entrySet()) {
            h.raw(sep).link("/monitoring/" + Paths.seg(model) + "?version=" + Paths.seg(o.getKey()) + "&hours=" + hours,
                    "v" + o.getKey()).text(" (" + o.getValue() + " predictions)");
            sep = ", ";
        }
        h.raw("</p>");
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

    private void scoreDistribution(Html h, String model, String version, Instant from, Optional<ReferenceBands.Summary> ref) {
        h.el("h2", "Score distribution: now and reference");
        List<LoggedPrediction> recent = ctx.store().predictionSummaries()
                .newest(PredictionQuery.since(model, from, RECENT_SCORES).withVersion(version));
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
        PredictionQuery before = new PredictionQuery(a.model(), Optional.of(a.version()), a.startTime().minus(Duration.ofDays(1)),
                a.startTime(), 500);
        List<LoggedPrediction> b = ctx.store().predictionSummaries().newest(before).stream()
                .filter(p -> p.image().isPresent()).limit(SAMPLES).toList();
        PredictionQuery after = new PredictionQuery(a.model(), Optional.of(a.version()), a.startTime(), a.alarmTime().plusMillis(1), 500);
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
