package dev.loupe.data.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The generator's {@code manifest.csv}: one row per image with its generating factors, so later stages
 * can slice by any of them. Columns: {@link #COLUMNS}, then {@code annotator_1..K}. Numbers are written
 * with a dot and up to 4 decimals, whatever the locale.
 */
public final class ManifestCsv {
    public static final String FILE_NAME = "manifest.csv";
    public static final List<String> COLUMNS = List.of("file", "label", "defect_type", "defect_size", "lighting",
            "lighting_gradient", "variant", "blur", "noise", "rotation", "offset_x", "offset_y", "dust", "glare",
            "frame");

    private ManifestCsv() {
    }

    /** The header line (no line break) for {@code annotators} annotator columns. */
    public static String header(int annotators) {
        List<String> cols = new ArrayList<>(COLUMNS);
        for (int k = 1; k <= annotators; k++) {
            cols.add("annotator_" + k);
        }
        return String.join(",", cols);
    }

    /** One row (no line break). */
    public static String row(String file, Factors f, List<Label> annotations) {
        StringBuilder sb = new StringBuilder(160);
        sb.append(file).append(',').append(f.label().csv()).append(',').append(f.defectType().csv()).append(',')
                .append(num(f.defectSize())).append(',').append(num(f.lighting())).append(',')
                .append(num(f.lightingGradient())).append(',').append(f.variant().csv()).append(',')
                .append(num(f.blur())).append(',').append(num(f.noise())).append(',')
                .append(num(f.rotation())).append(',').append(num(f.offsetX())).append(',')
                .append(num(f.offsetY())).append(',').append(f.dust()).append(',')
                .append(num(f.glare())).append(',').append(f.frame());
        for (Label l : annotations) {
            sb.append(',').append(l.csv());
        }
        return sb.toString();
    }

    private static String num(double x) {
        String s = String.format(Locale.ROOT, "%.4f", x);
        // trim trailing zeros: 0.2500 -> 0.25, 1.0000 -> 1
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        s = s.substring(0, end);
        return s.equals("-0") ? "0" : s;
    }
}
