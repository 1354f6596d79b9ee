package dev.loupe.server.mlflow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The input rules MLflow 2.17's tracking server applies to what clients log (its
 * {@code mlflow/utils/validation.py}, as the SQL and file stores call it), applied at the API so a client
 * that MLflow accepts is accepted here and one it refuses is refused with MLflow's message. Every method
 * throws {@link MlflowException} ({@code INVALID_PARAMETER_VALUE}, 400) or returns the value to store.
 *
 * <p>Lengths count code points, as Python's {@code len} does. Param values and run tag values over their
 * limit are cut to it rather than refused: MLflow's server does that by default
 * ({@code MLFLOW_TRUNCATE_LONG_VALUES=true}); every other limit refuses.
 */
final class MlflowValidation {
    static final int MAX_ENTITY_KEY_LENGTH = 250;
    static final int MAX_PARAM_VALUE_LENGTH = 6000;
    static final int MAX_RUN_TAG_VALUE_LENGTH = 8000;
    static final int MAX_EXPERIMENT_TAG_VALUE_LENGTH = 5000;
    static final int MAX_REGISTRY_TAG_VALUE_LENGTH = 5000;
    static final int MAX_METRICS_PER_BATCH = 1000;
    static final int MAX_PARAMS_TAGS_PER_BATCH = 100;
    static final int MAX_ENTITIES_PER_BATCH = 1000;

    // Python's \w is Unicode-aware; the colon is allowed off Windows since MLflow 2.16.
    private static final Pattern NAME = Pattern.compile("[/\\w.\\- :]*", Pattern.UNICODE_CHARACTER_CLASS);
    private static final String BAD_CHARACTERS = "Names may only contain alphanumerics, underscores (_), dashes (-),"
            + " periods (.), spaces ( ), colon(:) and slashes (/).";

    private MlflowValidation() {
    }

    static void metricKey(String key) {
        name("metric", key);
        refuseLonger("Metric name", MAX_ENTITY_KEY_LENGTH, key);
    }

    /** The param value to store: {@code value} cut to {@value #MAX_PARAM_VALUE_LENGTH} characters. */
    static String param(String key, String value) {
        name("parameter", key);
        refuseLonger("Param key", MAX_ENTITY_KEY_LENGTH, key);
        return cut(value, MAX_PARAM_VALUE_LENGTH);
    }

    /** The run tag value to store: {@code value} cut to {@value #MAX_RUN_TAG_VALUE_LENGTH} characters. */
    static String runTag(String key, String value) {
        name("tag", key);
        refuseLonger("Tag key", MAX_ENTITY_KEY_LENGTH, key);
        return cut(value, MAX_RUN_TAG_VALUE_LENGTH);
    }

    static void experimentTag(String key, String value) {
        name("tag", key);
        refuseLonger("Tag key", MAX_ENTITY_KEY_LENGTH, key);
        refuseLonger("Tag value", MAX_EXPERIMENT_TAG_VALUE_LENGTH, value);
    }

    static void registeredModelTag(String key, String value) {
        name("tag", key);
        refuseLonger("Registered model key", MAX_ENTITY_KEY_LENGTH, key);
        refuseLonger("Registered model value", MAX_REGISTRY_TAG_VALUE_LENGTH, value);
    }

    static void modelVersionTag(String key, String value) {
        name("tag", key);
        refuseLonger("Model version key", MAX_ENTITY_KEY_LENGTH, key);
        refuseLonger("Model version value", MAX_REGISTRY_TAG_VALUE_LENGTH, value);
    }

    /** The tags sent with {@code experiments/create}, each checked as {@code set-experiment-tag} checks one. */
    static Map<String, String> experimentTags(Map<String, String> tags) {
        tags.forEach(MlflowValidation::experimentTag);
        return tags;
    }

    /** The tags sent with {@code runs/create} as they are stored: each checked and cut as {@code set-tag} does. */
    static Map<String, String> runTags(Map<String, String> tags) {
        Map<String, String> stored = new LinkedHashMap<>();
        tags.forEach((k, v) -> stored.put(k, runTag(k, v)));
        return stored;
    }

