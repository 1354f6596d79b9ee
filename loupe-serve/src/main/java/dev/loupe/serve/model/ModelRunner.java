package dev.loupe.serve.model;

import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.inference.OnnxModel;
import dev.loupe.core.inference.Tensor;

import java.util.Map;
import java.util.Set;

/**
 * Runs a model on named tensors: {@link OnnxModel#run} for every served model. A seam so the server's
 * tests can hold a request inside the model (to fill the queue deterministically) without another
 * runtime. Implementations are thread-safe.
 */
@FunctionalInterface
public interface ModelRunner {
    Map<String, Tensor> run(Map<String, Tensor> feeds, Set<String> requested) throws InferenceException;
}
