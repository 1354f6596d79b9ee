package dev.loupe.cli;

/** The exit codes of every {@code loupe} command, as documented in {@code loupe --help}. */
public final class ExitCodes {
    private ExitCodes() {
    }

    public static final int OK = 0;
    /** The command ran and found a problem: a failed check, a failed gate, a failed validation. */
    public static final int FAILED = 1;
    /** Wrong usage: unknown option, missing argument. */
    public static final int USAGE = 2;
    /** Bad configuration or environment: unreadable project file, unreachable database. */
    public static final int CONFIG = 3;
    /** An unexpected internal error (a bug): rerun with --verbose and report the stack trace. */
    public static final int INTERNAL = 70;

    static final String HELP = """
            Exit codes:
              0   success
              1   the command ran and found a problem (a failed check, gate or validation)
              2   usage error (unknown option, missing argument)
              3   configuration or environment error (bad config, unreachable database or
                  store)
              70  internal error (rerun with --verbose for the stack trace)""";
}
