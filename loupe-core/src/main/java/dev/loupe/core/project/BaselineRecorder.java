package dev.loupe.core.project;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a measured baseline ({@code human_level_recall} from annotator agreement,
 * {@code rule_based_recall} from the rule baseline's evaluation) into a project file, keeping every
 * other line, comment and the field's own trailing comment as they are. A missing {@code baselines}
 * section or field is added. The result is parsed before it is written, so a file is never left invalid.
 */
public final class BaselineRecorder {
    /** The fields a measurement may fill. */
    public static final Set<String> FIELDS = Set.of("human_level_recall", "rule_based_recall");

    private static final Pattern SECTION = Pattern.compile("^baselines\\s*:\\s*(#.*)?$");
    private static final Pattern TOP_LEVEL = Pattern.compile("^[A-Za-z_#].*");

    private BaselineRecorder() {
    }

    /**
     * The project file text with {@code baselines.<field>} set to {@code value}.
     *
     * @throws IllegalArgumentException for an unknown field or a value outside [0, 1]
     * @throws ProjectException         when the text is not a valid project file
     */
    public static String record(String yaml, String field, double value) {
        if (!FIELDS.contains(field)) {
            throw new IllegalArgumentException("no baseline '" + field + "' (known: " + FIELDS.stream().sorted().toList() + ")");
        }
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("a recall is between 0 and 1, got " + value);
        }
        String text = String.format(Locale.ROOT, "%.4f", value);
        List<String> lines = new ArrayList<>(yaml.lines().toList());
        int section = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (SECTION.matcher(lines.get(i)).matches()) {
                section = i;
            }
        }
        if (section < 0) {
            lines.add("");
            lines.add("baselines:");
            lines.add("  " + field + ": " + text);
        } else {
            Pattern fieldLine = Pattern.compile("^(\\s+" + field + "\\s*:\\s*)([^#]*?)(\\s*#.*)?$");
            int end = section + 1;
            boolean done = false;
            for (; end < lines.size() && !TOP_LEVEL.matcher(lines.get(end)).matches(); end++) {
                Matcher m = fieldLine.matcher(lines.get(end));
                if (m.matches()) {
                    lines.set(end, m.group(1) + text + (m.group(3) == null ? "" : m.group(3)));
                    done = true;
                }
            }
            if (!done) {
                lines.add(section + 1, "  " + field + ": " + text);
            }
        }
        String out = String.join("\n", lines) + "\n";
        ProjectFile.parse(out, "the updated project file");
        return out;
    }

    /** Records the value in the file, rewriting it in place. */
    public static Project record(Path file, String field, double value) throws IOException {
        String updated = record(Files.readString(file), field, value);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, updated);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return ProjectFile.load(file);
    }
}
