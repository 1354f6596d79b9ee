package dev.loupe.server.console;

import dev.loupe.core.monitoring.AlertState;
import dev.loupe.core.monitoring.DriftAlarm;
import dev.loupe.core.monitoring.TrafficBucket;
import dev.loupe.core.registry.RegisteredModel;
import io.helidon.webserver.http.ServerRequest;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Page 1, the overview: registered models with their champion and challenger, active alerts and drift
 * alarms of the last day, and the last hour on the line (throughput and decision mix per model version, per minute).
 */
final class OverviewPage {
    static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private final ConsoleContext ctx;

    OverviewPage(ConsoleContext ctx) {
        this.ctx = ctx;
    }

    String render(ServerRequest req, Principal who) {
        Instant now = ctx.now();
        Html h = new Html();
        List<RegisteredModel> models = ctx.store().registry().models();
        h.el("h2", "Models");
        if (models.isEmpty()) {
            h.raw("<p class=\"muted\">No registered model yet (<code>loupe models</code>, or an MLflow client).</p>");
        } else {
            h.raw("<table id=\"models\">").head("model", "latest", "champion", "challenger", "other aliases", "updated");
            for (RegisteredModel m : models) {
                Map<String, Integer> aliases = new TreeMap<>(m.aliases());
                Integer champion = aliases.remove("champion");
                Integer challenger = aliases.remove("challenger");
                h.raw("<tr><td>").link("/models/" + Paths.seg(m.name()), m.name()).raw("</td>");
                h.raw("<td class=\"num\">").text(m.latestVersion()).raw("</td>");
                h.el("td class=\"champion\"", champion == null ? "–" : "v" + champion);
                h.el("td class=\"challenger\"", challenger == null ? "–" : "v" + challenger);
                h.el("td", RegisteredModel.describeAliases(aliases));
                h.el("td", m.lastUpdatedTime() == null ? "" : m.lastUpdatedTime().toString());
                h.raw("</tr>");
            }
            h.raw("</table>");
        }
        List<TrafficBucket> hour = ctx.store().predictionSummaries().traffic(Optional.empty(), hourStart(now), now,
                Duration.ofMinutes(1));
        alerts(h, models, hour, now);
        lastHour(h, hour, models, now);
        return Layout.page("Overview", "/", who, h, true);
    }

    /** The start of the last hour in whole minutes: 60 one-minute buckets, the last one running. */
    static Instant hourStart(Instant now) {
        return now.truncatedTo(java.time.temporal.ChronoUnit.MINUTES).minus(Duration.ofMinutes(59));
    }

    private void alerts(Html h, List<RegisteredModel> models, List<TrafficBucket> hour, Instant now) {
        h.el("h2", "Active alerts");
        List<AlertState> active = ctx.store().monitoring().alertStates().stream()
                .filter(a -> a.status() == AlertState.Status.FIRING || a.status() == AlertState.Status.PENDING).toList();
        TreeSet<String> names = new TreeSet<>();
        models.forEach(m -> names.add(m.name()));
        hour.forEach(b -> names.add(b.model()));
        List<DriftAlarm> alarms = new ArrayList<>();
        for (String name : names) {
            alarms.addAll(ctx.store().monitoring().alarms(name, now.minus(Duration.ofDays(1))));
        }
        if (active.isEmpty() && alarms.isEmpty()) {
            h.raw("<p id=\"alerts\" class=\"muted\">No active alert and no drift alarm in the last 24 hours.</p>");
            return;
        }
        h.raw("<table id=\"alerts\">").head("what", "status", "since", "detail");
        for (AlertState a : active) {
            h.raw("<tr><td>").text("rule " + a.rule()).raw("</td><td").attr("class", "status-" + a.status()).raw(">")
                    .text(a.status()).raw("</td>").el("td", a.since()).el("td", a.message()).raw("</tr>");
        }
        for (DriftAlarm a : alarms) {
            h.raw("<tr><td>").link("/monitoring/" + Paths.seg(a.model()), "drift " + a.model() + "/" + a.version() + " " + a.monitor())
                    .raw("</td><td class=\"status-FIRING\">ALARM</td>").el("td", a.startTime())
                    .el("td", a.direction() + ", " + Html.num(a.effectSize()) + " σ, " + a.observations() + " predictions to detect")
                    .raw("</tr>");
        }
        h.raw("</table>");
    }

