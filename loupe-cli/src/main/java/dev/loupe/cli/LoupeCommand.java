package dev.loupe.cli;

import dev.loupe.core.config.ConfigException;
import dev.loupe.core.project.ProjectException;
import dev.loupe.core.store.AlreadyExistsException;
import dev.loupe.core.store.NotFoundException;
import dev.loupe.core.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.List;

/** The root {@code loupe} command: global options, subcommands, and error handling for all of them. */
@Command(name = "loupe", scope = CommandLine.ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Loupe: from a labelled image set to a defect model on the line that stays right.",
        footer = {"", ExitCodes.HELP},
        subcommands = {
                VersionCommand.class,
                DoctorCommand.class,
                InitCommand.class,
                dev.loupe.cli.bench.BenchCommand.class,
                dev.loupe.cli.labels.LabelsCommand.class,
                dev.loupe.cli.data.DataCommand.class,
                dev.loupe.cli.model.TrainCommand.class,
                dev.loupe.cli.model.EvalCommand.class,
                dev.loupe.cli.server.ServerCommand.class,
                dev.loupe.cli.models.ModelsCommand.class,
                dev.loupe.cli.runs.RunsCommand.class,
                dev.loupe.cli.monitor.MonitorCommand.class,
                dev.loupe.cli.serve.ServeCommand.class,
                dev.loupe.cli.quickstart.QuickstartCommand.class,
                dev.loupe.cli.pipeline.PipelineCommand.class,
                dev.loupe.edge.cli.EdgeCommand.class,
                dev.loupe.cli.review.ReviewCommand.class,
                dev.loupe.cli.tokens.TokensCommand.class,
                dev.loupe.cli.batch.BatchCommand.class,
                CommandLine.HelpCommand.class
        })
public final class LoupeCommand implements Runnable {

    /** Global options given before the subcommand; handed to the subcommand's own by {@link #execute}. */
    @CommandLine.Mixin
    GlobalOptions global;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The configured command line on stdout and stderr. */
    public static CommandLine commandLine() {
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    /** The configured command line writing to {@code out} and {@code err}, shared by {@link Main} and tests. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new LoupeCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionStrategy(LoupeCommand::execute);
        cl.setExecutionExceptionHandler(LoupeCommand::handle);
        cl.setExitCodeExceptionMapper(e -> ExitCodes.INTERNAL);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("loupe: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCodes.USAGE;
        });
        return cl;
    }

    /**
     * Runs the command that was named, after giving it the global options that came before it: into its own
     * {@link GlobalOptions}, or (a command that uses no Loupe home, such as {@code data generate}) refused when
     * any other than {@code --verbose} was given, rather than silently ignored.
     */
    private static int execute(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        if (leaf != parsed) {
            LoupeCommand root = parsed.commandSpec().commandLine().getCommand();
            Object mixin = leaf.commandSpec().mixins().values().stream().map(CommandLine.Model.CommandSpec::userObject)
                    .filter(GlobalOptions.class::isInstance).findFirst().orElse(null);
            if (mixin instanceof GlobalOptions own) {
                own.inheritFrom(root.global);
            } else {
                List<String> given = parsed.matchedOptions().stream()
                        .filter(o -> root.spec.mixins().get("global").options().contains(o))
                        .map(CommandLine.Model.OptionSpec::longestName).filter(n -> !n.equals("--verbose")).toList();
                if (!given.isEmpty()) {
                    throw new CommandLine.ParameterException(leaf.commandSpec().commandLine(), String.join(", ", given)
                            + ": '" + leaf.commandSpec().qualifiedName() + "' does not use the Loupe home");
                }
            }
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    /** One clear line on stderr for known failures; the stack trace only with --verbose. */
    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        boolean verbose = parsed.expandedArgs().contains("--verbose");
        int code = switch (e) {
            case ConfigException c -> ExitCodes.CONFIG;
            case ProjectException p -> ExitCodes.CONFIG;
            case StoreException s -> ExitCodes.CONFIG;
            case UserException u -> u.exitCode();
            case NotFoundException n -> ExitCodes.FAILED;
            case AlreadyExistsException a -> ExitCodes.FAILED;
            case IllegalArgumentException i -> ExitCodes.USAGE;
            case IOException io -> ExitCodes.FAILED;
            case UncheckedIOException io -> ExitCodes.FAILED;
            default -> ExitCodes.INTERNAL;
        };
        String message = switch (e) {
            // these carry only the path as their message: 'loupe: scores.csv' says nothing about what went wrong
            case NoSuchFileException n -> "no such file or directory: " + n.getFile();
            case AccessDeniedException a -> "permission denied: " + a.getFile();
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
        if (code == ExitCodes.INTERNAL) {
            message = "internal error: " + e + (verbose ? "" : " (rerun with --verbose for details)");
        }
        cl.getErr().println("loupe: " + message.lines().findFirst().orElse(message));
        if (verbose) {
            e.printStackTrace(cl.getErr());
        }
        return code;
    }
}
