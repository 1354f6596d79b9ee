package dev.loupe.cli.runs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.JsonOutput;
import dev.loupe.cli.UserException;
import dev.loupe.cli.models.Format;
import dev.loupe.cli.models.TextTable;
import dev.loupe.cli.models.TrackingJson;
import dev.loupe.core.tracking.Artifact;
import dev.loupe.core.tracking.DatasetInput;
import dev.loupe.core.tracking.Metric;
import dev.loupe.core.tracking.Param;
import dev.loupe.core.tracking.Run;
import dev.loupe.store.jdbc.JdbcMetadataStore;
import dev.loupe.store.jdbc.MetadataStores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code loupe runs show ID}: one run: info, params, tags, datasets, metrics (with their step counts), artifacts;
 * with {@code --json}, the run in {@link TrackingJson#run}'s shape plus each metric's {@code points} and the
 * {@code artifacts}.
 */
@Command(name = "show", description = "Show a run: params, metrics, tags, datasets, artifacts.")
final class RunsShowCommand implements Callable<Integer> {
    @CommandLine.Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "RUN_ID")
    String runId;

    @Option(names = "--json", description = "print the run as JSON")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (JdbcMetadataStore store = MetadataStores.open(global.config())) {
            Run r = store.tracking().run(runId).orElseThrow(() -> new UserException(ExitCodes.FAILED, "no run " + runId));
            if (json) {
                JsonOutput.print(out, json(r, store));
                return ExitCodes.OK;
            }
            out.printf("run %s  (%s)%n", r.info().runId(), r.info().runName());
            out.printf("  experiment  %s%n", store.tracking().experiment(r.info().experimentId()).map(e -> e.name()).orElse(r.info().experimentId()));
            out.printf("  status      %s  %s -> %s%n", r.info().status(), Format.time(r.info().startTime()), Format.time(r.info().endTime()));
            out.printf("  user        %s%n", r.info().userId() == null ? "-" : r.info().userId());
            out.printf("  datasets    %s%n", r.inputs().isEmpty() ? "-" : String.join(", ", r.inputs().stream()
                    .map(DatasetInput::source).toList()));
            out.printf("  tags        %s%n", Format.tags(r.data().tags()));
            out.println("Params:");
            if (r.data().params().isEmpty()) {
                out.println("  none");
            }
            for (Param p : r.data().params()) {
                out.printf("  %s = %s%n", p.key(), p.value());
            }
            out.println("Metrics (latest value):");
            TextTable metrics = new TextTable("METRIC", "VALUE", "STEP", "POINTS");
            for (Metric m : r.data().metrics()) {
                metrics.row(m.key(), Format.number(m.value()), m.step(), store.tracking().metricHistory(runId, m.key()).size());
            }
            if (metrics.isEmpty()) {
                out.println("  none");
            } else {
                metrics.print(out, "  ");
            }
            List<Artifact> artifacts = store.tracking().artifacts(runId);
            out.println("Artifacts:");
            if (artifacts.isEmpty()) {
                out.println("  none");
            }
            for (Artifact a : artifacts) {
                out.printf("  %s  %s  %d bytes%n", a.path(), a.blob(), a.sizeBytes());
            }
        }
        return ExitCodes.OK;
    }

    private ObjectNode json(Run r, JdbcMetadataStore store) {
        ObjectNode n = TrackingJson.run(r, store.tracking());
        for (Metric m : r.data().metrics()) {
            ((ObjectNode) n.path("metrics").path(m.key())).put("points", store.tracking().metricHistory(runId, m.key()).size());
        }
        ArrayNode artifacts = n.putArray("artifacts");
        for (Artifact a : store.tracking().artifacts(runId)) {
            artifacts.addObject().put("path", a.path()).put("blob", a.blob().toString()).put("size_bytes", a.sizeBytes());
        }
        return n;
    }
}