    /** A model version that logged in the last hour. */
    private record Served(String model, String version) implements Comparable<Served> {
        @Override
        public int compareTo(Served o) {
            int byModel = model.compareTo(o.model);
            return byModel != 0 ? byModel : MonitoringPages.VERSIONS.compare(version, o.version);
        }
    }

    /*
     * One row per model version: a shadow challenger logs a copy of every request its champion answers, so
     * a row per model would count those frames twice and mix two models' decisions.
     */
    private void lastHour(Html h, List<TrafficBucket> hour, List<RegisteredModel> models, Instant now) {
        h.el("h2", "The last hour on the line");
        if (hour.isEmpty()) {
            h.raw("<p id=\"throughput\" class=\"muted\">No prediction logged in the last hour.</p>");
            return;
        }
        Map<String, Map<String, Integer>> aliases = new TreeMap<>();
        models.forEach(m -> aliases.put(m.name(), m.aliases()));
        Map<Served, long[]> perVersion = new TreeMap<>();
        for (TrafficBucket b : hour) {
            long[] c = perVersion.computeIfAbsent(new Served(b.model(), b.version()), k -> new long[3]);
            c[0] += b.pass();
            c[1] += b.reject();
            c[2] += b.review();
        }
        h.raw("<table id=\"throughput\">").head("model", "version", "predictions", "per minute", "pass", "reject", "review");
        for (Map.Entry<Served, long[]> e : perVersion.entrySet()) {
            long[] c = e.getValue();
            long total = c[0] + c[1] + c[2];
            Served s = e.getKey();
            List<String> names = aliases.getOrDefault(s.model(), Map.of()).entrySet().stream()
                    .filter(a -> String.valueOf(a.getValue()).equals(s.version())).map(Map.Entry::getKey).sorted().toList();
            h.raw("<tr><td>").link("/monitoring/" + Paths.seg(s.model()) + "?version=" + Paths.seg(s.version()), s.model())
                    .raw("</td>").el("td", "v" + s.version() + (names.isEmpty() ? "" : " (" + String.join(", ", names) + ")"))
                    .raw("<td class=\"num\">").text(total).raw("</td><td class=\"num\">").text(Html.num(total / 60.0)).raw("</td>");
            for (long x : c) {
                h.raw("<td class=\"num\">").text(String.format(java.util.Locale.ROOT, "%d (%.1f%%)", x, 100.0 * x / total)).raw("</td>");
            }
            h.raw("</tr>");
        }
        h.raw("</table>");
        Instant from = hourStart(now);
        List<String> labels = new ArrayList<>();
        double[][] series = new double[3][60];
        for (int i = 0; i < 60; i++) {
            labels.add(HH_MM.format(from.plus(Duration.ofMinutes(i))));
        }
        for (TrafficBucket b : hour) {
            int i = (int) Duration.between(from, b.start()).toMinutes();
            if (i >= 0 && i < 60) {
                series[0][i] += b.pass();
                series[1][i] += b.reject();
                series[2][i] += b.review();
            }
        }
        Charts.bar(labels).stacked().yTitle("predictions per minute")
                .series("pass", series[0], Map.of("backgroundColor", "#5cb85c"))
                .series("reject", series[1], Map.of("backgroundColor", "#d9534f"))
                .series("review", series[2], Map.of("backgroundColor", "#f0ad4e"))
                .into(h, "decision-mix");
    }
}
