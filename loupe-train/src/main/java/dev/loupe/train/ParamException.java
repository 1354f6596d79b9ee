package dev.loupe.train;

/**
 * A trainer parameter that is unknown or whose value does not parse or is out of range. The message names the
 * trainer and the parameter; {@link #param()} and {@link #problem()} let a caller word it in its own terms
 * ({@code loupe train} says {@code --param NAME: PROBLEM}).
 */
public final class ParamException extends IllegalArgumentException {
    private final String param;
    private final String problem;

    public ParamException(String trainer, String param, String problem) {
        super(trainer + " parameter " + param + ": " + problem);
        this.param = param;
        this.problem = problem;
    }

    /** The parameter's name. */
    public String param() {
        return param;
    }

    /** What is wrong with it, e.g. {@code expected a number, got 'abc'}. */
    public String problem() {
        return problem;
    }
}
