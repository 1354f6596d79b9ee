package dev.loupe.core.config;

/** The configuration is wrong: an unknown key, a bad value, an unreadable file. The message says which. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
