package dev.loupe.server.console;

import dev.loupe.core.dataset.DatasetRef;
import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.dataset.Sample;
import dev.loupe.core.store.NotFoundException;
import dev.loupe.data.labels.LabelReport;
import dev.loupe.data.validate.Finding;
import dev.loupe.data.validate.ValidationReport;
import dev.loupe.data.version.Relabelling;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Page 2, data: dataset versions with lineage; per version the validation report (findings with
 * thumbnails of the files they name), label agreement and the re-label queue; the unlabelled, queued and
 * disputed images can be labelled at the keyboard, and the labels become a new version whose parent is this one.
 */
final class DataPages {
    static final int FINDING_THUMBS = 6;
    static final int TO_LABEL = 60;

    private final ConsoleContext ctx;
    private final DatasetReports reports;

    DataPages(ConsoleContext ctx) {
        this.ctx = ctx;
        this.reports = new DatasetReports(ctx.blobs());
    }

    String list(ServerRequest req, Principal who) {
        Html h = new Html();
        List<DatasetVersion> versions = ctx.store().datasets().list();
        if (versions.isEmpty()) {
            h.raw("<p class=\"muted\">No dataset yet (<code>loupe data import</code>).</p>");
        } else {
            h.raw("<table id=\"datasets\">").head("version", "parent", "source", "by", "created", "samples", "labels", "splits");
            for (DatasetVersion v : versions) {
                h.raw("<tr><td>").link(path(v), v.name() + "@" + shortId(v.id())).raw("</td>")
                        .el("td", v.parent().map(DataPages::shortId).orElse("–")).el("td", v.source()).el("td", v.createdBy())
                        .el("td", v.createdAt()).raw("<td class=\"num\">").text(v.sampleCount()).raw("</td>")
                        .el("td", labelCounts(v.labelCounts())).el("td", splitCounts(v)).raw("</tr>");
            }
            h.raw("</table>");
        }
        return Layout.page("Data", "/data", who, h, false);
    }

    String version(ServerRequest req, Principal who) throws Exception {
        DatasetVersion v = resolve(req);
        List<Sample> samples = ctx.store().datasets().samples(v);
        Map<String, Sample> byPath = samples.stream().collect(Collectors.toMap(Sample::path, Function.identity(), (a, b) -> a));
        List<String> labels = labelOrder(v);
        DatasetReports.Reports r = reports.of(v, samples, labels);
        Html h = new Html();
        if (req.query().contains("created")) {
            h.raw("<p class=\"flash\" id=\"created\">New version ").text(v).raw(" saved from your labels.</p>");
        }
        lineage(h, v);
        validation(h, r.validation(), byPath);
        labelQuality(h, r.labels());
        labelling(h, v, samples, r.labels(), labels);
        return Layout.page("Dataset " + v.name() + "@" + shortId(v.id()), "/data", who, h, false);
    }

    /** POST: labels from the labelling form ({@code label:<path>=<label>}) become a new version. */
    void relabel(ServerRequest req, ServerResponse res, Principal who, Form form) {
        DatasetVersion v = resolve(req);
        Map<String, String> labels = new LinkedHashMap<>();
        form.fields().forEach((k, values) -> {
            if (k.startsWith("label:") && !values.isEmpty() && !values.getLast().isBlank()) {
                labels.put(k.substring("label:".length()), values.getLast());
            }
        });
        DatasetVersion derived = Relabelling.derive(ctx.store().datasets(), v, labels, who.name(), ctx.now());
        res.status(Status.SEE_OTHER_303).header(HeaderNames.LOCATION, path(derived) + "?created=1").send();
    }

    private DatasetVersion resolve(ServerRequest req) {
        String name = req.path().pathParameters().get("name");
        String id = req.path().pathParameters().get("id");
        DatasetRef ref = DatasetRef.parse(name + "@" + id);
        return ctx.store().datasets().resolve(ref).orElseThrow(() -> new NotFoundException("no dataset version " + ref));
    }

