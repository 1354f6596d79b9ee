package dev.loupe.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resolves the effective {@link LoupeConfig}.
 *
 * <p>The home is {@code --home}, else {@code LOUPE_HOME}, else {@code ~/.loupe}. Every other setting
 * comes from, in order of precedence: a command-line flag, its {@code LOUPE_*} environment variable,
 * {@code config.yaml} in the home (nested maps, {@code db: {url: ...}}, or dotted keys), its default.
 * An unknown key in {@code config.yaml} is an error that names the line, so a typo never silently
 * falls back to a default.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /**
     * @param homeFlag the {@code --home} flag, or null
     * @param flags    setting key to value, from command-line flags (null values are ignored)
     * @param env      the process environment
     */
    public static LoupeConfig load(Path homeFlag, Map<String, String> flags, Map<String, String> env) {
        Path home;
        LoupeConfig.Source homeSource;
        if (homeFlag != null) {
            home = homeFlag;
            homeSource = LoupeConfig.Source.FLAG;
        } else if (env.get("LOUPE_HOME") != null && !env.get("LOUPE_HOME").isBlank()) {
            home = Path.of(env.get("LOUPE_HOME"));
            homeSource = LoupeConfig.Source.ENVIRONMENT;
        } else {
            home = Path.of(System.getProperty("user.home"), ".loupe");
            homeSource = LoupeConfig.Source.DEFAULT;
        }
        home = home.toAbsolutePath().normalize();
        for (String key : flags.keySet()) {
            if (Settings.byKey(key).isEmpty()) {
                throw new IllegalArgumentException("unknown setting " + key);
            }
        }
        Map<String, FileValue> file = readFile(home.resolve("config.yaml"));

        Map<String, LoupeConfig.Value> values = new LinkedHashMap<>();
        for (Setting s : Settings.ALL) {
            LoupeConfig.Value v;
            if (flags.get(s.key()) != null) {
                v = new LoupeConfig.Value(s, flags.get(s.key()), LoupeConfig.Source.FLAG, "flag");
            } else if (env.get(s.envVar()) != null) {
                v = new LoupeConfig.Value(s, env.get(s.envVar()), LoupeConfig.Source.ENVIRONMENT, s.envVar());
            } else if (file.containsKey(s.key())) {
                FileValue fv = file.get(s.key());
                v = new LoupeConfig.Value(s, fv.value, LoupeConfig.Source.CONFIG_FILE, "config.yaml:" + fv.line);
            } else {
                v = new LoupeConfig.Value(s, s.defaultValue().apply(home), LoupeConfig.Source.DEFAULT, "default");
            }
            values.put(s.key(), v);
        }
        return new LoupeConfig(home, homeSource, values);
    }

    private record FileValue(String value, int line) {
    }

    /** Flattens the YAML file to dotted keys, remembering each value's line. */
    private static Map<String, FileValue> readFile(Path file) {
        Map<String, FileValue> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try (JsonParser p = new YAMLFactory().createParser(file.toFile())) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return out; // empty file
            }
            if (first != JsonToken.START_OBJECT) {
                throw new ConfigException(file + " line " + line(p.currentLocation()) + ": expected a map of settings");
            }
            Deque<String> path = new ArrayDeque<>();
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case FIELD_NAME -> path.addLast(p.currentName());
                    case START_OBJECT -> {
                        // nested map: the field name stays on the path until END_OBJECT
                    }
                    case END_OBJECT -> path.pollLast();
                    case START_ARRAY -> throw new ConfigException(file + " line " + line(p.currentLocation())
                            + ": " + String.join(".", path) + " must be a single value, not a list");
                    default -> {
                        String key = String.join(".", path);
                        int line = line(p.currentLocation());
                        if (Settings.byKey(key).isEmpty()) {
                            throw new ConfigException(file + " line " + line + ": unknown setting '" + key + "'");
                        }
                        out.put(key, new FileValue(t == JsonToken.VALUE_NULL ? null : p.getText(), line));
                        path.pollLast();
                    }
                }
            }
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + " line " + line(e.getLocation()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static int line(JsonLocation loc) {
        return loc == null ? 0 : loc.getLineNr();
    }
}
