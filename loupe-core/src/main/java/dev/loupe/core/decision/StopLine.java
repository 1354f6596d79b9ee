package dev.loupe.core.decision;

/**
 * Applies a {@link DecisionPolicy.StopLineRule} to the stream of decisions of one line: a sliding
 * window over the last {@code window} parts, stopping when it holds {@code rejects} rejects. Reviews
 * count as parts, not rejects. Thread-safe (decisions may come from several request threads).
 */
public final class StopLine {
    private final DecisionPolicy.StopLineRule rule;
    private final boolean[] rejected;
    private int next;
    private int seen;
    private int rejectsInWindow;

    public StopLine(DecisionPolicy.StopLineRule rule) {
        this.rule = rule;
        this.rejected = new boolean[rule.window()];
    }

    /**
     * Records one part's decision.
     *
     * @return whether the line should stop now: the window holds at least {@code rejects} rejects
     */
    public synchronized boolean record(Decision d) {
        if (seen == rejected.length && rejected[next]) {
            rejectsInWindow--;
        }
        rejected[next] = d == Decision.REJECT;
        if (rejected[next]) {
            rejectsInWindow++;
        }
        next = (next + 1) % rejected.length;
        seen = Math.min(seen + 1, rejected.length);
        return rejectsInWindow >= rule.rejects();
    }

    /** Clears the window (after the line was stopped and restarted). */
    public synchronized void reset() {
        java.util.Arrays.fill(rejected, false);
        next = 0;
        seen = 0;
        rejectsInWindow = 0;
    }
}
