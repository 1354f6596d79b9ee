package dev.loupe.edge.cli;

import dev.loupe.edge.start.FirstModel;
import dev.loupe.edge.start.StartupTimes;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Entry point of the edge agent's own distribution ({@code loupe-edge/target/dist/lib}, no DJL, no
 * Spark): {@code ./loupe edge ...} runs {@code EdgeMain edge ...}. Exit codes as the {@code loupe} CLI:
 * 0 ok, 1 failed, 2 usage, 3 configuration, 70 internal.
 */
@Command(name = "loupe", mixinStandardHelpOptions = true, subcommands = {EdgeCommand.class},
        description = "Loupe's edge agent distribution.")
public final class EdgeMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        StartupTimes startup = new StartupTimes();
        startup.mark("main");
        System.exit(run(startup, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the edge CLI and returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(new StartupTimes(), out, err, args);
    }

    private static int run(StartupTimes startup, PrintWriter out, PrintWriter err, String... args) {
        // a cold start's longest step is loading the model: begin before picocli has even read the options
        Optional<FirstModel> preload = option(args, "--model").filter(EdgeMain::isPath).map(m -> FirstModel.ofPackage(Path.of(m),
                option(args, "--threads").map(EdgeMain::intOrOne).orElse(1), startup));
        try {
            return execute(startup, preload, out, err, args);
        } finally {
            preload.ifPresent(EdgeMain::closeQuietly);
        }
    }

    /** The value of {@code edge}'s option {@code name} ({@code --name V} or {@code --name=V}), as picocli will read it. */
    static Optional<String> option(String[] args, String name) {
        if (args.length == 0 || !args[0].equals("edge")) {
            return Optional.empty();
        }
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--")) {
                break;
            }
            if (args[i].equals(name) && i + 1 < args.length) {
                return Optional.of(args[i + 1]);
            }
            if (args[i].startsWith(name + "=")) {
                return Optional.of(args[i].substring(name.length() + 1));
            }
        }
        return Optional.empty();
    }

    private static boolean isPath(String s) {
        try {
            Path.of(s);
            return true;
        } catch (java.nio.file.InvalidPathException e) {
            return false; // picocli will say what is wrong with it
        }
    }

    private static int intOrOne(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 1; // picocli will say what is wrong with it
        }
    }

    private static void closeQuietly(FirstModel m) {
        try {
            m.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int execute(StartupTimes startup, Optional<FirstModel> preload, PrintWriter out, PrintWriter err, String... args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine cl = new CommandLine(new EdgeMain(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                return cls == EdgeCommand.class ? cls.cast(new EdgeCommand(startup, preload)) : defaults.create(cls);
            }
        });
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            boolean verbose = parsed.expandedArgs().contains("--verbose");
            int code = switch (e) {
                case IllegalArgumentException i -> 2;
                case java.io.IOException io -> 1;
                case java.io.UncheckedIOException io -> 1;
                default -> 70;
            };
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            c.getErr().println("loupe: " + (code == 70 ? "internal error: " + e : msg.lines().findFirst().orElse(msg)));
            if (verbose) {
                e.printStackTrace(c.getErr());
            }
            return code;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("loupe: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return 2;
        });
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }
}
