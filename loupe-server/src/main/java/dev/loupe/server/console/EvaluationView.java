package dev.loupe.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.core.registry.ModelVersion;
import dev.loupe.core.tracking.Artifact;
import dev.loupe.core.tracking.Metric;
import dev.loupe.core.tracking.Run;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The evaluation of each model version, as stored with the run that produced it: the run's latest
 * metrics, and when the run logged {@code loupe eval}'s {@code report.json} as an artifact, its per-slice
 * table; PNG artifacts under a {@code worst/} folder are shown as the worst examples.
 */
final class EvaluationView {
    static final int MAX_WORST = 12;

    private final ConsoleContext ctx;

    EvaluationView(ConsoleContext ctx) {
        this.ctx = ctx;
    }

    void render(Html h, List<ModelVersion> versions) throws IOException {
        h.el("h2", "Evaluation");
        boolean any = false;
        for (ModelVersion v : versions.reversed()) {
            Optional<Run> run = v.runId() == null ? Optional.empty() : ctx.store().tracking().run(v.runId());
            if (run.isEmpty()) {
                continue;
            }
            any = true;
            h.raw("<div class=\"card\"").attr("id", "eval-v" + v.version()).raw(">").el("h3", "v" + v.version());
            List<Metric> metrics = run.get().data().metrics();
            if (!metrics.isEmpty()) {
                h.raw("<table>").head("metric", "value");
                metrics.forEach(m -> h.row(m.key(), Html.num(m.value())));
                h.raw("</table>");
            }
            List<Artifact> artifacts = ctx.store().tracking().artifacts(v.runId());
            for (Artifact a : artifacts) {
                if (a.path().endsWith("report.json")) {
                    slices(h, Charts.JSON.readTree(ctx.blobs().read(a.blob())));
                }
            }
            List<Artifact> worst = artifacts.stream().filter(a -> a.path().contains("worst/") && a.path().endsWith(".png"))
                    .limit(MAX_WORST).toList();
            if (!worst.isEmpty()) {
                h.el("h4", "Worst examples").raw("<div class=\"thumbs worst\">");
                worst.forEach(a -> h.raw("<span").attr("title", a.path()).raw(">").thumb(a.blob().sha256(), a.path()).raw("</span>"));
                h.raw("</div>");
            }
            h.raw("</div>");
        }
        if (!any) {
            h.raw("<p class=\"muted\">No version has a tracked run with metrics.</p>");
        }
    }

    private static void slices(Html h, JsonNode report) {
        JsonNode slices = report.path("slices");
        if (!slices.isArray() || slices.isEmpty()) {
            return;
        }
        h.el("h4", "Slices (" + report.path("dataset").asText("") + ", " + report.path("split").asText("") + ")");
        h.raw("<table class=\"slices\">").head("column", "value", "loss", "loss metric", "recall", "precision", "false reject rate", "n");
        for (JsonNode s : slices) {
            JsonNode m = s.path("metrics");
            h.row(s.path("column").asText(), s.path("value").asText(), num(s.path("loss")), s.path("loss_metric").asText(),
                    num(m.path("recall")), num(m.path("precision")), num(m.path("false_reject_rate")), m.path("count").asText(""));
        }
        h.raw("</table>");
    }

    private static String num(JsonNode n) {
        return n.isNumber() ? Html.num(n.asDouble()) : n.asText("");
    }
}
