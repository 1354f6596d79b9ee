package dev.loupe.cli;

/** A failure the user can act on: printed as one line, with a chosen exit code. */
public class UserException extends RuntimeException {
    private final int exitCode;

    public UserException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** With the failure it reports, whose stack trace {@code --verbose} prints. */
    public UserException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
