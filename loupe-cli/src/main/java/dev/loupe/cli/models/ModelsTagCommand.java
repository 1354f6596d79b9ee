package dev.loupe.cli.models;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.UserException;
import dev.loupe.core.registry.ModelRef;
import dev.loupe.core.registry.ModelRegistry;
import dev.loupe.store.jdbc.JdbcMetadataStore;
import dev.loupe.store.jdbc.MetadataStores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code loupe models tag TARGET KEY=VALUE... [--delete KEY]...}: tags a model ({@code defect-cnn}) or a
 * version ({@code defect-cnn/3}, {@code defect-cnn@champion}). Each change goes to the audit log.
 */
@Command(name = "tag", description = "Set (KEY=VALUE) or --delete tags on a model (NAME) or a version (NAME/3, NAME@alias).")
final class ModelsTagCommand implements Callable<Integer> {
    @CommandLine.Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "TARGET", description = "NAME, NAME/VERSION or NAME@ALIAS")
    String target;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "tags to set")
    List<String> tags = new ArrayList<>();

    @Option(names = "--delete", paramLabel = "KEY", description = "tag to remove (repeatable)")
    List<String> deletes = new ArrayList<>();

    @Option(names = "--actor", paramLabel = "WHO", description = "who makes the change (default: the OS user)")
    String actor = Format.actor();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (tags.isEmpty() && deletes.isEmpty()) {
            throw new UserException(ExitCodes.USAGE, "nothing to do: give KEY=VALUE tags or --delete KEY");
        }
        for (String t : tags) {
            if (t.indexOf('=') < 1) {
                throw new UserException(ExitCodes.USAGE, "not a KEY=VALUE tag: " + t);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        try (JdbcMetadataStore store = MetadataStores.open(global.config())) {
            ModelRegistry registry = store.registry();
            ModelRef ref = target.contains("/") || target.contains("@") ? ModelRef.parse(target) : null;
            Integer version = ref == null ? null : registry.resolve(ref).version();
            String name = ref == null ? target : ref.name();
            for (String t : tags) {
                String key = t.substring(0, t.indexOf('='));
                String value = t.substring(t.indexOf('=') + 1);
                if (version == null) {
                    registry.setModelTag(actor, name, key, value);
                } else {
                    registry.setVersionTag(actor, name, version, key, value);
                }
            }
            for (String key : deletes) {
                if (version == null) {
                    registry.deleteModelTag(actor, name, key);
                } else {
                    registry.deleteVersionTag(actor, name, version, key);
                }
            }
            var now = version == null ? registry.model(name).orElseThrow().tags() : registry.version(name, version).orElseThrow().tags();
            out.printf("%s tags: %s%n", version == null ? name : name + "/" + version, Format.tags(now));
        }
        return ExitCodes.OK;
    }
}
