package dev.loupe.train.cnn;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link CnnTrainer#train}: the exported model with what training measured and what
 * reproducing it takes. Plain data; holds no native memory.
 *
 * @param onnx             the {@code model.onnx} bytes (see {@link OnnxExporter} for its inputs and outputs)
 * @param weights          the kept (best) weights, batch norm folded
 * @param params           the parameters trained with
 * @param history          one entry per epoch run
 * @param bestEpoch        the epoch whose weights were kept (1-based)
 * @param validationAuroc  validation AUROC of the kept weights
 * @param validationScores the training framework's score per validation image, kept weights
 * @param parity           ONNX Runtime against the training framework on the validation images
 * @param trainingTime     wall time of the whole call, export and parity check included
 * @param libraries        versions of the libraries that trained it ({@code djl}, {@code pytorch})
 */
public record TrainedCnn(byte[] onnx, CnnWeights weights, CnnParams params, List<EpochProgress> history, int bestEpoch,
                         double validationAuroc, float[] validationScores, ParityReport parity, Duration trainingTime,
                         Map<String, String> libraries) {

    public TrainedCnn {
        history = List.copyOf(history);
        libraries = Map.copyOf(libraries);
    }

    /** Number of epochs run (early stopping may end before {@link CnnParams#maxEpochs()}). */
    public int epochs() {
        return history.size();
    }
}
