package dev.loupe.cli.review;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code loupe review label REQUEST LABEL}: a person's label for a reviewed part, sent as feedback. */
@Command(name = "label", mixinStandardHelpOptions = true, description = {"Labels a part (POST /v1/feedback).",
        ReviewApi.TOKEN_HELP})
final class ReviewLabelCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REQUEST", description = "the part's request id (from loupe review list)")
    String request;
    @Parameters(index = "1", paramLabel = "LABEL", description = "the true label (defect, ok, ...)")
    String label;
    @Option(names = "--server", defaultValue = "http://127.0.0.1:8080", description = "the Loupe server (default: ${DEFAULT-VALUE})")
    String server;
    @Option(names = "--source", description = "who labels (default: review:$USER)")
    String source;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ObjectNode body = ReviewApi.JSON.createObjectNode();
        body.put("request_id", request);
        body.put("label", label);
        body.put("source", source != null ? source : "review:" + System.getProperty("user.name", "someone"));
        new ReviewApi(server).post("/v1/feedback", body);
        spec.commandLine().getOut().println("labelled " + request + " as " + label);
        return 0;
    }
}
