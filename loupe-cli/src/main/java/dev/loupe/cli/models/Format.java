package dev.loupe.cli.models;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.stream.Collectors;

/** How the registry and tracking commands print values. */
public final class Format {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Format() {
    }

    public static String time(Instant t) {
        return t == null ? "-" : TIME.format(t);
    }

    public static String aliases(Map<String, Integer> aliases) {
        return aliases.isEmpty() ? "-" : aliases.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    public static String tags(Map<String, String> tags) {
        return tags.isEmpty() ? "-" : new java.util.TreeMap<>(tags).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** A metric value: up to 4 decimals, NaN and infinities spelled out. */
    public static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        String s = String.format(java.util.Locale.ROOT, "%.4f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    public static String actor() {
        String user = System.getProperty("user.name");
        return user == null || user.isBlank() ? "cli" : user;
    }
}
