package dev.loupe.cli.models;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.UserException;
import dev.loupe.core.registry.ModelRegistry;
import dev.loupe.core.rollout.RolloutPlan;
import dev.loupe.core.store.AuditEntry;
import dev.loupe.store.jdbc.JdbcMetadataStore;
import dev.loupe.store.jdbc.MetadataStores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code loupe models alias NAME ALIAS VERSION}: points an alias at a version (moving it), or with
 * {@code --delete} removes it. Recorded in the audit log with who, from, to and the reason. When the change
 * also ended the model's roll-out (the registry ends a person's plan whose challenger became the champion or
 * names no version any more), one more line says so and why.
 */
@Command(name = "alias", description = "Point an alias (champion, challenger...) at a version, or --delete it.")
final class ModelsAliasCommand implements Callable<Integer> {
    @CommandLine.Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "NAME", description = "registered model name")
    String name;

    @Parameters(index = "1", paramLabel = "ALIAS", description = "alias, e.g. champion")
    String alias;

    @Parameters(index = "2", paramLabel = "VERSION", arity = "0..1", description = "version number to point at")
    Integer version;

    @Option(names = "--delete", description = "remove the alias instead")
    boolean delete;

    @Option(names = "--reason", paramLabel = "TEXT", description = "why, recorded in the audit log")
    String reason;

    @Option(names = "--actor", paramLabel = "WHO", description = "who makes the change (default: the OS user)")
    String actor = Format.actor();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (delete == (version != null)) {
            throw new UserException(ExitCodes.USAGE, "give either a VERSION or --delete");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (JdbcMetadataStore store = MetadataStores.open(global.config())) {
            ModelRegistry registry = store.registry();
            Integer before = registry.versionByAlias(name, alias).map(v -> v.version()).orElse(null);
            Optional<RolloutPlan> planBefore = store.rollouts().plan(name).filter(p -> p.mode() != RolloutPlan.Mode.NONE);
            if (delete) {
                registry.deleteAlias(actor, name, alias);
                out.printf("%s@%s removed (was version %d)%n", name, alias, before);
            } else {
                registry.setAlias(actor, name, alias, version, reason);
                out.printf("%s@%s -> version %d%s%n", name, alias, version,
                        before == null ? " (new alias)" : before.equals(version) ? " (unchanged)" : " (was version " + before + ")");
            }
            boolean ended = store.rollouts().plan(name).map(RolloutPlan::mode).orElse(RolloutPlan.Mode.NONE) == RolloutPlan.Mode.NONE;
            if (planBefore.isPresent() && ended) {
                out.printf("%s roll-out '%s' ended%s%n", name, planBefore.get().describe(), why(store));
            }
        }
        return ExitCodes.OK;
    }

    /** The registry's reason for ending the plan, from its {@code set-rollout} audit entry. */
    private String why(JdbcMetadataStore store) {
        return store.audit().forEntity("model", name).stream().map(AuditEntry::change)
                .filter(c -> c.action().equals("set-rollout")).reduce((a, b) -> b).map(AuditEntry.Change::reason)
                .map(r -> ": " + r.replaceFirst("^roll-out ended: ", "")).orElse("");
    }
}
