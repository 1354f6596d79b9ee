package dev.loupe.server.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of one API call: the JSON body merged with the query string (GET endpoints take
 * query parameters, others a body; MLflow's server accepts either, and so does this). 64-bit numbers
 * are accepted as JSON numbers or as strings, since protobuf's JSON mapping (the Java client) sends
 * int64 fields as strings.
 */
final class MlflowRequest {
    private final ObjectNode params;
    private final String actor;

    private MlflowRequest(ObjectNode params, String actor) {
        this.params = params;
        this.actor = actor;
    }

    /**
     * @param body          the request body, may be empty
     * @param query         query parameters, each with all its values
     * @param actor         who makes changes, for the audit log (see {@link #actorOf})
     */
    static MlflowRequest of(ObjectMapper json, String body, Map<String, List<String>> query, String actor) {
        ObjectNode params;
        try {
            JsonNode parsed = body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
            if (!(parsed instanceof ObjectNode o)) {
                throw MlflowException.invalid("the request body must be a JSON object");
            }
            params = o;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MlflowException(ErrorCode.BAD_REQUEST, "malformed JSON body: " + e.getOriginalMessage());
        }
        for (Map.Entry<String, List<String>> q : query.entrySet()) {
            if (params.has(q.getKey())) {
                continue;
            }
            if (q.getValue().size() == 1) {
                params.put(q.getKey(), q.getValue().getFirst());
            } else {
                ArrayNode a = params.putArray(q.getKey());
                q.getValue().forEach(a::add);
            }
        }
        return new MlflowRequest(params, actor);
    }

    /** The actor when authentication is off: a Basic user name, else {@code mlflow-api}. */
    static String actorOf(String authorization) {
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String user = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = user.indexOf(':');
                String name = colon < 0 ? user : user.substring(0, colon);
                if (!name.isBlank()) {
                    return name;
                }
            } catch (IllegalArgumentException ignored) {
                // not Basic credentials after all: anonymous
            }
        }
        return "mlflow-api";
    }

    /** Who makes the change, for the audit log. */
    String actor() {
        return actor;
    }

    Optional<String> text(String name) {
        JsonNode n = params.get(name);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isValueNode()) {
            throw MlflowException.invalid("Invalid value for parameter '" + name + "': expected a string");
        }
        return Optional.of(n.asText());
    }

    String required(String name) {
        return text(name).filter(s -> !s.isEmpty()).orElseThrow(() ->
                MlflowException.invalid("Missing value for required parameter '" + name + "'."));
    }

    /** The first present, non-empty parameter of several spellings ({@code run_id}, {@code run_uuid}). */
    String requiredAny(String... names) {
        for (String n : names) {
            Optional<String> v = text(n).filter(s -> !s.isEmpty());
            if (v.isPresent()) {
                return v.get();
            }
        }
        throw MlflowException.invalid("Missing value for required parameter '" + names[0] + "'.");
    }

    Optional<Long> int64(String name) {
        Optional<String> v = text(name).filter(s -> !s.isEmpty());
        try {
            return v.map(Long::parseLong);
        } catch (NumberFormatException e) {
            throw MlflowException.invalid("Invalid value " + v.get() + " for parameter '" + name + "': expected an integer");
        }
    }

    Optional<Instant> millis(String name) {
        return int64(name).map(Instant::ofEpochMilli);
    }

    int int32(String name, int fallback) {
        long v = int64(name).orElse((long) fallback);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw MlflowException.invalid("Invalid value " + v + " for parameter '" + name + "'");
        }
        return (int) v;
    }

    /** A model version number: an integer, sent as a string by MLflow clients. */
    int version(String name) {
        String v = required(name);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw MlflowException.invalid("Model version must be an integer, got '" + v + "'");
        }
    }

    /** A repeated string parameter (a JSON array, one value, or repeated query parameters). */
    List<String> strings(String name) {
        JsonNode n = params.get(name);
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isArray()) {
            n.forEach(x -> out.add(x.asText()));
        } else {
            out.add(n.asText());
        }
        return out;
    }

    /** A repeated message parameter, such as {@code metrics} of log-batch. */
    List<MlflowRequest> objects(String name) {
        JsonNode n = params.get(name);
        List<MlflowRequest> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw MlflowException.invalid("Invalid value for parameter '" + name + "': expected an array");
        }
        for (JsonNode x : n) {
            if (!(x instanceof ObjectNode o)) {
                throw MlflowException.invalid("Invalid value for parameter '" + name + "': expected objects");
            }
            out.add(new MlflowRequest(o, actor));
        }
        return out;
    }

    Optional<MlflowRequest> object(String name) {
        JsonNode n = params.get(name);
        return n instanceof ObjectNode o ? Optional.of(new MlflowRequest(o, actor)) : Optional.empty();
    }

    /** Tags as MLflow sends them: {@code [{"key": k, "value": v}, ...]}. */
    Map<String, String> tags(String name) {
        Map<String, String> out = new LinkedHashMap<>();
        for (MlflowRequest t : objects(name)) {
            out.put(t.required("key"), t.text("value").orElse(""));
        }
        return out;
    }

    /** A double, or the strings protobuf JSON uses for the non-finite values. */
    double number(String name) {
        String v = required(name);
        return switch (v) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw MlflowException.invalid("Invalid value " + v + " for parameter '" + name + "': expected a number");
                }
            }
        };
    }
}
