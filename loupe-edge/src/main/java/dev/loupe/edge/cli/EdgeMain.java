package dev.loupe.edge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

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
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the edge CLI and returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        CommandLine cl = new CommandLine(new EdgeMain());
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
