package dev.loupe.serve.infer;

import dev.loupe.core.inference.Tensor;
import dev.loupe.serve.ServeException;

import java.util.List;
import java.util.Optional;

/**
 * An Open Inference Protocol inference request, decoded from REST (JSON or binary) or gRPC: both
 * protocols end here and take the same path.
 *
 * @param model   model name
 * @param version model version, empty for the server's choice
 * @param id      the client's request id, echoed in the response (and in the {@code X-Request-Id} header or
 *                {@code x-request-id} metadata, so it may hold no control characters)
 * @param inputs  the input tensors, in request order
 * @param outputs the outputs asked for, in request order; empty means every output of the model
 */
public record InferRequest(String model, Optional<String> version, Optional<String> id,
                           List<Input> inputs, List<RequestedOutput> outputs) {
    /** @throws ServeException bad request for an id a response header cannot carry */
    public InferRequest {
        if (id.isPresent() && id.get().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw ServeException.badRequest("id must not contain control characters such as CR or LF"
                    + " (it is returned in the X-Request-Id header)");
        }
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
