package dev.loupe.serve.infer;

import dev.loupe.core.inference.Tensor;

import java.util.List;
import java.util.Optional;

/**
 * The outputs of one inference, in the order the request asked for them (the model's order when it
 * asked for none).
 */
public record InferResponse(String model, String version, Optional<String> id, List<Output> outputs) {
    public InferResponse {
        outputs = List.copyOf(outputs);
    }

    /** A named output tensor. */
    public record Output(String name, Tensor tensor) {
    }
}
