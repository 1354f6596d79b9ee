package dev.loupe.cli;

import dev.loupe.core.config.LoupeConfig;
import dev.loupe.core.config.Setting;
import dev.loupe.core.config.Settings;
import dev.loupe.core.project.ProjectFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code loupe init}: writes a commented project file ({@code loupe.yaml}) in a directory and, when the
 * Loupe home has none yet, a commented {@code config.yaml} listing every setting.
 */
@Command(name = "init", description = "Write a commented loupe.yaml project file (and the home's config.yaml).")
final class InitCommand implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions global;

    @Option(names = "--dir", paramLabel = "DIR", description = "where to write loupe.yaml (default: current directory)")
    Path dir = Path.of(".");

    @Option(names = "--force", description = "overwrite an existing loupe.yaml")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path project = dir.resolve("loupe.yaml");
        if (Files.exists(project) && !force) {
            throw new UserException(ExitCodes.FAILED, project + " already exists (use --force to overwrite)");
        }
        Files.createDirectories(dir);
        Files.writeString(project, ProjectFile.template());
        out.println("wrote " + project + "  (edit the labels, their definitions and the targets)");

        LoupeConfig config = global.config();
        Path configFile = config.configFile();
        if (!Files.exists(configFile)) {
            Files.createDirectories(config.home());
            Files.writeString(configFile, configTemplate(config));
            out.println("wrote " + configFile);
        }
        return ExitCodes.OK;
    }

    static String configTemplate(LoupeConfig config) {
        StringBuilder sb = new StringBuilder("""
                # Loupe configuration. Precedence: command-line flags > LOUPE_* environment > this file > defaults.
                # Every setting below is commented out, showing its default; uncomment to change it.
                """);
        for (Setting s : Settings.ALL) {
            String def = s.defaultValue().apply(config.home());
            sb.append("\n# ").append(s.description()).append("  (env ").append(s.envVar()).append(")\n");
            sb.append("# ").append(s.key()).append(": ").append(def == null ? "" : def).append('\n');
        }
        return sb.toString();
    }
}
