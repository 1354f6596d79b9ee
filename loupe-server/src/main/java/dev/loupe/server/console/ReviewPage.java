package dev.loupe.server.console;

import dev.loupe.core.monitoring.Feedback;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.store.NotFoundException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;
import java.util.Map;

/**
 * Page 6, review: the images the line sent to a person (decision {@code REVIEW}) that nobody has labelled
 * yet, newest first; one key labels the current image ({@link ReviewKeys}) and the label goes to the
 * feedback store at once, with the reviewer as its source. Dataset images are labelled on their
 * version's page ({@link DataPages}).
 */
final class ReviewPage {
    static final int SHOWN = 48;

    private final ConsoleContext ctx;

    ReviewPage(ConsoleContext ctx) {
        this.ctx = ctx;
    }

    String render(ServerRequest req, Principal who) {
        List<LoggedPrediction> queue = ctx.store().predictionSummaries().awaitingReview(SHOWN);
        Map<Character, String> keys = ReviewKeys.of(ctx.config().labels());
        Html h = new Html();
        h.raw("<p class=\"keys\" id=\"review\"").attr("data-keys", Charts.JSON.valueToTree(keys).toString()).raw(">");
        keys.forEach((k, l) -> h.raw("<kbd>").text(k).raw("</kbd> ").text(l).raw(" · "));
        h.raw("<kbd>s</kbd> skip · labels are saved as you type. Dataset images: label them on their version's ")
                .link("/data", "data page").raw(".</p>");
        if (queue.isEmpty()) {
            h.raw("<p class=\"muted\" id=\"empty\">Nothing to review: no logged prediction was decided REVIEW and is still"
                    + " unlabelled. A model decides REVIEW only for scores in its review band: <code>review_band: [0.3, 0.7]</code>"
                    + " in the <code>decision</code> section of loupe.yaml (given to <code>loupe server --project</code>), else the"
                    + " band in the model's package. Without one (the packages Loupe's trainers make have none) every prediction is"
                    + " passed or rejected, and this page stays empty.</p>");
        }
        h.raw("<div id=\"queue\">");
        for (LoggedPrediction p : queue) {
            h.raw("<div class=\"review-item\"").attr("data-request", p.requestId()).raw(">");
            if (p.image().isPresent()) {
                h.thumb(p.image().get().sha256(), p.requestId());
            } else {
                h.el("span class=\"muted\"", "no image kept");
            }
            h.el("span", p.model() + "/" + p.version() + " · score " + Html.num(p.score()))
                    .el("span class=\"muted\"", p.station() + " · " + p.time())
                    .raw("<span class=\"given\"></span></div>");
        }
        h.raw("</div>");
        return Layout.page("Review (" + queue.size() + (queue.size() == SHOWN ? "+" : "") + ")", "/review", who, h, false);
    }

    /** POST {@code request}, {@code label}: records the reviewer's label for a logged prediction. */
    void label(ServerRequest req, ServerResponse res, Principal who, Form form) {
        String request = form.required("request");
        String label = form.required("label");
        if (!ctx.config().labels().contains(label)) {
            throw new IllegalArgumentException("unknown label '" + label + "' (" + String.join(", ", ctx.config().labels()) + ")");
        }
        ctx.store().predictions().byRequestId(request).orElseThrow(() -> new NotFoundException("no logged prediction " + request));
        ctx.store().feedback().add(new Feedback(request, label, who.name(), ctx.now()));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(Charts.JSON.createObjectNode().put("request", request).put("label", label).toString());
    }
}
