package dev.loupe.train.cnn;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * What one finished epoch measured, for a progress line and for experiment tracking.
 *
 * @param epoch           1-based
 * @param maxEpochs       the most epochs the run may take ({@link CnnParams#maxEpochs()})
 * @param trainLoss       mean weighted cross-entropy over the epoch's (augmented) training batches
 * @param validationLoss  weighted cross-entropy on the validation set, same class weights
 * @param validationAuroc AUROC of the validation scores
 * @param best            whether these weights are the best so far (and are kept)
 * @param epochTime       wall time of this epoch, validation included
 * @param elapsed         wall time since training started
 * @param eta             estimated wall time left if no early stop: mean epoch time × epochs left
 */
public record EpochProgress(int epoch, int maxEpochs, double trainLoss, double validationLoss, double validationAuroc,
                            boolean best, Duration epochTime, Duration elapsed, Duration eta) {

    /**
     * The epoch's metrics under experiment tracking's names, one point per epoch: {@code epoch.train_loss},
     * {@code epoch.validation_loss}, {@code epoch.validation_auroc} (the network alone, this epoch's weights). Named
     * apart from the run's final {@code validation.auroc}, which is the kept model's and must stay the latest value.
     */
    public Map<String, Double> metrics() {
        return Map.of("epoch.train_loss", trainLoss, "epoch.validation_loss", validationLoss,
                "epoch.validation_auroc", validationAuroc);
    }

    /** A one-line summary: {@code epoch 3/30  loss 0.4120  val loss 0.3311  val AUROC 0.9812 *  2.1 s  ETA 0:57}. */
    public String line() {
        long eta = eta().toSeconds();
        return String.format(Locale.ROOT, "epoch %d/%d  loss %.4f  val loss %.4f  val AUROC %.4f%s  %.1f s  ETA %d:%02d",
                epoch, maxEpochs, trainLoss, validationLoss, validationAuroc, best ? " *" : "  ",
                epochTime.toMillis() / 1000.0, eta / 60, eta % 60);
    }
}
