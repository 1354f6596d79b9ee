package dev.loupe.server.console;

import dev.loupe.core.dataset.DatasetRef;
import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.search.Page;
import dev.loupe.core.store.NotFoundException;
import dev.loupe.core.tracking.DatasetInput;
import dev.loupe.core.tracking.Experiment;
import dev.loupe.core.tracking.Metric;
import dev.loupe.core.tracking.Run;
import dev.loupe.core.tracking.RunSearch;
import dev.loupe.core.tracking.ViewType;
import io.helidon.webserver.http.ServerRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Page 3, experiments: the newest runs with their short id, status, start, main metric ({@value #MAIN_METRIC}),
 * params and latest metrics; selected runs side by side (params, metrics, one chart per metric with each run's
 * step history), each named by its name and short id.
 */
final class ExperimentPages {
    static final int RUNS_SHOWN = 200;
    /** The figure every Loupe trainer (baseline, CNN, external) logs, shown as a column of the run list. */
    static final String MAIN_METRIC = "validation.auroc";
    static final int MAX_COMPARED = 8;
    static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};

    private final ConsoleContext ctx;

    ExperimentPages(ConsoleContext ctx) {
        this.ctx = ctx;
    }

    String list(ServerRequest req, Principal who) {
        Html h = new Html();
        Map<String, String> experiments = ctx.store().tracking().experiments(ViewType.ACTIVE_ONLY).stream()
                .collect(Collectors.toMap(Experiment::id, Experiment::name));
        if (experiments.isEmpty()) {
            h.raw("<p class=\"muted\">No experiment yet.</p>");
            return Layout.page("Experiments", "/experiments", who, h, false);
        }
        Page<Run> runs = ctx.store().tracking().searchRuns(new RunSearch(List.copyOf(experiments.keySet()), null,
                ViewType.ACTIVE_ONLY, RUNS_SHOWN, List.of(), null));
        h.raw("<form method=\"get\" action=\"/experiments/compare\" id=\"runs-form\">")
                .raw("<p><button type=\"submit\" id=\"compare\">Compare selected runs</button></p>");
        h.raw("<table id=\"runs\">").head("", "run", "id", "experiment", "status", "started", MAIN_METRIC, "params",
                "metrics (latest)");
        for (Run r : runs.items()) {
            String id = r.info().runId();
            h.raw("<tr><td><input type=\"checkbox\" name=\"run\"").attr("value", id).raw("></td><td>")
                    .link("/experiments/compare?run=" + Paths.seg(id), name(r)).raw("</td>").el("td class=\"muted\"", shortId(r))
                    .el("td", experiments.getOrDefault(r.info().experimentId(), r.info().experimentId()))
                    .el("td", r.info().status()).el("td", r.info().startTime() == null ? "" : r.info().startTime())
                    .el("td class=\"num\"", r.data().metric(MAIN_METRIC).map(m -> Html.num(m.value())).orElse("–"))
                    .el("td", r.data().params().stream().map(p -> p.key() + "=" + p.value()).collect(Collectors.joining(", ")))
                    .el("td", r.data().metrics().stream().map(m -> m.key() + "=" + Html.num(m.value())).collect(Collectors.joining(", ")))
                    .raw("</tr>");
        }
        h.raw("</table></form>");
        if (runs.nextPageToken() != null) {
            h.raw("<p class=\"muted\">The newest ").text(RUNS_SHOWN).raw(" runs are shown; <code>loupe runs list</code> has them all.</p>");
        }
        return Layout.page("Experiments", "/experiments", who, h, false);
    }

    String compare(ServerRequest req, Principal who) {
        List<String> ids = req.query().all("run", List::of).stream().distinct().limit(MAX_COMPARED).toList();
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("select at least one run");
        }
        List<Run> runs = new ArrayList<>();
        for (String id : ids) {
            runs.add(ctx.store().tracking().run(id).orElseThrow(() -> new NotFoundException("no run " + id)));
        }
        Html h = new Html();
        h.raw("<table id=\"comparison\"><tr><th></th>");
        runs.forEach(r -> h.el("th", label(r)));
        h.raw("</tr>");
        info(h, "status", runs, r -> String.valueOf(r.info().status()));
        info(h, "started", runs, r -> r.info().startTime() == null ? "–" : r.info().startTime().toString());
        datasets(h, runs);
        TreeSet<String> paramKeys = new TreeSet<>();
        TreeSet<String> metricKeys = new TreeSet<>();
        runs.forEach(r -> r.data().params().forEach(p -> paramKeys.add(p.key())));
        runs.forEach(r -> r.data().metrics().forEach(m -> metricKeys.add(m.key())));
        for (String k : paramKeys) {
            info(h, "param " + k, runs, r -> r.data().param(k).orElse("–"));
        }
        for (String k : metricKeys) {
            info(h, "metric " + k, runs, r -> r.data().metric(k).map(m -> Html.num(m.value())).orElse("–"));
        }
        h.raw("</table>");
        h.el("h2", "Metric history");
        for (String k : metricKeys) {
            chart(h, k, runs);
        }
        return Layout.page(runs.size() == 1 ? "Run " + name(runs.getFirst()) : "Compare " + runs.size() + " runs",
                "/experiments", who, h, true);
    }

    private void chart(Html h, String key, List<Run> runs) {
        Map<String, Map<Long, Double>> byRun = new LinkedHashMap<>();
        TreeSet<Long> steps = new TreeSet<>();
        for (Run r : runs) {
            Map<Long, Double> values = new TreeMap<>();
            for (Metric m : ctx.store().tracking().metricHistory(r.info().runId(), key)) {
                values.put(m.step(), m.value());
            }
            steps.addAll(values.keySet());
            byRun.put(label(r), values); // a run's own series, also beside another run of its name
        }
        h.el("h3", key);
        Charts c = Charts.line(steps.stream().map(String::valueOf).toList()).yTitle(key);
        int i = 0;
        for (Map.Entry<String, Map<Long, Double>> e : byRun.entrySet()) {
            double[] v = steps.stream().mapToDouble(s -> e.getValue().getOrDefault(s, Double.NaN)).toArray();
            String colour = COLOURS[i++ % COLOURS.length];
            c.series(e.getKey(), v, Map.of("borderColor", colour, "backgroundColor", colour, "spanGaps", true));
        }
        c.into(h, "metric-" + key.replaceAll("[^A-Za-z0-9_-]", "_"));
    }

    private interface Cell {
        String of(Run r);
    }

    private static void info(Html h, String label, List<Run> runs, Cell cell) {
        h.raw("<tr>").el("th", label);
        runs.forEach(r -> h.el("td", cell.of(r)));
        h.raw("</tr>");
    }

    /** Each run's datasets as {@code name@id (context)}, a Loupe dataset version linked to its data page. */
    private void datasets(Html h, List<Run> runs) {
        h.raw("<tr id=\"datasets\">").el("th", "datasets");
        for (Run r : runs) {
            h.raw("<td>");
            String sep = "";
            for (DatasetInput i : r.inputs()) {
                h.raw(sep);
                sep = ", ";
                Optional<DatasetVersion> v = loupeVersion(i);
                if (v.isPresent()) {
                    h.link(DataPages.path(v.get()), v.get().name() + "@" + DataPages.shortId(v.get().id()));
                } else {
                    h.text(i.name() + "@" + i.digest());
                }
                if (i.context() != null && !i.context().isBlank()) {
                    h.text(" (" + i.context() + ")");
                }
            }
            h.raw(r.inputs().isEmpty() ? "–</td>" : "</td>");
        }
        h.raw("</tr>");
    }

    /** The Loupe dataset version an input names exactly, if this store has it. */
    private Optional<DatasetVersion> loupeVersion(DatasetInput i) {
        if (!i.sourceType().equals("loupe") || !i.digest().matches("[0-9a-f]{4,64}")) {
            return Optional.empty();
        }
        try {
            return ctx.store().datasets().resolve(new DatasetRef(i.name(), Optional.of(i.digest())))
                    .filter(v -> v.id().equals(i.digest()));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a name the store refuses: shown as text
        }
    }

    private static String name(Run r) {
        return r.info().runName() == null || r.info().runName().isBlank() ? r.info().runId() : r.info().runName();
    }

    /** The first 8 characters of the run's id (the full id is in the compare link and the checkbox). */
    private static String shortId(Run r) {
        return r.info().runId().substring(0, Math.min(8, r.info().runId().length()));
    }

    /** Its name and short id: two runs of one name ({@code defect-baseline}) stay apart in headers and charts. */
    private static String label(Run r) {
        return name(r).equals(r.info().runId()) ? name(r) : name(r) + " · " + shortId(r);
    }
}
