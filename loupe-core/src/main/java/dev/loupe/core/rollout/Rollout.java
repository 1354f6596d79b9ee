package dev.loupe.core.rollout;

import dev.loupe.core.registry.ModelVersion;

/**
 * Puts a challenger in front of live traffic beside the champion, the way a prediction server does it.
 * The continuous-training pipeline drives it: {@link #startShadow}, then {@link #startCanary}, reading
 * {@link #liveFigures} to judge, then {@link #promote} or {@link #rollback}.
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
 * One roll-out object serves every model (a server has one), so {@link #liveFigures}, {@link #promote} and
 * {@link #rollback} name the model of the run calling them, and act only on a roll-out under way for that
 * model: one of another model (left by a run whose executor stopped on an exception: a lost lease, a
 * database error) is that run's, and is left as it is, as when nothing is under way. A server's keeps one
 * roll-out per model, so runs of different models roll out at the same time; an implementation may also hold
 * only the roll-out it last started, of one model (the in-process one), and is then given one run at a time.
 * Implementations are thread-safe; whoever creates one closes it.
 */
public interface Rollout extends AutoCloseable {

    void startShadow(ModelVersion champion, ModelVersion challenger);

    /** @param share the challenger's share of requests, in (0, 1) */
    void startCanary(ModelVersion champion, ModelVersion challenger, double share);

    /**
     * What each model did since the current phase started; {@link LiveFigures#none()} when the roll-out is
     * not {@code model}'s.
     */
    LiveFigures liveFigures(String model);

    /**
     * Sends every request to {@code model}'s version {@code challenger}, if a shadow or canary of that challenger
     * is under way: not a leftover roll-out of another run of the same model, whose challenger was rejected.
     */
    void promote(String model, int challenger);

    /** Ends {@code model}'s shadow or canary, if one is under way: every request goes to its champion. */
    void rollback(String model);

    @Override
    void close();
}
