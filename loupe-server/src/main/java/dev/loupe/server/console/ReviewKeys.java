package dev.loupe.server.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One key per label for labelling at the keyboard: each label's first letter not yet taken
 * ({@code defect} → d, {@code ok} → o), then any free letter; {@code s} skips and is never a label's.
 */
public final class ReviewKeys {
    public static final char SKIP = 's';

    private ReviewKeys() {
    }

    /** Key to label, in label order. */
    public static Map<Character, String> of(List<String> labels) {
        Map<Character, String> keys = new LinkedHashMap<>();
        for (String label : labels) {
            char key = 0;
            for (char c : (label.toLowerCase(Locale.ROOT) + "abcdefghijklmnopqrtuvwxyz").toCharArray()) {
                if (c >= 'a' && c <= 'z' && c != SKIP && !keys.containsKey(c)) {
                    key = c;
                    break;
                }
            }
            if (key == 0) {
                throw new IllegalArgumentException("too many labels for one key each: " + labels);
            }
            keys.put(key, label);
        }
        return keys;
    }
}
