package dev.loupe.server;

/**
 * Numbers read from a request's query or path, refused with a message a client can act on (never Java's
 * {@code For input string: ...}): the routes answer the {@link IllegalArgumentException} with 400.
 */
public final class QueryParams {
    private QueryParams() {
    }

    /**
     * {@code value} as a positive {@code int}.
     *
     * @param name the parameter, as the client wrote it ({@code version})
     * @throws IllegalArgumentException when {@code value} is not a whole number from 1 to {@value Integer#MAX_VALUE}
     */
    public static int positiveInt(String name, String value) {
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be a positive whole number: " + value);
        }
        return n;
    }
}
