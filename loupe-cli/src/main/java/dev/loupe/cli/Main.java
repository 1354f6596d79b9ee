package dev.loupe.cli;

import java.io.PrintWriter;

/** Entry point of the {@code loupe} command. Wiring only: see {@link LoupeCommand}. */
public final class Main {
    private Main() {
    }

    private static final java.util.logging.Logger JUL_ROOT = java.util.logging.Logger.getLogger("");
    /** Held here so that its level, set below, outlives a garbage collection (JUL keeps loggers weakly). */
    private static final java.util.logging.Logger JUL_LOUPE = java.util.logging.Logger.getLogger("dev.loupe");

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
        // Loupe's own loggers (dev.loupe.*) print warnings; libraries (DJL, Flyway, HikariCP through slf4j,
        // Helidon through java.util.logging) only errors: their warnings (DJL's "Failed to detect GPU count"
        // on a machine with no GPU driver) are noise to a user. --verbose shows both at INFO.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "error");
        System.setProperty("org.slf4j.simpleLogger.log.dev.loupe", verbose ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        JUL_ROOT.setLevel(verbose ? java.util.logging.Level.INFO : java.util.logging.Level.SEVERE);
        JUL_LOUPE.setLevel(verbose ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING);
        try {
            return LoupeCommand.commandLine(out, err).execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }
}
