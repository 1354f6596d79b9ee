package dev.loupe.core.registry;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a user names a model on a command line: {@code defect-cnn@champion} (an alias),
 * {@code defect-cnn/3} (a version), or a path to a model package. MLflow's {@code models:/name/3} and
 * {@code models:/name@alias} URIs are accepted too.
 *
 * <p>Anything that is not exactly {@code NAME@ALIAS} or {@code NAME/DIGITS} (a name being letters,
 * digits, {@code . _ -}, starting with a letter or digit) is a path; write {@code ./models/3} for a
 * relative directory that would otherwise read as a version. Resolving a path is left to whoever
 * loads model packages; {@link ModelRegistry#resolve} resolves the other two.
 */
public sealed interface ModelRef {

    /** The registered model's name, or for a path its file name. */
    String name();

    record ByAlias(String name, String alias) implements ModelRef {
        @Override
        public String toString() {
            return name + "@" + alias;
        }
    }

    record ByVersion(String name, int version) implements ModelRef {
        public ByVersion {
            if (version < 1) {
                throw new IllegalArgumentException("model versions start at 1, got " + version);
            }
        }

        @Override
        public String toString() {
            return name + "/" + version;
        }
    }

    record ByPath(Path path) implements ModelRef {
        @Override
        public String name() {
            Path file = path.getFileName();
            return file == null ? path.toString() : file.toString();
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    Pattern ALIAS = Pattern.compile("(" + NAME + ")@([A-Za-z0-9_-]+)");
    Pattern VERSION = Pattern.compile("(" + NAME + ")/([0-9]{1,9})");

    /**
     * Reads a reference.
     *
     * @throws IllegalArgumentException for a blank reference or version 0
     */
    static ModelRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty model reference (expected NAME@ALIAS, NAME/VERSION or a path)");
        }
        String s = text.strip();
        if (s.startsWith("models:/")) {
            s = s.substring("models:/".length());
        }
        Matcher m = ALIAS.matcher(s);
        if (m.matches()) {
            return new ByAlias(m.group(1), m.group(2));
        }
        m = VERSION.matcher(s);
        if (m.matches()) {
            return new ByVersion(m.group(1), Integer.parseInt(m.group(2)));
        }
        return new ByPath(Path.of(text.strip()));
    }
}
