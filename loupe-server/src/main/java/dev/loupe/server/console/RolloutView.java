package dev.loupe.server.console;

import dev.loupe.core.registry.RegisteredModel;
import dev.loupe.core.rollout.RolloutPlan;

import java.util.Locale;

/**
 * A model's stored roll-out plan, as every server sharing the store applies it: the mode, the challenger
 * (an alias shown with the version it names now), the canary's share, who set the plan and when. The
 * plan is changed with {@code loupe models rollout} or {@code POST /v1/models/NAME/rollout}; the audit log
 * has each change's reason.
 */
final class RolloutView {
    private final ConsoleContext ctx;

    RolloutView(ConsoleContext ctx) {
        this.ctx = ctx;
    }

    void render(Html h, RegisteredModel m) {
        h.el("h2", "Roll-out");
        RolloutPlan plan = ctx.store().rollouts().plan(m.name()).orElse(null); // null: never set
        boolean none = plan == null || plan.mode() == RolloutPlan.Mode.NONE;
        h.raw("<table id=\"rollout\">").head("mode", "challenger", "share of requests", "set by", "when");
        h.row(none ? RolloutPlan.Mode.NONE.wireName() : plan.mode().wireName(), none ? "–" : challenger(m, plan.challenger()),
                plan != null && plan.mode() == RolloutPlan.Mode.CANARY ? String.format(Locale.ROOT, "%.1f %%", 100 * plan.share()) : "–",
                plan == null ? "–" : plan.actor(), plan == null ? "–" : plan.updatedAt());
        h.raw("</table><p class=\"muted\">").text(switch (none ? RolloutPlan.Mode.NONE : plan.mode()) {
            case NONE -> "The champion answers every request.";
            case SHADOW -> "The champion answers every request; the challenger scores a copy of each, only logged.";
            case CANARY -> "The challenger answers its share of requests, sticky per station; the champion the rest.";
        }).raw(" Change it with <code>loupe models rollout ").text(m.name())
                .raw(" --shadow|--canary SHARE|--off</code>. Promoting the challenger or deleting it ends a plan a person set;"
                        + " the pipeline's ends with its run.</p>");
    }

    /** {@code v2}, or an alias with the version it names now: {@code challenger (v2)}. */
    private static String challenger(RegisteredModel m, String named) {
        if (named.matches("[0-9]{1,9}")) {
            return "v" + named;
        }
        Integer version = m.aliases().get(named);
        return named + (version == null ? " (names no version)" : " (v" + version + ")");
    }
}
