package dev.loupe.cli.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.JsonOutput;
import dev.loupe.cli.models.Format;
import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;
import dev.loupe.data.validate.ReportJson;
import dev.loupe.data.validate.ReportText;
import dev.loupe.data.validate.StatisticsSummary;
import dev.loupe.data.version.VersionId;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** {@code loupe data show NAME@VERSION [--json]}: counts per split and label, lineage, statistics. */
@Command(name = "show", description = "Show a dataset version: counts per split and label, lineage, per-image statistics.")
final class DataShowCommand implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "NAME[@VERSION]", description = "the version (default: the newest of NAME)")
    String ref;

    @CommandLine.Option(names = "--json", description = "print the version as JSON")
    boolean json;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (DataStores stores = DataStores.open(global.config())) {
            DatasetVersion v = stores.resolve(ref);
            List<Sample> samples = stores.catalog().samples(v);
            if (json) {
                JsonOutput.print(out, json(v, stores.catalog().lineage(v), samples));
                return ExitCodes.OK;
            }
            out.println(v.name() + "@" + v.id());
            out.printf("  source      %s%n", v.source());
            out.printf("  created     %s by %s%n", Format.time(v.createdAt()), v.createdBy());
            out.printf("  parent      %s%n", v.parent().orElse("(none)"));
            List<DatasetVersion> lineage = stores.catalog().lineage(v);
            if (lineage.size() > 1) {
                out.printf("  lineage     %s%n", String.join(" <- ", lineage.stream()
                        .map(x -> x.name() + "@" + VersionId.shortId(x.id())).toList()));
            }
            long unreadable = samples.stream().filter(s -> !s.readable()).count();
            out.printf("  samples     %d (%d unreadable)%n", v.sampleCount(), unreadable);
            out.println("counts (label x split):");
            Map<String, Map<Split, Integer>> table = new TreeMap<>();
            samples.forEach(s -> table.computeIfAbsent(s.label().orElse("(none)"), k -> new TreeMap<>())
                    .merge(s.split(), 1, Integer::sum));
            out.printf("  %-16s %8s %11s %8s %8s%n", "label", "train", "validation", "test", "total");
            table.forEach((label, bySplit) -> out.printf("  %-16s %8d %11d %8d %8d%n", label,
                    bySplit.getOrDefault(Split.TRAIN, 0), bySplit.getOrDefault(Split.VALIDATION, 0),
                    bySplit.getOrDefault(Split.TEST, 0), bySplit.values().stream().mapToInt(Integer::intValue).sum()));
            TreeSet<String> metaKeys = new TreeSet<>();
            samples.forEach(s -> metaKeys.addAll(s.metadata().keySet()));
            if (!metaKeys.isEmpty()) {
                out.println("metadata columns: " + String.join(", ", metaKeys));
            }
            ReportText.printStatistics(StatisticsSummary.of(samples), out);
        }
        return ExitCodes.OK;
    }

    /**
     * {@code data list --json}'s version plus {@code lineage} (refs, this version first), {@code unreadable},
     * {@code counts} (label, {@code ""} for unlabelled, to samples per split and {@code total}),
     * {@code metadata_columns} and {@code statistics} in {@code data validate --json}'s shape.
     */
    static ObjectNode json(DatasetVersion v, List<DatasetVersion> lineage, List<Sample> samples) {
        ObjectNode n = DataListCommand.json(v);
        ArrayNode refs = n.putArray("lineage");
        lineage.forEach(x -> refs.add(x.toString()));
        n.put("unreadable", samples.stream().filter(s -> !s.readable()).count());
        ObjectNode counts = n.putObject("counts");
        Map<String, Map<Split, Integer>> table = new TreeMap<>();
        samples.forEach(s -> table.computeIfAbsent(s.label().orElse(""), k -> new TreeMap<>()).merge(s.split(), 1, Integer::sum));
        table.forEach((label, bySplit) -> {
            ObjectNode row = counts.putObject(label);
            for (Split s : Split.values()) {
                row.put(s.lower(), bySplit.getOrDefault(s, 0));
            }
            row.put("total", bySplit.values().stream().mapToInt(Integer::intValue).sum());
        });
        ArrayNode columns = n.putArray("metadata_columns");
        samples.stream().flatMap(s -> s.metadata().keySet().stream()).distinct().sorted().forEach(columns::add);
        n.set("statistics", JsonOutput.tree(ReportJson.statistics(StatisticsSummary.of(samples))));
        return n;
    }

    static String splits(DatasetVersion v) {
        StringBuilder sb = new StringBuilder();
        for (Split s : Split.values()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(s.lower()).append(' ').append(v.splitCounts().getOrDefault(s, 0));
        }
        return sb.toString();
    }

    static String labels(Map<String, Integer> counts) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(counts).forEach((k, n) -> sb.append(sb.isEmpty() ? "" : ", ")
                .append(k.isEmpty() ? "(none)" : k).append(' ').append(n));
        return sb.toString();
    }
}
