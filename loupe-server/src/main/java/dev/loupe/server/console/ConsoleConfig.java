package dev.loupe.server.console;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * How the console behaves.
 *
 * @param labels the project's label names, positive first ({@code defect}, {@code ok}); reviewers give
 *               these, one key each ({@link ReviewKeys})
 * @param auth   who may see and change what
 * @param clock  "now" for the last hour, the live view and audit times
 */
public record ConsoleConfig(List<String> labels, ConsoleAuth auth, Clock clock) {
    public static final List<String> DEFAULT_LABELS = List.of("defect", "ok");

    public ConsoleConfig {
        labels = List.copyOf(labels);
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(clock, "clock");
        if (labels.size() < 2) {
            throw new IllegalArgumentException("the console needs at least two labels, got " + labels);
        }
    }

    /** The default labels, loopback-only access and the system clock. */
    public static ConsoleConfig defaults() {
        return new ConsoleConfig(DEFAULT_LABELS, new LoopbackAuth(), Clock.systemUTC());
    }

    public ConsoleConfig withLabels(List<String> l) {
        return new ConsoleConfig(l, auth, clock);
    }

    public ConsoleConfig withAuth(ConsoleAuth a) {
        return new ConsoleConfig(labels, a, clock);
    }
}