    private List<String> labelOrder(DatasetVersion v) {
        List<String> labels = new ArrayList<>(ctx.config().labels());
        v.labelCounts().keySet().stream().filter(l -> !l.isEmpty() && !labels.contains(l)).sorted().forEach(labels::add);
        return labels;
    }

    private void lineage(Html h, DatasetVersion v) {
        h.raw("<table id=\"lineage\">").head("version", "created", "by", "source", "samples", "labels", "splits");
        List<DatasetVersion> chain = new ArrayList<>();
        Optional<DatasetVersion> at = Optional.of(v);
        while (at.isPresent() && chain.size() < 20) {
            chain.add(at.get());
            at = at.get().parent().flatMap(p -> ctx.store().datasets().resolve(new DatasetRef(v.name(), Optional.of(p))));
        }
        for (DatasetVersion c : chain) {
            h.raw("<tr><td>").link(path(c), (c == v ? "this: " : "parent: ") + shortId(c.id())).raw("</td>").el("td", c.createdAt())
                    .el("td", c.createdBy()).el("td", c.source()).raw("<td class=\"num\">").text(c.sampleCount()).raw("</td>")
                    .el("td", labelCounts(c.labelCounts())).el("td", splitCounts(c)).raw("</tr>");
        }
        for (DatasetVersion child : ctx.store().datasets().list(v.name())) {
            if (child.parent().filter(v.id()::equals).isPresent()) {
                h.raw("<tr><td>").link(path(child), "child: " + shortId(child.id())).raw("</td>").el("td", child.createdAt())
                        .el("td", child.createdBy()).el("td", child.source()).raw("<td class=\"num\">").text(child.sampleCount())
                        .raw("</td>").el("td", labelCounts(child.labelCounts())).el("td", splitCounts(child)).raw("</tr>");
            }
        }
        h.raw("</table>");
    }

    private void validation(Html h, ValidationReport r, Map<String, Sample> byPath) {
        h.el("h2", "Validation");
        String verdict = r.verdict().name().toLowerCase(Locale.ROOT);
        h.raw("<p id=\"verdict\">Verdict: <span").attr("class", "verdict-" + verdict).raw(">").text(verdict).raw("</span> · ")
                .text(r.samples() + " samples, " + r.readable() + " readable · splits " + Html.pairs(new TreeMap<>(r.splitCounts()))
                        + " · labels " + labelCounts(r.labelCounts())).raw("</p>");
        if (r.findings().isEmpty()) {
            h.raw("<p class=\"muted\">No finding.</p>");
            return;
        }
        h.raw("<table id=\"findings\">").head("severity", "type", "finding", "files");
        for (Finding f : r.findings()) {
            String sev = f.severity().name().toLowerCase(Locale.ROOT);
            h.raw("<tr><td").attr("class", "sev-" + sev).raw(">").text(sev).raw("</td>").el("td", f.type()).el("td", f.message())
                    .raw("<td><div class=\"thumbs\">");
            for (String file : f.files().stream().limit(FINDING_THUMBS).toList()) {
                Sample s = byPath.get(file);
                if (s != null && s.readable()) {
                    h.raw("<span").attr("title", file).raw(">").thumb(s.blob().sha256(), file).raw("</span>");
                } else {
                    h.el("span class=\"muted\"", file);
                }
            }
            if (f.files().size() > FINDING_THUMBS) {
                h.el("span class=\"muted\"", "+" + (f.files().size() - FINDING_THUMBS) + " more");
            }
            h.raw("</div></td></tr>");
        }
        h.raw("</table>");
    }

    private void labelQuality(Html h, Optional<LabelReport> report) {
        h.el("h2", "Label agreement");
        if (report.isEmpty()) {
            h.raw("<p id=\"agreement\" class=\"muted\">No annotator labels in this version.</p>");
            return;
        }
        LabelReport r = report.get();
        var headline = r.agreement().headline();
        h.raw("<p id=\"agreement\">").text(r.agreement().headlineName() + ": "
                + (headline.defined() ? Html.num(headline.value()) : "undefined") + " over " + r.items() + " items, annotators "
                + r.annotators()).raw("</p>");
        h.raw("<table id=\"pairs\">").head("annotators", "Cohen's kappa", "items");
        for (LabelReport.PairAgreement p : r.agreement().pairs()) {
            h.row(p.first() + " / " + p.second(), p.kappa().defined() ? Html.num(p.kappa().value()) : "undefined", p.kappa().items());
        }
        h.raw("</table>");
        for (LabelReport.Finding f : r.findings()) {
            h.raw("<p").attr("class", "sev-" + f.severity().name().toLowerCase(Locale.ROOT)).raw(">").text(f.message()).raw("</p>");
        }
    }

