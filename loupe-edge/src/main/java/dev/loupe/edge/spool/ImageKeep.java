package dev.loupe.edge.spool;

import dev.loupe.core.decision.Decision;

/**
 * Which images the station spools (and so uploads) with their records. Records are always spooled.
 */
public sealed interface ImageKeep {

    boolean keep(Decision decision, long sequence);

    /** Every image. */
    record All() implements ImageKeep {
        public boolean keep(Decision d, long seq) {
            return true;
        }
    }

    /** Images of parts sent to review or rejected, and one in {@code every} of the others. */
    record Sampled(int every) implements ImageKeep {
        public Sampled {
            if (every < 1) {
                throw new IllegalArgumentException("sampling keeps one image in N, N >= 1; got " + every);
            }
        }

        public boolean keep(Decision d, long seq) {
            return d != Decision.PASS || seq % every == 0;
        }
    }

    /** Only images of parts sent to review or rejected (what people look at and retraining needs). */
    record ReviewReject() implements ImageKeep {
        public boolean keep(Decision d, long seq) {
            return d != Decision.PASS;
        }
    }

    /** No images. */
    record None() implements ImageKeep {
        public boolean keep(Decision d, long seq) {
            return false;
        }
    }

    /** Parses {@code all}, {@code none}, {@code review-reject} or {@code sampled:N}. */
    static ImageKeep parse(String s) {
        return switch (s) {
            case "all" -> new All();
            case "none" -> new None();
            case "review-reject" -> new ReviewReject();
            default -> {
                if (s.startsWith("sampled:")) {
                    try {
                        yield new Sampled(Integer.parseInt(s.substring(8)));
                    } catch (NumberFormatException e) {
                        // fall through to the message
                    }
                }
                throw new IllegalArgumentException("images must be all, none, review-reject or sampled:N, got '" + s + "'");
            }
        };
    }
}
