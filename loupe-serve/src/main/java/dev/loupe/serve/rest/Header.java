package dev.loupe.serve.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.core.inference.DataType;
import dev.loupe.core.inference.Tensor;
import dev.loupe.serve.ServeException;
import dev.loupe.serve.codec.JsonTensorStream;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSON object of a V2 inference request, parsed in one streaming pass: every field as a small tree
 * except the inputs' {@code data} arrays, which go straight into tensors when the input's datatype and
 * shape came first ({@link JsonTensorStream}), and into a tree otherwise.
 *
 * @param root   the request's fields other than {@code inputs}
 * @param inputs the inputs, in order
 */
record Header(JsonNode root, List<Input> inputs) {

    /**
     * One input: its fields other than {@code data}, and its data as a tensor or, failing that, a tree.
     */
    record Input(ObjectNode fields, Tensor data, JsonNode dataNode) {
    }

    static Header parse(ObjectMapper json, byte[] body, int length) {
        try (JsonParser p = json.createParser(body, 0, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw ServeException.badRequest("the request body must be a JSON object with \"inputs\"");
            }
            ObjectNode root = json.createObjectNode();
            List<Input> inputs = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("inputs")) {
                    if (t != JsonToken.START_ARRAY) {
                        throw ServeException.badRequest("\"inputs\" must be an array of input tensors");
                    }
                    inputs = new ArrayList<>();
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        inputs.add(input(json, p));
                    }
                    if (p.currentToken() != JsonToken.END_ARRAY) {
                        throw ServeException.badRequest("\"inputs\" must be an array of input tensor objects");
                    }
                } else {
                    root.set(field, p.readValueAsTree());
                }
            }
            if (p.nextToken() != null) {
                throw ServeException.badRequest("malformed JSON: content after the request object");
            }
            if (inputs == null) {
                throw ServeException.badRequest("\"inputs\" must be an array of input tensors");
            }
            return new Header(root, inputs);
        } catch (JsonProcessingException e) {
            throw ServeException.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ServeException.badRequest("unreadable request body: " + e.getMessage());
        }
    }

    private static Input input(ObjectMapper json, JsonParser p) throws IOException {
        ObjectNode fields = json.createObjectNode();
        Tensor data = null;
        JsonNode dataNode = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            if (field.equals("data") && t == JsonToken.START_ARRAY) {
                Optional<DataType> type = DataType.fromName(fields.path("datatype").asText(""));
                long[] shape = shape(fields.get("shape"));
                if (type.isPresent() && shape != null) {
                    data = JsonTensorStream.read(p, fields.path("name").asText("?"), type.get(), shape);
                    continue;
                }
            }
            JsonNode v = p.readValueAsTree();
            if (field.equals("data")) {
                dataNode = v;
            } else {
                fields.set(field, v);
            }
        }
        return new Input(fields, data, dataNode);
    }

    /** The shape when it is valid, else null (the full check, with its message, comes later). */
    private static long[] shape(JsonNode node) {
        if (node == null || !node.isArray()) {
            return null;
        }
        long[] shape = new long[node.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = node.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0) {
                return null;
            }
            shape[i] = d.longValue();
        }
        return shape;
    }
}
