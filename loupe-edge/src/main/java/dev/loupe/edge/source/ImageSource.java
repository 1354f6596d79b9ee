package dev.loupe.edge.source;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where the station's images come from. The agent takes an image with {@link #next}, decides it,
 * spools its record, then calls {@link #done}: a source that persists its position does so there, so
 * an image is handed out again after a restart only when its record never reached the spool.
 *
 * <p>Called from one pipeline thread. Whoever opens a source closes it.
 */
public interface ImageSource extends AutoCloseable {

    /** The next image, waiting at most {@code timeout}; empty when none came (or the source ended). */
    Optional<Capture> next(Duration timeout) throws InterruptedException;

    /** The capture's record is spooled: it must not be handed out again. */
    default void done(Capture capture) {
    }

    /**
     * Whether the source still holds an image it handed out, and can take it back ({@link #retryLater}):
     * a folder keeps its files. Default false: an image not spooled is lost, and counted as dropped.
     */
    default boolean canRetry() {
        return false;
    }

    /**
     * The capture's record could not be written (the disk refused it, {@code reason} says how): the
     * source hands the image out again, first among those waiting, after a pause. Only called on a
     * source that {@link #canRetry}.
     */
    default void retryLater(Capture capture, String reason) {
        throw new UnsupportedOperationException(describe() + " cannot take an image back");
    }

    /** True once the source will give no more images (a finite synthetic run). */
    default boolean finished() {
        return false;
    }

    /**
     * Stops taking images and returns those the source already accepted but has not handed out, for the
     * agent to decide before it exits: a source that told a sender it has an image (a 202 to a camera)
     * must not lose it on a stop. Default: none (a folder or the synthetic line keeps its images).
     */
    default List<Capture> drain() {
        return List.of();
    }

    /** A short name for status lines and metrics ({@code synthetic:dimming}). */
    String describe();

    @Override
    void close();
}
