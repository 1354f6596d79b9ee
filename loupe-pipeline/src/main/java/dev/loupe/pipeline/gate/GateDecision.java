package dev.loupe.pipeline.gate;

import java.util.List;

/** The gate's verdict on a challenger, with every check it made in words. */
public sealed interface GateDecision {

    /** Every check, passed or not, one line each. */
    List<String> checks();

    record Passed(List<String> checks) implements GateDecision {
        public Passed {
            checks = List.copyOf(checks);
        }
    }

    /** @param reasons the checks that failed */
    record Failed(List<String> reasons, List<String> checks) implements GateDecision {
        public Failed {
            reasons = List.copyOf(reasons);
            checks = List.copyOf(checks);
        }
    }
}
