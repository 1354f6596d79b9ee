package dev.loupe.serve.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.inference.DataType;
import dev.loupe.core.inference.Tensor;
import dev.loupe.core.inference.TensorSpec;
import dev.loupe.serve.ServeException;
import dev.loupe.serve.codec.JsonTensors;
import dev.loupe.serve.codec.RawTensors;
import dev.loupe.serve.infer.InferRequest;
import dev.loupe.serve.model.ServedModel;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Decodes a V2 REST inference request body: the JSON object of the OIP REST spec, optionally followed
 * by binary tensor data (binary tensor data extension: {@code Inference-Header-Content-Length} gives the
 * JSON's length, each binary input says its {@code binary_data_size}, the data follows in input order),
 * or, with a header length of 0, the raw data of a single-input model alone.
 *
 * @param request       the decoded request
 * @param binaryOutputs outputs to return as binary data ({@code binary_data: true})
 * @param allBinary     every output not named otherwise goes binary ({@code binary_data_output: true})
 * @param station       the request parameter {@code station} (the inspection station), when given
 */
record RestInferRequest(InferRequest request, Set<String> binaryOutputs, Set<String> jsonOutputs, boolean allBinary,
                        Optional<String> station) {

    static RestInferRequest decode(ObjectMapper json, ServedModel model, byte[] body, OptionalLong headerLength) {
        if (headerLength.isPresent()) {
            long h = headerLength.getAsLong();
            if (h < 0 || h > body.length) {
                throw ServeException.badRequest("Inference-Header-Content-Length is " + h + " but the body has only "
                        + body.length + " bytes");
            }
            if (h == 0) {
                return raw(model, body);
            }
        }
        int jsonLength = (int) headerLength.orElse(body.length);
        Header header = Header.parse(json, body, jsonLength);
        JsonNode root = header.root();
        ByteBuffer binary = ByteBuffer.wrap(body, jsonLength, body.length - jsonLength);
        List<InferRequest.Input> inputs = new ArrayList<>();
        for (Header.Input in : header.inputs()) {
            inputs.add(input(in, binary, headerLength.isPresent()));
        }
        if (binary.hasRemaining()) {
            throw ServeException.badRequest(binary.remaining() + " bytes of binary data follow the JSON that no input's "
                    + "binary_data_size accounts for");
        }
        Set<String> binaryOutputs = new HashSet<>();
        Set<String> jsonOutputs = new HashSet<>();
        List<InferRequest.RequestedOutput> outputs = new ArrayList<>();
        JsonNode outputsNode = root.get("outputs");
        if (outputsNode != null && !outputsNode.isNull()) {
            if (!outputsNode.isArray()) {
                throw ServeException.badRequest("\"outputs\" must be an array");
            }
            for (JsonNode o : outputsNode) {
                String name = text(o, "name", "output");
                JsonNode p = o.path("parameters");
                JsonNode bin = p.get("binary_data");
                if (bin != null) {
                    (bin.asBoolean() ? binaryOutputs : jsonOutputs).add(name);
                }
                int k = 0;
                JsonNode c = p.get("classification");
                if (c != null) {
                    if (!c.canConvertToInt() || !c.isIntegralNumber() || c.intValue() < 1) {
                        throw ServeException.badRequest("output '" + name + "': \"classification\" must be a positive integer, got " + c);
                    }
                    k = c.intValue();
                }
                outputs.add(new InferRequest.RequestedOutput(name, k));
            }
        }
        boolean allBinary = root.path("parameters").path("binary_data_output").asBoolean(false);
        JsonNode id = root.get("id");
        Optional<String> requestId = id == null || id.isNull() ? Optional.empty() : Optional.of(id.asText());
        JsonNode station = root.path("parameters").get("station");
        return new RestInferRequest(new InferRequest(model.name(), Optional.of(model.version()), requestId, inputs, outputs),
                binaryOutputs, jsonOutputs, allBinary,
                station != null && station.isTextual() ? Optional.of(station.textValue()) : Optional.empty());
    }

    boolean binary(String output) {
        return binaryOutputs.contains(output) || (allBinary && !jsonOutputs.contains(output));
    }

    private static InferRequest.Input input(Header.Input parsed, ByteBuffer binary, boolean hasBinary) {
        JsonNode in = parsed.fields();
        String name = text(in, "name", "input");
        String typeName = text(in, "datatype", "input '" + name + "'");
        DataType type = DataType.fromName(typeName).orElseThrow(() -> ServeException.badRequest("input '" + name
                + "': unknown datatype '" + typeName + "'; the datatypes are " + Arrays.toString(DataType.values())));
        long[] shape = shape(in.get("shape"), name);
        JsonNode size = in.path("parameters").get("binary_data_size");
        if (size == null) {
            return new InferRequest.Input(name, parsed.data() != null ? parsed.data() : JsonTensors.read(name, type, shape, parsed.dataNode()));
        }
        if (!hasBinary) {
            throw ServeException.badRequest("input '" + name + "' has binary_data_size but the request has no "
                    + "Inference-Header-Content-Length header saying where the JSON ends");
        }
        if (!size.isIntegralNumber() || size.longValue() < 0) {
            throw ServeException.badRequest("input '" + name + "': binary_data_size must be a non-negative integer, got " + size);
        }
        if (size.longValue() > binary.remaining()) {
            throw ServeException.badRequest("input '" + name + "': binary_data_size is " + size.longValue()
                    + " but only " + binary.remaining() + " bytes of binary data remain in the body");
        }
        ByteBuffer slice = binary.slice(binary.position(), (int) size.longValue());
        binary.position(binary.position() + (int) size.longValue());
        return new InferRequest.Input(name, RawTensors.read(name, type, shape, slice));
    }

    private static RestInferRequest raw(ServedModel model, byte[] body) {
        if (model.inputs().size() != 1) {
            throw ServeException.badRequest("a raw binary request (Inference-Header-Content-Length: 0) needs a model with "
                    + "one input; model '" + model.name() + "' takes " + model.inputs());
        }
        TensorSpec spec = model.inputs().getFirst();
        long[] shape = spec.shape().clone();
        if (spec.type() == DataType.BYTES) {
            shape = new long[]{1};
        } else {
            int free = -1;
            long fixed = spec.type().bytes;
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] < 0) {
                    if (free >= 0) {
                        throw ServeException.badRequest("a raw binary request needs at most one variable dimension; input "
                                + spec + " has more");
                    }
                    free = i;
                } else {
                    fixed *= shape[i];
                }
            }
            if (free >= 0) {
                if (fixed == 0 || body.length % fixed != 0) {
                    throw ServeException.badRequest(body.length + " bytes do not fill whole elements of input " + spec);
                }
                shape[free] = body.length / fixed;
            }
        }
        Tensor t = RawTensors.read(spec.name(), spec.type(), shape, ByteBuffer.wrap(body));
        InferRequest r = new InferRequest(model.name(), Optional.of(model.version()), Optional.empty(),
                List.of(new InferRequest.Input(spec.name(), t)), List.of());
        return new RestInferRequest(r, Set.of(), Set.of(), true, Optional.empty());
    }

    private static long[] shape(JsonNode node, String name) {
        if (node == null || !node.isArray()) {
            throw ServeException.badRequest("input '" + name + "': \"shape\" must be an array of dimensions");
        }
        long[] shape = new long[node.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = node.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0) {
                throw ServeException.badRequest("input '" + name + "': shape dimension " + i + " must be a non-negative integer, got " + d);
            }
            shape[i] = d.longValue();
        }
        return shape;
    }

    private static String text(JsonNode node, String field, String what) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.textValue().isEmpty()) {
            throw ServeException.badRequest(what + " needs a \"" + field + "\" string");
        }
        return v.textValue();
    }
}
