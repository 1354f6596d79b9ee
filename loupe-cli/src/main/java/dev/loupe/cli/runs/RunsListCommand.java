package dev.loupe.cli.runs;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.JsonOutput;
import dev.loupe.cli.UserException;
import dev.loupe.cli.models.Format;
import dev.loupe.cli.models.TextTable;
import dev.loupe.cli.models.TrackingJson;
import dev.loupe.core.search.Page;
import dev.loupe.core.tracking.Experiment;
import dev.loupe.core.tracking.Run;
import dev.loupe.core.tracking.RunSearch;
import dev.loupe.core.tracking.ViewType;
import dev.loupe.store.jdbc.JdbcMetadataStore;
import dev.loupe.store.jdbc.MetadataStores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code loupe runs list}: runs, newest first, optionally of one experiment and matching an MLflow filter;
 * with {@code --json}, each run in {@link TrackingJson#run}'s shape.
 */
@Command(name = "list", description = "List runs, newest first (MLflow filter and order_by syntax).")
final class RunsListCommand implements Callable<Integer> {
    @CommandLine.Mixin
    GlobalOptions global;

    @Option(names = "--experiment", paramLabel = "NAME", description = "only this experiment's runs")
    String experiment;

    @Option(names = "--filter", paramLabel = "EXPR", description = "e.g. \"metrics.auc > 0.9 and params.lr = '0.01'\"")
    String filter;

    @Option(names = "--order-by", paramLabel = "CLAUSE", description = "e.g. \"metrics.auc DESC\" (repeatable)")
    List<String> orderBy = new ArrayList<>();

    @Option(names = "--limit", paramLabel = "N", description = "at most N runs (default: 50)")
    int limit = 50;

    @Option(names = "--json", description = "print the runs as JSON")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (JdbcMetadataStore store = MetadataStores.open(global.config())) {
            List<Experiment> experiments = experiment == null ? store.tracking().experiments(ViewType.ACTIVE_ONLY)
                    : List.of(store.tracking().experimentByName(experiment).orElseThrow(() ->
                    new UserException(ExitCodes.FAILED, "no experiment named " + experiment)));
            List<String> ids = experiments.stream().map(Experiment::id).toList();
            Page<Run> page = store.tracking().searchRuns(new RunSearch(ids, filter, ViewType.ACTIVE_ONLY, limit, orderBy, null));
            if (json) {
                JsonOutput.printList(out, "runs", page.items(), r -> TrackingJson.run(r, experimentName(experiments, r)));
                return ExitCodes.OK;
            }
            if (page.items().isEmpty()) {
                out.println("no runs");
                return ExitCodes.OK;
            }
            TextTable t = new TextTable("RUN", "EXPERIMENT", "NAME", "STATUS", "STARTED", "METRICS");
            for (Run r : page.items()) {
                String exp = experimentName(experiments, r);
                t.row(r.info().runId(), exp == null ? r.info().experimentId() : exp, r.info().runName(), r.info().status(),
                        Format.time(r.info().startTime()),
                        r.data().metrics().stream().map(m -> m.key() + "=" + Format.number(m.value())).collect(Collectors.joining(", ")));
            }
            t.print(out, "");
        }
        return ExitCodes.OK;
    }

    private static String experimentName(List<Experiment> experiments, Run r) {
        return experiments.stream().filter(e -> e.id().equals(r.info().experimentId())).map(Experiment::name)
                .findFirst().orElse(null);
    }
}
