package dev.loupe.server.console;

import dev.loupe.core.registry.ModelRegistry;
import dev.loupe.core.registry.ModelVersion;
import dev.loupe.core.registry.RegisteredModel;
import dev.loupe.core.store.AuditEntry;
import dev.loupe.core.store.NotFoundException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;
import java.util.Optional;

/**
 * Page 4, models: registered models; per model its versions with aliases and lineage, its roll-out
 * ({@link RolloutView}), the evaluation stored with each version's run ({@link EvaluationView}), the audit
 * log, and for operators the controls that move aliases: promote (champion), roll back (champion to its
 * previous version), roll out (challenger). Every control is {@code ModelRegistry.setAlias} with the
 * operator as actor and a reason.
 */
final class ModelPages {
    static final String CHAMPION = ModelRegistry.CHAMPION;
    static final String CHALLENGER = "challenger";

    private final ConsoleContext ctx;
    private final EvaluationView evaluations;
    private final RolloutView rollout;

    ModelPages(ConsoleContext ctx) {
        this.ctx = ctx;
        this.evaluations = new EvaluationView(ctx);
        this.rollout = new RolloutView(ctx);
    }

    String list(ServerRequest req, Principal who) {
        Html h = new Html();
        List<RegisteredModel> models = ctx.store().registry().models();
        if (models.isEmpty()) {
            h.raw("<p class=\"muted\">No registered model yet.</p>");
        }
        h.raw("<table id=\"models\">").head("model", "versions", "aliases", "description", "updated");
        for (RegisteredModel m : models) {
            h.raw("<tr><td>").link("/models/" + Paths.seg(m.name()), m.name()).raw("</td><td class=\"num\">").text(m.latestVersion())
                    .raw("</td>").el("td", RegisteredModel.describeAliases(m.aliases())).el("td", m.description() == null ? "" : m.description())
                    .el("td", m.lastUpdatedTime() == null ? "" : m.lastUpdatedTime()).raw("</tr>");
        }
        h.raw("</table>");
        return Layout.page("Models", "/models", who, h, false);
    }

    String model(ServerRequest req, Principal who) throws Exception {
        String name = req.path().pathParameters().get("name");
        RegisteredModel m = ctx.store().registry().model(name).orElseThrow(() -> new NotFoundException("no model " + name));
        List<ModelVersion> versions = ctx.store().registry().versions(name);
        List<AuditEntry> history = ctx.store().registry().history(name);
        Optional<Integer> previousChampion = previousChampion(history, m);
        boolean operator = who.may(Role.OPERATOR);
        Html h = new Html();
        done(req).ifPresent(d -> h.raw("<p class=\"flash\" id=\"done\">").text(d).raw("</p>"));
        h.raw("<p>").text(m.description() == null ? "" : m.description()).raw("</p>");
        h.el("h2", "Versions");
        h.raw("<table id=\"versions\">").head("version", "aliases", "source", "run", "registered", "by", operator ? "actions" : "");
        for (ModelVersion v : versions.reversed()) {
            h.raw("<tr").attr("id", "v" + v.version()).raw("><td class=\"num\">").text(v.version()).raw("</td><td>");
            for (String a : v.aliases()) {
                h.raw("<span").attr("class", "badge " + a).raw(">").text(a).raw("</span>");
            }
            h.raw("</td>").el("td", v.source()).raw("<td>");
            if (v.runId() != null) {
                h.link("/experiments/compare?run=" + Paths.seg(v.runId()), v.runId());
            }
            h.raw("</td>").el("td", v.creationTime()).el("td", v.userId() == null ? "" : v.userId()).raw("<td>");
            if (operator) {
                controls(h, m, v, previousChampion);
            }
            h.raw("</td></tr>");
        }
        h.raw("</table>");
        rollout.render(h, m);
        evaluations.render(h, versions);
        h.el("h2", "Audit log");
        h.raw("<table id=\"audit\">").head("#", "when", "who", "action", "before", "after", "reason");
        for (AuditEntry e : history.reversed()) {
            AuditEntry.Change c = e.change();
            h.row(e.seq(), e.at(), c.actor(), c.action(), c.before() == null ? "" : c.before(), c.after() == null ? "" : c.after(),
                    c.reason() == null ? "" : c.reason());
        }
        h.raw("</table>");
        return Layout.page("Model " + name, "/models", who, h, true);
    }

