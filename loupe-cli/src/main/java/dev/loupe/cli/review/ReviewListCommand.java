package dev.loupe.cli.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.cli.JsonOutput;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code loupe review list}: parts decided "review" that nobody labelled yet, newest first. With {@code --json},
 * {@code {"items": [...]}} as the server answers (docs/cli-json.md); {@code []} when nothing waits.
 */
@Command(name = "list", mixinStandardHelpOptions = true, description = {"Parts waiting for a person's label.",
        ReviewApi.TOKEN_HELP})
final class ReviewListCommand implements Callable<Integer> {
    @Option(names = "--server", defaultValue = "http://127.0.0.1:8080", description = "the Loupe server (default: ${DEFAULT-VALUE})")
    String server;
    @Option(names = "--limit", defaultValue = "50", description = "at most this many parts (default: 50)")
    int limit;
    @Option(names = "--json", description = "print the parts as JSON, the server's GET /v1/review document")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        JsonNode answer = new ReviewApi(server).get("/v1/review?limit=" + limit);
        var out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, json(answer));
            return 0;
        }
        JsonNode items = answer.path("items");
        if (items.isEmpty()) {
            out.println("nothing waiting for review");
            return 0;
        }
        out.printf(Locale.ROOT, "%-44s %-24s %-12s %-16s %6s %s%n", "REQUEST", "TIME", "STATION", "MODEL", "SCORE", "IMAGE");
        for (JsonNode i : items) {
            out.printf(Locale.ROOT, "%-44s %-24s %-12s %-16s %6s %s%n", i.path("request_id").asText(), i.path("time").asText(),
                    i.path("station").asText(), i.path("model").asText() + "/" + i.path("version").asText(),
                    i.path("score").isNumber() ? String.format(Locale.ROOT, "%.3f", i.path("score").asDouble()) : "-",
                    i.hasNonNull("image") ? server + i.path("image").asText() : "-");
        }
        out.println(items.size() + " waiting; label with: loupe review label REQUEST LABEL");
        return 0;
    }

    /**
     * What {@code --json} prints: the server's {@code GET /v1/review} document as it answered, {@code {"items": [...]}}
     * and any other field; an {@code image} an older server left out is null.
     */
    static ObjectNode json(JsonNode answer) {
        ObjectNode doc = answer.isObject() ? answer.deepCopy() : JsonOutput.object();
        if (!doc.path("items").isArray()) {
            doc.putArray("items");
        }
        for (JsonNode item : doc.path("items")) {
            if (item.isObject() && !item.has("image")) {
                ((ObjectNode) item).putNull("image");
            }
        }
        return doc;
    }
}
