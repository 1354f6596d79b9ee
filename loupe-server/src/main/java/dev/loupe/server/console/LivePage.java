package dev.loupe.server.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.monitoring.PredictionQuery;
import dev.loupe.core.monitoring.TrafficBucket;
import dev.loupe.core.registry.RegisteredModel;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Page 7, live: decisions as they are logged, pushed as server-sent events ({@code /live/events}, event
 * {@code decisions}: the new predictions and frames per second over the last {@value #FPS_WINDOW_SECONDS} s).
 *
 * <p>How: each connection polls the prediction log every {@value #POLL_MILLIS} ms from the time of the last
 * prediction it sent (the log is written in batches by the recorder, so polling is what it can offer),
 * skipping request ids already sent at that millisecond. A stream ends after {@link #STREAM_FOR}; the
 * browser's EventSource reconnects by itself. Each stream runs on its own virtual thread.
 */
final class LivePage {
    static final long POLL_MILLIS = 500;
    static final int FPS_WINDOW_SECONDS = 10;
    static final int BATCH = 200;
    /** Polls between two looks for models that started logging (an hour's aggregate: not every poll). */
    static final int MODELS_EVERY = 20;
    static final Duration STREAM_FOR = Duration.ofMinutes(5);

    private final ConsoleContext ctx;

    LivePage(ConsoleContext ctx) {
        this.ctx = ctx;
    }

    String render(ServerRequest req, Principal who) {
        Html h = new Html();
        h.raw("<p>Frames per second (last ").text(FPS_WINDOW_SECONDS).raw(" s): <strong id=\"live-fps\">–</strong></p>");
        h.raw("<table><thead>").head("time", "model", "station", "request", "score", "label", "decision", "latency ms")
                .raw("</thead><tbody id=\"live-rows\"></tbody></table>");
        return Layout.page("Live", "/live", who, h, false);
    }

    void stream(ServerRequest req, ServerResponse res) throws IOException, InterruptedException {
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        Instant started = ctx.now();
        Instant cursor = started.minusSeconds(FPS_WINDOW_SECONDS);
        Set<String> sentAtCursor = new HashSet<>();
        try (OutputStream out = res.outputStream()) {
            out.write(": live decisions\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            List<String> models = List.of();
            for (long poll = 0; Duration.between(started, ctx.now()).compareTo(STREAM_FOR) < 0; poll++) {
                Instant now = ctx.now();
                if (poll % MODELS_EVERY == 0) {
                    models = models(now);
                }
                List<LoggedPrediction> fresh = new ArrayList<>();
                long frames = 0;
                for (String m : models) {
                    for (LoggedPrediction p : ctx.store().predictions().query(PredictionQuery.since(m, cursor, BATCH))) {
                        if (!(p.time().equals(cursor) && sentAtCursor.contains(p.requestId()))) {
                            fresh.add(p);
                        }
                    }
                    frames += ctx.store().predictions().count(m, now.minusSeconds(FPS_WINDOW_SECONDS), now);
                }
                fresh.sort(Comparator.comparing(LoggedPrediction::time));
                if (!fresh.isEmpty()) {
                    Instant last = fresh.getLast().time();
                    if (!last.equals(cursor)) {
                        sentAtCursor.clear();
                    }
                    cursor = last;
                    fresh.stream().filter(p -> p.time().equals(last)).forEach(p -> sentAtCursor.add(p.requestId()));
                }
                out.write(event(fresh, frames / (double) FPS_WINDOW_SECONDS).getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(POLL_MILLIS);
            }
        } catch (IOException | UncheckedIOException | ServerConnectionException e) {
            // the browser went away (a closed tab, another page): nothing to answer, and nothing went wrong
        }
    }

    /** Models that may log: the registered ones and any that logged in the last hour. */
    private List<String> models(Instant now) {
        TreeSet<String> names = new TreeSet<>();
        ctx.store().registry().models().stream().map(RegisteredModel::name).forEach(names::add);
        ctx.store().predictionSummaries().traffic(Optional.empty(), now.minus(Duration.ofHours(1)), now, Duration.ofHours(1))
                .stream().map(TrafficBucket::model).forEach(names::add);
        return List.copyOf(names);
    }

    static String event(List<LoggedPrediction> items, double fps) {
        ObjectNode data = Charts.JSON.createObjectNode();
        data.put("fps", fps);
        ArrayNode a = data.putArray("items");
        for (LoggedPrediction p : items) {
            a.addObject().put("time", p.time().toString()).put("model", p.model()).put("version", p.version())
                    .put("station", p.station()).put("requestId", p.requestId()).put("score", p.score()).put("label", p.label())
                    .put("decision", p.decision().name()).put("latencyMillis", p.latencyNanos() / 1e6);
        }
        return "event: decisions\ndata: " + data + "\n\n";
    }
}
