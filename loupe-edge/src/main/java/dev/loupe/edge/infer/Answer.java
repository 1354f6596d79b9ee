package dev.loupe.edge.infer;

import dev.loupe.core.decision.Decision;
import dev.loupe.core.decision.DecisionPolicy;
import dev.loupe.edge.record.EdgeRecord;

import java.util.Optional;

/**
 * A model's answer for one image, with where it came from.
 *
 * @param score   the defect score in [0, 1]
 * @param label   the predicted label
 * @param model   the answering model's name
 * @param version its version
 * @param policy  the decision policy that model brings (its threshold and review band)
 * @param via     which path answered
 * @param serverDecision the server's decision under its own policy (remote answers only)
 * @param via     which path answered
 * @param note    why that path (for a fallback: what went wrong with the server), else {@code ""}
 */
public record Answer(double score, String label, String model, String version, DecisionPolicy policy,
                     Optional<Decision> serverDecision, EdgeRecord.Via via, String note) {

    public Answer asFallback(String why) {
        return new Answer(score, label, model, version, policy, serverDecision, EdgeRecord.Via.FALLBACK, why);
    }
}