    /** The tags sent with {@code registered-models/create}, each checked as {@code registered-models/set-tag} does. */
    static Map<String, String> registeredModelTags(Map<String, String> tags) {
        tags.forEach(MlflowValidation::registeredModelTag);
        return tags;
    }

    /** The tags sent with {@code model-versions/create}, each checked as {@code model-versions/set-tag} does. */
    static Map<String, String> modelVersionTags(Map<String, String> tags) {
        tags.forEach(MlflowValidation::modelVersionTag);
        return tags;
    }

    /** The counts of a log-batch request, as sent (before duplicate tag keys collapse). */
    static void batchLimits(int metrics, int params, int tags) {
        batchLimit("metrics", MAX_METRICS_PER_BATCH, metrics);
        batchLimit("params", MAX_PARAMS_TAGS_PER_BATCH, params);
        batchLimit("tags", MAX_PARAMS_TAGS_PER_BATCH, tags);
        batchLimit("metrics, params, and tags", MAX_ENTITIES_PER_BATCH, metrics + params + tags);
    }

    static void uniqueParamKeys(List<String> keys) {
        Set<String> seen = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        for (String k : keys) {
            if (!seen.add(k)) {
                duplicates.add(k);
            }
        }
        if (!duplicates.isEmpty()) {
            throw MlflowException.invalid("Duplicate parameter keys have been submitted: " + pythonList(duplicates)
                    + ". Please ensure the request contains only one param value per param key.");
        }
    }

    private static void batchLimit(String entities, int limit, int count) {
        if (count > limit) {
            throw MlflowException.invalid("A batch logging request can contain at most " + limit + " " + entities
                    + ". Got " + count + " " + entities + ". Please split up " + entities
                    + " across multiple requests and try again.");
        }
    }

    /** Allowed characters, and a name that stays itself as a relative path ({@code a//b}, {@code ../x}, {@code /a} do not). */
    private static void name(String kind, String name) {
        if (!NAME.matcher(name).matches()) {
            throw MlflowException.invalid("Invalid " + kind + " name: '" + name + "'. " + BAD_CHARACTERS);
        }
        String norm = normpath(name);
        if (!norm.equals(name) || norm.equals(".") || norm.startsWith("..") || norm.startsWith("/")) {
            throw MlflowException.invalid("Invalid " + kind + " name: '" + name + "'. Names may be treated as files in"
                    + " certain cases, and must not resolve to other names when treated as such. This name would"
                    + " resolve to '" + norm + "'");
        }
    }

    private static void refuseLonger(String what, int limit, String value) {
        int length = value.codePointCount(0, value.length());
        if (length > limit) {
            throw MlflowException.invalid(what + " '" + prefix(value, 250) + "' had length " + length
                    + ", which exceeded length limit of " + limit);
        }
    }

    private static String cut(String value, int limit) {
        return value.codePointCount(0, value.length()) > limit ? prefix(value, limit) : value;
    }

    private static String prefix(String s, int codePoints) {
        return s.codePointCount(0, s.length()) <= codePoints ? s : s.substring(0, s.offsetByCodePoints(0, codePoints));
    }

    /** Python's {@code posixpath.normpath}: collapses {@code //}, {@code .} and {@code x/..}; keeps a leading {@code //}. */
    static String normpath(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        int leading = 0;
        while (leading < path.length() && path.charAt(leading) == '/') {
            leading++;
        }
        String root = leading == 0 ? "" : leading == 2 ? "//" : "/";
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..") && !(root.isEmpty() && (parts.isEmpty() || parts.peekLast().equals("..")))) {
                if (!parts.isEmpty()) {
                    parts.removeLast();
                }
                continue;
            }
            parts.addLast(part);
        }
        String joined = root + String.join("/", parts);
        return joined.isEmpty() ? "." : joined;
    }

    private static String pythonList(List<String> items) {
        List<String> quoted = items.stream().map(s -> "'" + s + "'").toList();
        return "[" + String.join(", ", quoted) + "]";
    }
}