    /**
     * What the last change did, from the redirect's {@code done}, {@code version} and {@code was}: only a known
     * action with version numbers is shown, so a link cannot put words of its own on the page.
     */
    static Optional<String> done(ServerRequest req) {
        Optional<String> action = req.query().first("done").asOptional();
        Optional<Integer> version = req.query().first("version").asOptional().filter(v -> v.matches("[0-9]{1,9}")).map(Integer::valueOf);
        if (action.isEmpty() || version.isEmpty()) {
            return Optional.empty();
        }
        String was = req.query().first("was").asOptional().filter(v -> v.matches("[0-9]{1,9}")).map(v -> " (was v" + v + ")")
                .orElse(" (there was none)");
        String then = ". Servers switch within their poll interval; the audit log below has the reason.";
        return switch (action.get()) {
            case "promote" -> Optional.of("Promoted: v" + version.get() + " is now the champion" + was + then);
            case "rollback" -> Optional.of("Rolled back: v" + version.get() + " is the champion again" + was + then);
            case "rollout" -> Optional.of("v" + version.get() + " is now the challenger" + was + "; 'loupe models rollout "
                    + "--shadow' or --canary sends it traffic" + then);
            default -> Optional.empty();
        };
    }

    private static void controls(Html h, RegisteredModel m, ModelVersion v, Optional<Integer> previousChampion) {
        Integer champion = m.aliases().get(CHAMPION);
        if (champion == null || champion != v.version()) {
            form(h, m, v.version(), "promote", "Promote to champion");
        }
        if (champion != null && champion == v.version() && previousChampion.isPresent()) {
            form(h, m, previousChampion.get(), "rollback", "Roll back to v" + previousChampion.get());
        }
        Integer challenger = m.aliases().get(CHALLENGER);
        if ((champion == null || champion != v.version()) && (challenger == null || challenger != v.version())) {
            form(h, m, v.version(), "rollout", "Roll out as challenger");
        }
    }

    private static void form(Html h, RegisteredModel m, int version, String action, String label) {
        h.raw("<form class=\"inline\" method=\"post\"").attr("action", "/models/" + Paths.seg(m.name()) + "/alias")
                .attr("id", action + "-" + version).raw(">")
                .raw("<input type=\"hidden\" name=\"action\"").attr("value", action).raw(">")
                .raw("<input type=\"hidden\" name=\"version\"").attr("value", version).raw(">")
                .raw("<input type=\"text\" name=\"reason\" required placeholder=\"reason\" size=\"14\">")
                .raw("<button type=\"submit\">").text(label).raw("</button></form> ");
    }

    /** The version the champion pointed at before its last move, from the audit log ({@code champion=N}). */
    static Optional<Integer> previousChampion(List<AuditEntry> history, RegisteredModel m) {
        Integer now = m.aliases().get(CHAMPION);
        for (AuditEntry e : history.reversed()) {
            AuditEntry.Change c = e.change();
            if (c.action().equals("set-alias") && c.after() != null && c.after().startsWith(CHAMPION + "=")
                    && c.before() != null && c.before().startsWith(CHAMPION + "=")) {
                int before = Integer.parseInt(c.before().substring(CHAMPION.length() + 1));
                return now != null && before == now ? Optional.empty() : Optional.of(before);
            }
        }
        return Optional.empty();
    }

    /** POST: promote, roll back or roll out; the registry records it in the audit log with the reason. */
    void setAlias(ServerRequest req, ServerResponse res, Principal who, Form form) {
        String name = req.path().pathParameters().get("name");
        String action = form.required("action");
        int version;
        try {
            version = Integer.parseInt(form.required("version"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("version must be a number");
        }
        String reason = form.required("reason").strip();
        String alias = switch (action) {
            case "promote", "rollback" -> CHAMPION;
            case "rollout" -> CHALLENGER;
            default -> throw new IllegalArgumentException("unknown action '" + action + "' (promote, rollback, rollout)");
        };
        ctx.store().registry().version(name, version)
                .orElseThrow(() -> new NotFoundException("no model version " + name + "/" + version));
        Optional<Integer> was = ctx.store().registry().model(name).map(m -> m.aliases().get(alias));
        ctx.store().registry().setAlias(who.name(), name, alias, version, action + ": " + reason);
        res.status(Status.SEE_OTHER_303).header(HeaderNames.LOCATION, "/models/" + Paths.seg(name) + "?done=" + action
                + "&version=" + version + was.map(w -> "&was=" + w).orElse("")).send();
    }
}
