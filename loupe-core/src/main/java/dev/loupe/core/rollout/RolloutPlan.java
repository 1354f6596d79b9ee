package dev.loupe.core.rollout;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * How a served model's traffic is split between its champion and a challenger, as set through
 * {@code POST /v1/models/{m}/rollout} or {@code loupe models rollout}. Every prediction server sharing
 * the metadata store applies the stored plan.
 *
 * @param model      the registered model's name
 * @param mode       none, shadow or canary
 * @param challenger the challenger as a version number ({@code "3"}) or an alias ({@code "challenger"});
 *                   empty for {@link Mode#NONE}
 * @param share      the challenger's share of requests in canary, in (0, 1); 0 otherwise
 * @param actor      who set the plan
 * @param updatedAt  when
 */
public record RolloutPlan(String model, Mode mode, String challenger, double share, String actor, Instant updatedAt) {

    /**
     * The actor of the continuous-training pipeline's plans: its shadow and canary are its own, and its promote
     * or rollback ends them.
     */
    public static final String PIPELINE_ACTOR = "pipeline";

    /** What the challenger does with live traffic. */
    public enum Mode {
        /** The champion answers every request; no challenger is loaded. */
        NONE,
        /** The champion answers every request; the challenger scores a copy, off the request path, only logged. */
        SHADOW,
        /** The challenger answers a share of requests, sticky per station or request key. */
        CANARY;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException naming the modes */
        public static Mode parse(String s) {
            for (Mode m : values()) {
                if (m.wireName().equals(s == null ? "" : s.strip().toLowerCase(Locale.ROOT))) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown roll-out mode '" + s + "' (none, shadow, canary)");
        }
    }

    public RolloutPlan {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(updatedAt, "updatedAt");
        challenger = challenger == null ? "" : challenger.strip();
        if (mode == Mode.NONE) {
            challenger = "";
            share = 0;
        } else if (challenger.isEmpty()) {
            throw new IllegalArgumentException(mode.wireName() + " needs a challenger (a version number or an alias)");
        }
        if (mode == Mode.CANARY && !(share > 0 && share < 1)) {
            throw new IllegalArgumentException("a canary share must be in (0, 1), got " + share);
        }
        if (mode == Mode.SHADOW) {
            share = 0;
        }
    }

    /** No roll-out: the champion alone. */
    public static RolloutPlan none(String model, String actor, Instant at) {
        return new RolloutPlan(model, Mode.NONE, "", 0, actor, at);
    }

    /** The plan as the audit log keeps it: {@code none}, {@code shadow challenger}, {@code canary 3 0.1}. */
    public String describe() {
        return switch (mode) {
            case NONE -> "none";
            case SHADOW -> "shadow " + challenger;
            case CANARY -> "canary " + challenger + " " + share;
        };
    }
}
