package dev.loupe.core.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The effective configuration: each setting's value and where it came from. Immutable; built by
 * {@link ConfigLoader}, which applies the precedence flags &gt; {@code LOUPE_*} environment &gt;
 * {@code config.yaml} in the home &gt; defaults.
 */
public final class LoupeConfig {

    /** Where a value came from. */
    public enum Source { FLAG, ENVIRONMENT, CONFIG_FILE, DEFAULT }

    /** A setting's value and its origin. */
    public record Value(Setting setting, String value, Source source, String origin) {
        /** The value as it may be printed: secrets redacted. */
        public String display() {
            if (value == null) {
                return "(unset)";
            }
            return setting.secret() ? "********" : value;
        }
    }

    private final Path home;
    private final Source homeSource;
    private final Map<String, Value> values;

    LoupeConfig(Path home, Source homeSource, Map<String, Value> values) {
        this.home = home;
        this.homeSource = homeSource;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Path home() {
        return home;
    }

    public Source homeSource() {
        return homeSource;
    }

    public Path configFile() {
        return home.resolve("config.yaml");
    }

    public Optional<String> get(Setting setting) {
        Value v = values.get(setting.key());
        return v == null ? Optional.empty() : Optional.ofNullable(v.value());
    }

    public String require(Setting setting) {
        return get(setting).orElseThrow(() -> new ConfigException(
                "setting " + setting.key() + " is required (flag, " + setting.envVar() + " or config.yaml)"));
    }

    public String dbUrl() {
        return require(Settings.DB_URL);
    }

    public String storeUrl() {
        return require(Settings.STORE_URL);
    }

    /** Every setting in declaration order. */
    public Iterable<Value> values() {
        return values.values();
    }
}
