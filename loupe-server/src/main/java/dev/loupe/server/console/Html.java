package dev.loupe.server.console;

import java.util.Locale;

/**
 * Builds HTML text. Every value goes through {@link #text} or {@link #attr} (escaped); markup comes
 * only from string literals in the console's code through {@link #raw}. Not thread-safe; one per page.
 */
public final class Html {
    private final StringBuilder out = new StringBuilder(4096);

    /** Escapes text for an element body or a double-quoted attribute value. */
    public static String escape(Object value) {
        String s = String.valueOf(value);
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Markup written by the console's code (never a value from a request or a store). */
    public Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** An escaped value. */
    public Html text(Object value) {
        out.append(escape(value));
        return this;
    }

    /** {@code <tag>value</tag>}, the value escaped. */
    public Html el(String tag, Object value) {
        return raw("<" + tag + ">").text(value).raw("</" + tag.split(" ", 2)[0] + ">");
    }

    /** {@code name="value"} with a leading space, the value escaped. */
    public Html attr(String name, Object value) {
        return raw(" " + name + "=\"").text(value).raw("\"");
    }

    /** A link to a path of the console (the path's parts escaped by the caller with {@link Paths}). */
    public Html link(String href, Object label) {
        return raw("<a").attr("href", href).raw(">").text(label).raw("</a>");
    }

    /** A table row of escaped cells. */
    public Html row(Object... cells) {
        raw("<tr>");
        for (Object c : cells) {
            el("td", c);
        }
        return raw("</tr>");
    }

    /** A header row. */
    public Html head(String... cells) {
        raw("<tr>");
        for (String c : cells) {
            el("th", c);
        }
        return raw("</tr>");
    }

    /** A thumbnail of a blob (an image), or nothing. */
    public Html thumb(String blobSha256, String alt) {
        return raw("<img class=\"thumb\" loading=\"lazy\"").attr("src", "/blobs/" + blobSha256).attr("alt", alt).raw(">");
    }

    /** Values by name as a person writes them, {@code defect: 8, ok: 12}, in the map's order. */
    public static String pairs(java.util.Map<String, ?> byName) {
        StringBuilder b = new StringBuilder();
        byName.forEach((k, v) -> b.append(b.isEmpty() ? "" : ", ").append(k).append(": ").append(v));
        return b.toString();
    }

    /** A number with three significant-ish digits for tables. */
    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        double a = Math.abs(v);
        return a != 0 && (a < 0.001 || a >= 1e6) ? String.format(Locale.ROOT, "%.3g", v)
                : String.format(Locale.ROOT, a >= 100 ? "%.1f" : "%.3f", v);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
