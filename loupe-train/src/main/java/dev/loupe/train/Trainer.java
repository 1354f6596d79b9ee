package dev.loupe.train;

import java.io.IOException;
import java.util.Map;

/**
 * Trains a model on a dataset version and returns it as a self-describing package.
 *
 * <p>Contract for every trainer: the package's descriptor records the dataset version, the trainer's
 * name, the parameters as given, the seed, Loupe's code version and the library versions; the same
 * data, parameters and seed give the same model where the trainer's libraries allow it. Unknown
 * parameters are an error ({@link IllegalArgumentException}), never silently ignored.
 */
public interface Trainer {

    /** The trainer's name as the CLI and lineage spell it: {@code baseline}, {@code cnn}, {@code external}. */
    String name();

    /**
     * Trains.
     *
     * @param data     the labelled samples, their images and the project's X and y
     * @param params   trainer parameters ({@code --param k=v})
     * @param seed     the random seed
     * @param progress receives progress and per-step metrics (for experiment tracking)
     * @throws TrainingException when training cannot produce a model (no data, a failed external command)
     */
    TrainingResult train(TrainingData data, Map<String, String> params, long seed, Progress progress)
            throws TrainingException, IOException;
}
