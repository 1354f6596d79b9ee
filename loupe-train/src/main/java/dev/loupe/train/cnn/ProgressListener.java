package dev.loupe.train.cnn;

/** Receives one {@link EpochProgress} per finished epoch, on the training thread; must return quickly. */
@FunctionalInterface
public interface ProgressListener {

    /** Ignores progress. */
    ProgressListener NONE = p -> {
    };

    void onEpoch(EpochProgress progress);
}
