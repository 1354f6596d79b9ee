package dev.loupe.cli.quickstart;

/** Seconds since it started; one per stage. */
final class Stopwatch {
    private final long start = System.nanoTime();

    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }
}
