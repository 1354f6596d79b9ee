package dev.loupe.pipeline.step;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.Map;

/** The JSON of step outputs: records written on a step's row and read back by later steps. */
public final class Outputs {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Outputs() {
    }

    public static String write(Object output) {
        try {
            return JSON.writeValueAsString(output == null ? Map.of() : output);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a step output does not serialise: " + e.getMessage(), e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored step output does not read as " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }
}
