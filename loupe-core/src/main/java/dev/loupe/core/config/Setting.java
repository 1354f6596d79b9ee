package dev.loupe.core.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * One configuration setting.
 *
 * @param key          dotted name, as written in {@code config.yaml} ({@code db.url})
 * @param description  one line for {@code loupe doctor} and the docs
 * @param secret       printed redacted
 * @param defaultValue the default, computed from the Loupe home; may return null (no default)
 */
public record Setting(String key, String description, boolean secret, Function<Path, String> defaultValue) {

    /** The environment variable that sets it: {@code db.url} -> {@code LOUPE_DB_URL}. */
    public String envVar() {
        return "LOUPE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