    private void labelling(Html h, DatasetVersion v, List<Sample> samples, Optional<LabelReport> report, List<String> labels) {
        Map<String, String> why = new LinkedHashMap<>();
        report.ifPresent(r -> {
            r.relabelQueue().forEach(q -> why.putIfAbsent(q.item(), "re-label: consensus " + q.consensus() + " at "
                    + Html.num(q.confidence()) + ", votes " + q.votes()));
            r.disagreements().forEach(d -> why.putIfAbsent(d.item(), "disputed: votes " + d.votes()));
        });
        samples.stream().filter(s -> s.label().isEmpty() && s.readable()).forEach(s -> why.putIfAbsent(s.path(), "unlabelled"));
        h.el("h2", "Re-label queue (" + why.size() + ")");
        if (why.isEmpty()) {
            h.raw("<p id=\"relabel\" class=\"muted\">Nothing to label: every sample is labelled and undisputed.</p>");
            return;
        }
        Map<Character, String> keys = ReviewKeys.of(labels);
        h.raw("<p class=\"keys\">Click an image or start at the first; one key per label: ");
        keys.forEach((k, l) -> h.raw("<kbd>").text(k).raw("</kbd> ").text(l).raw(" · "));
        h.raw("<kbd>s</kbd> skip. Then save: the labels become a new version of ").text(v.name()).raw(".</p>");
        h.raw("<form id=\"relabel\" method=\"post\"").attr("action", path(v) + "/labels")
                .attr("data-keys", Charts.JSON.valueToTree(keys).toString()).raw(">");
        Map<String, Sample> byPath = samples.stream().collect(Collectors.toMap(Sample::path, Function.identity(), (a, b) -> a));
        why.entrySet().stream().limit(TO_LABEL).forEach(e -> {
            Sample s = byPath.get(e.getKey());
            if (s == null) {
                return;
            }
            h.raw("<div class=\"relabel-item\"").attr("data-path", s.path()).raw(">").thumb(s.blob().sha256(), s.path())
                    .el("span", s.path()).el("span class=\"muted\"", s.label().orElse("unlabelled") + " · " + e.getValue())
                    .raw("<select").attr("name", "label:" + s.path()).raw("><option value=\"\">keep</option>");
            for (String l : labels) {
                h.raw("<option").attr("value", l).raw(">").text(l).raw("</option>");
            }
            h.raw("</select></div>");
        });
        h.raw("<p><button type=\"submit\" id=\"save-labels\">Save labels as a new version</button></p></form>");
    }

    static String path(DatasetVersion v) {
        return "/data/" + Paths.seg(v.name()) + "/" + Paths.seg(v.id());
    }

    /** {@code defect: 8, ok: 12, unlabelled: 4}: by label, the unlabelled ({@code ""}) named. */
    static String labelCounts(Map<String, Integer> byLabel) {
        Map<String, Integer> named = new TreeMap<>();
        byLabel.forEach((l, n) -> named.merge(l.isEmpty() ? "unlabelled" : l, n, Integer::sum));
        return Html.pairs(named);
    }

    /** {@code train: 16, validation: 4, test: 4}, in that order. */
    static String splitCounts(DatasetVersion v) {
        Map<String, Integer> named = new LinkedHashMap<>();
        new TreeMap<>(v.splitCounts()).forEach((split, n) -> named.put(split.lower(), n));
        return Html.pairs(named);
    }

    static String shortId(String id) {
        return id.substring(0, Math.min(12, id.length()));
    }
}
