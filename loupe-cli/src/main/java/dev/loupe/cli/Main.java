package dev.loupe.cli;

import java.io.PrintWriter;

/** Entry point of the {@code loupe} command. Wiring only: see {@link LoupeCommand}. */
public final class Main {
    private Main() {
    }

    private static final java.util.logging.Logger JUL_ROOT = java.util.logging.Logger.getLogger("");

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI on the process's stdout and stderr and returns its exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the CLI writing to {@code out} and {@code err} (flushed before returning); tests call this in-process. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        // libraries logging through java.util.logging (Helidon): warnings only, unless --verbose
        JUL_ROOT.setLevel(verbose ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING);
        try {
            return LoupeCommand.commandLine(out, err).execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }
}
