package dev.loupe.cli.models;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.UserException;
import dev.loupe.core.registry.ModelRegistry;
import dev.loupe.core.registry.RegisteredModel;
import dev.loupe.core.rollout.RolloutPlan;
import dev.loupe.store.jdbc.JdbcMetadataStore;
import dev.loupe.store.jdbc.MetadataStores;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * {@code loupe models rollout NAME --shadow|--canary SHARE|--off [--challenger ALIAS|VERSION]}: stores the
 * model's roll-out plan; every {@code loupe server} on the same database applies it within its poll
 * interval. Audited; without {@code --challenger} the {@code challenger} alias.
 */
@Command(name = "rollout", description = "Shadow or canary a challenger beside the champion on every server, or --off.")
final class ModelsRolloutCommand implements Callable<Integer> {
    @CommandLine.Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "NAME", description = "registered model name")
    String name;

    static final class Mode {
        @Option(names = "--shadow", description = "the challenger scores a copy of every request; only logged")
        boolean shadow;
        @Option(names = "--canary", paramLabel = "SHARE", description = "the challenger answers this share of requests, sticky per station")
        Double canary;
        @Option(names = "--off", description = "the champion alone")
        boolean off;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    @Option(names = "--challenger", paramLabel = "ALIAS|VERSION", description = "the challenger (default: the challenger alias)")
    String challenger = "challenger";

    @Option(names = "--reason", paramLabel = "TEXT", description = "why, recorded in the audit log")
    String reason;

    @Option(names = "--actor", paramLabel = "WHO", description = "who makes the change (default: the OS user)")
    String actor = Format.actor();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (JdbcMetadataStore store = MetadataStores.open(global.config())) {
            RegisteredModel m = store.registry().model(name)
                    .orElseThrow(() -> new UserException(ExitCodes.FAILED, "no registered model '" + name + "' (see 'loupe models list')"));
            RolloutPlan plan;
            try {
                plan = mode.off ? RolloutPlan.none(name, actor, Instant.now())
                        : new RolloutPlan(name, mode.shadow ? RolloutPlan.Mode.SHADOW : RolloutPlan.Mode.CANARY, challenger,
                        mode.canary == null ? 0 : mode.canary, actor, Instant.now());
            } catch (IllegalArgumentException e) {
                throw new UserException(ExitCodes.USAGE, e.getMessage());
            }
            if (plan.mode() != RolloutPlan.Mode.NONE) {
                checkChallenger(store.registry(), m);
            }
            store.rollouts().save(plan, reason);
            out.printf("%s roll-out: %s (servers apply it within their poll interval)%n", name, plan.describe());
        }
        return ExitCodes.OK;
    }

    /** The challenger names a version or alias the model has, as the REST API requires; else a failed exit saying what it has. */
    private void checkChallenger(ModelRegistry registry, RegisteredModel m) {
        if (!challenger.matches("[0-9]+")) {
            if (!m.aliases().containsKey(challenger)) {
                throw new UserException(ExitCodes.FAILED, name + " has no alias '" + challenger + "' (aliases " + m.aliases().keySet()
                        + "); give --challenger VERSION or set it with 'loupe models alias'");
            }
            return;
        }
        boolean known = challenger.length() < 10 && registry.version(name, Integer.parseInt(challenger)).isPresent();
        if (!known) {
            throw new UserException(ExitCodes.FAILED, name + " has no version " + challenger + " (versions "
                    + registry.versions(name).stream().map(v -> Integer.toString(v.version())).toList() + ")");
        }
    }
}
