package dev.loupe.serve.infer;

import dev.loupe.core.inference.Tensor;

import java.util.List;
import java.util.Optional;

/**
 * An Open Inference Protocol inference request, decoded from REST (JSON or binary) or gRPC: both
 * protocols end here and take the same path.
 *
 * @param model   model name
 * @param version model version, empty for the server's choice
 * @param id      the client's request id, echoed in the response
 * @param inputs  the input tensors, in request order
 * @param outputs the outputs asked for, in request order; empty means every output of the model
 */
public record InferRequest(String model, Optional<String> version, Optional<String> id,
                           List<Input> inputs, List<RequestedOutput> outputs) {
    public InferRequest {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** A named input tensor. */
    public record Input(String name, Tensor tensor) {
    }

    /**
     * An output asked for.
     *
     * @param classification top-k classes to return instead of the tensor (classification extension), 0 for the tensor
     */
    public record RequestedOutput(String name, int classification) {
    }
}
