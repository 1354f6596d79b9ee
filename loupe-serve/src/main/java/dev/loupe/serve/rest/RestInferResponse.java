package dev.loupe.serve.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.loupe.serve.codec.JsonTensors;
import dev.loupe.serve.codec.RawTensors;
import dev.loupe.serve.infer.InferResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Encodes a V2 REST inference response: the JSON object, followed by the binary data of the outputs
 * asked for as binary (binary tensor data extension), in output order.
 *
 * @param body         the full response body
 * @param headerLength the JSON's length when binary data follows, else -1
 */
record RestInferResponse(byte[] body, int headerLength) {

    static RestInferResponse encode(JsonFactory json, InferResponse response, Predicate<String> binary) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        List<byte[]> blobs = new ArrayList<>();
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("model_name", response.model());
            g.writeStringField("model_version", response.version());
            if (response.id().isPresent()) {
                g.writeStringField("id", response.id().get());
            }
            g.writeArrayFieldStart("outputs");
            for (InferResponse.Output o : response.outputs()) {
                g.writeStartObject();
                g.writeStringField("name", o.name());
                g.writeStringField("datatype", o.tensor().type().name());
                g.writeArrayFieldStart("shape");
                for (long d : o.tensor().shape()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                if (binary.test(o.name())) {
                    byte[] raw = RawTensors.write(o.tensor());
                    blobs.add(raw);
                    g.writeObjectFieldStart("parameters");
                    g.writeNumberField("binary_data_size", raw.length);
                    g.writeEndObject();
                } else {
                    g.writeFieldName("data");
                    JsonTensors.write(g, o.tensor());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (blobs.isEmpty()) {
            return new RestInferResponse(out.toByteArray(), -1);
        }
        int headerLength = out.size();
        blobs.forEach(out::writeBytes);
        return new RestInferResponse(out.toByteArray(), headerLength);
    }
}
