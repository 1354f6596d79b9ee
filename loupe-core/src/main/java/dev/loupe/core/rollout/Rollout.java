package dev.loupe.core.rollout;

import dev.loupe.core.registry.ModelVersion;

/**
 * Puts a challenger in front of live traffic beside the champion, the way a prediction server does it.
 * The continuous-training pipeline drives it: {@link #startShadow}, then {@link #startCanary}, reading
 * {@link #liveFigures()} to judge, then {@link #promote} or {@link #rollback}.
 *
 * <ul>
 *   <li>shadow: the champion answers every request; the challenger scores the same images and its
 *       answers are only recorded;</li>
 *   <li>canary: the challenger answers a share of requests, the champion the rest;</li>
 *   <li>promote: the challenger answers every request;</li>
 *   <li>rollback: the champion answers every request and the challenger is unloaded.</li>
 * </ul>
 *
 * <p>Every method is idempotent: the pipeline calls them again when it resumes after a crash (a
 * {@link #rollback} with no roll-out under way does nothing). Starting a phase resets the live figures.
 * Implementations are thread-safe; whoever creates one closes it.
 */
public interface Rollout extends AutoCloseable {

    void startShadow(ModelVersion champion, ModelVersion challenger);

    /** @param share the challenger's share of requests, in (0, 1) */
    void startCanary(ModelVersion champion, ModelVersion challenger, double share);

    /** What each model did since the current phase started. */
    LiveFigures liveFigures();

    void promote();

    void rollback();

    @Override
    void close();
}
