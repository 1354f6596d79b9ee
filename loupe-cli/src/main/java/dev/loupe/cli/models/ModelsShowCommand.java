package dev.loupe.cli.models;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.JsonOutput;
import dev.loupe.cli.UserException;
import dev.loupe.core.registry.ModelVersion;
import dev.loupe.core.registry.RegisteredModel;
import dev.loupe.core.store.AuditEntry;
import dev.loupe.core.tracking.DatasetInput;
import dev.loupe.core.tracking.Run;
import dev.loupe.core.tracking.TrackingStore;
import dev.loupe.store.jdbc.JdbcMetadataStore;
import dev.loupe.store.jdbc.MetadataStores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code loupe models show NAME}: the model, its versions with their lineage (the run's dataset
 * versions, code version, params and metrics), and the model's audit trail; with {@code --json} the same
 * as one JSON document (versions newest first, as printed).
 */
@Command(name = "show", description = "Show a model: versions, aliases, tags, lineage, and its audit log.")
final class ModelsShowCommand implements Callable<Integer> {
    /** Run tags that carry the code version, Loupe's first, then MLflow's. */
    static final List<String> CODE_VERSION_TAGS = List.of("loupe.code.version", "mlflow.source.git.commit");

    @CommandLine.Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "NAME", description = "registered model name")
    String name;

    @Option(names = "--json", description = "print the model, its versions' lineage and its audit log as JSON")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (JdbcMetadataStore store = MetadataStores.open(global.config())) {
            RegisteredModel m = store.registry().model(name).orElseThrow(() ->
                    new UserException(ExitCodes.FAILED, "no registered model named " + name + " (see `loupe models list`)"));
            if (json) {
                JsonOutput.print(out, json(m, store));
                return ExitCodes.OK;
            }
            out.printf("%s%n", m.name());
            out.printf("  description  %s%n", m.description() == null ? "-" : m.description());
            out.printf("  created      %s   updated %s%n", Format.time(m.creationTime()), Format.time(m.lastUpdatedTime()));
            out.printf("  aliases      %s%n", Format.aliases(m.aliases()));
            out.printf("  tags         %s%n", Format.tags(m.tags()));
            List<ModelVersion> versions = store.registry().versions(name);
            out.println();
            out.println("Versions:");
            if (versions.isEmpty()) {
                out.println("  none");
            }
            for (ModelVersion v : versions.reversed()) {
                printVersion(out, v, store.tracking());
            }
            out.println();
            out.println("Audit log:");
            TextTable log = new TextTable("SEQ", "WHEN", "WHO", "ACTION", "FROM", "TO", "REASON");
            for (AuditEntry e : store.registry().history(name)) {
                AuditEntry.Change c = e.change();
                log.row(e.seq(), Format.time(e.at()), c.actor(), c.action(), c.before(), c.after(), c.reason());
            }
            log.print(out, "  ");
        }
        return ExitCodes.OK;
    }

    private static ObjectNode json(RegisteredModel m, JdbcMetadataStore store) {
        ObjectNode root = ModelsListCommand.json(m);
        ArrayNode versions = root.putArray("versions");
        for (ModelVersion v : store.registry().versions(m.name()).reversed()) {
            versions.add(TrackingJson.version(v, store.tracking()));
        }
        ArrayNode log = root.putArray("audit_log");
        for (AuditEntry e : store.registry().history(m.name())) {
            AuditEntry.Change c = e.change();
            ObjectNode n = log.addObject().put("seq", e.seq());
            JsonOutput.time(n, "at", e.at());
            n.put("actor", c.actor()).put("entity_type", c.entityType()).put("entity_id", c.entityId())
                    .put("action", c.action()).put("before", c.before()).put("after", c.after()).put("reason", c.reason());
        }
        return root;
    }

    private static void printVersion(PrintWriter out, ModelVersion v, TrackingStore tracking) {
        out.printf("  %d  %s  %s%s%n", v.version(), Format.time(v.creationTime()), v.source(),
                v.aliases().isEmpty() ? "" : "  [" + String.join(", ", v.aliases()) + "]");
        if (v.description() != null) {
            out.printf("       description  %s%n", v.description());
        }
        if (!v.tags().isEmpty()) {
            out.printf("       tags         %s%n", Format.tags(v.tags()));
        }
        if (v.runId() == null) {
            out.println("       lineage      no run recorded");
            return;
        }
        Optional<Run> run = tracking.run(v.runId());
        if (run.isEmpty()) {
            out.printf("       run          %s (not in this store)%n", v.runId());
            return;
        }
        Run r = run.get();
        out.printf("       run          %s (%s, %s)%n", r.info().runId(), r.info().runName(), r.info().status());
        out.printf("       datasets     %s%n", r.inputs().isEmpty() ? "-" : r.inputs().stream()
                .map(d -> d.source() + (d.context() == null ? "" : " (" + d.context() + ")")).collect(Collectors.joining(", ")));
        out.printf("       code         %s%n", TrackingJson.codeVersion(r).orElse("-"));
        out.printf("       params       %s%n", r.data().params().isEmpty() ? "-" : r.data().params().stream()
                .map(p -> p.key() + "=" + p.value()).collect(Collectors.joining(", ")));
        out.printf("       metrics      %s%n", r.data().metrics().isEmpty() ? "-" : r.data().metrics().stream()
                .map(mt -> mt.key() + "=" + Format.number(mt.value())).collect(Collectors.joining(", ")));
    }

    static String datasets(List<DatasetInput> inputs) {
        return inputs.stream().map(DatasetInput::source).collect(Collectors.joining(", "));
    }
}
