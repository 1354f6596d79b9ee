package dev.loupe.serve.rest;

import dev.loupe.serve.ServeException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code multipart/form-data} body (RFC 7578) holding one image file, for clients that upload an image
 * as a form (curl {@code -F image=@part.png}, browsers). The file is the first part with a
 * {@code filename}, else the first part named {@code image} or {@code file}, else the only part; the other
 * parts are text fields (a {@code station}, say), whatever their order.
 *
 * <p>The boundary may be at most 70 characters (RFC 2046, section 5.1.1), and the body is scanned once
 * for it (Knuth-Morris-Pratt), so the work is linear in the body whatever the boundary and body hold.
 */
final class Multipart {
    /** RFC 2046's limit on a boundary's length. */
    static final int MAX_BOUNDARY = 70;

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};

    /**
     * An uploaded form.
     *
     * @param file   the content of the file part
     * @param fields the other parts by name, as UTF-8 text (the first of a repeated name)
     */
    record Form(byte[] file, Map<String, String> fields) {
        Optional<String> field(String name) {
            return Optional.ofNullable(fields.get(name));
        }
    }

    private record Part(String name, boolean hasFilename, int from, int to) {
    }

    private Multipart() {
    }

    static boolean is(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /**
     * The form's file and fields.
     *
     * @throws ServeException bad request when the boundary is missing or too long, the body is not well
     *                        formed, or no part is the file
     */
    static Form parse(String contentType, byte[] body) {
        String boundary = parameters(contentType).get("boundary");
        if (boundary == null || boundary.isEmpty()) {
            throw ServeException.badRequest("multipart/form-data without a boundary parameter");
        }
        if (boundary.length() > MAX_BOUNDARY) {
            throw ServeException.badRequest("the multipart boundary is " + boundary.length()
                    + " characters long, more than the " + MAX_BOUNDARY + " RFC 2046 allows");
        }
        List<Part> parts = parts(body, boundary);
        Part file = parts.stream().filter(Part::hasFilename).findFirst()
                .or(() -> parts.stream().filter(p -> p.name().equals("image") || p.name().equals("file")).findFirst())
                .or(() -> parts.size() == 1 ? Optional.of(parts.getFirst()) : Optional.empty())
                .orElseThrow(() -> ServeException.badRequest("the multipart form has no file part (send the image"
                        + " as a file, or as the field 'image' or 'file')"));
        Map<String, String> fields = new LinkedHashMap<>();
        for (Part p : parts) {
            if (p != file) {
                fields.putIfAbsent(p.name(), new String(body, p.from(), p.to() - p.from(), StandardCharsets.UTF_8));
            }
        }
        return new Form(Arrays.copyOfRange(body, file.from(), file.to()), fields);
    }

    /*
     * The body is: a preamble, then "--boundary", then parts each as "CRLF headers CRLF CRLF content" followed
     * by "CRLF --boundary", the last delimiter followed by "--". Every search starts where the last one
     * ended, so the body is read about once.
     */
    private static List<Part> parts(byte[] body, String boundary) {
        byte[] dashBoundary = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        Needle delimiter = new Needle(("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII));
        int at;
        if (startsWith(body, 0, dashBoundary)) {
            at = dashBoundary.length;
        } else {
            int found = delimiter.find(body, 0);
            if (found < 0) {
                throw ServeException.badRequest("the multipart body has no part (boundary '" + boundary + "' not found)");
            }
            at = found + delimiter.length();
        }
        List<Part> parts = new ArrayList<>();
        while (!startsWith(body, at, new byte[]{'-', '-'})) {
            while (at < body.length && (body[at] == ' ' || body[at] == '\t')) {
                at++;
            }
            if (!startsWith(body, at, CRLF)) {
                throw ServeException.badRequest("the multipart body ends early or has text after a boundary (truncated body?)");
            }
            int headersStart = at + 2;
            int content;
            if (startsWith(body, headersStart, CRLF)) {
                content = headersStart + 2;
            } else {
                int headersEnd = indexOf(body, HEADERS_END, headersStart);
                if (headersEnd < 0) {
                    throw ServeException.badRequest("a multipart part has no end of headers");
                }
                content = headersEnd + 4;
            }
            int end = delimiter.find(body, content);
            if (end < 0) {
                throw ServeException.badRequest("a multipart part is not terminated by its boundary (truncated body?)");
            }
            parts.add(part(new String(body, headersStart, Math.max(0, content - 2 - headersStart), StandardCharsets.UTF_8),
                    content, end));
            at = end + delimiter.length();
        }
        return parts;
    }

    private static Part part(String headers, int from, int to) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-disposition")) {
                Map<String, String> p = parameters(line.substring(colon + 1));
                return new Part(p.getOrDefault("name", ""), p.containsKey("filename") || p.containsKey("filename*"), from, to);
            }
        }
        return new Part("", false, from, to);
    }

    /** A header value's {@code ;}-separated parameters, names lower-cased, quoted values unquoted. */
    static Map<String, String> parameters(String value) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = value.indexOf(';');
        while (i >= 0 && i < value.length()) {
            int eq = value.indexOf('=', i + 1);
            int semi = value.indexOf(';', i + 1);
            if (eq < 0 || (semi >= 0 && semi < eq)) {
                i = semi; // a parameter without a value
                continue;
            }
            String name = value.substring(i + 1, eq).trim().toLowerCase(Locale.ROOT);
            int j = eq + 1;
            while (j < value.length() && value.charAt(j) == ' ') {
                j++;
            }
            StringBuilder v = new StringBuilder();
            if (j < value.length() && value.charAt(j) == '"') {
                for (j++; j < value.length() && value.charAt(j) != '"'; j++) {
                    if (value.charAt(j) == '\\' && j + 1 < value.length()) {
                        j++;
                    }
                    v.append(value.charAt(j));
                }
                i = value.indexOf(';', j);
            } else {
                int stop = semi < 0 ? value.length() : semi;
                v.append(value, j, stop);
                i = semi;
            }
            out.putIfAbsent(name, v.toString().trim());
        }
        return out;
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        return at + prefix.length <= b.length && Arrays.equals(b, at, at + prefix.length, prefix, 0, prefix.length);
    }

    /** A short needle (at most a few bytes): the plain search is linear enough. */
    private static int indexOf(byte[] hay, byte[] needle, int from) {
        for (int i = from; i <= hay.length - needle.length; i++) {
            if (startsWith(hay, i, needle)) {
                return i;
            }
        }
        return -1;
    }

    /** A byte string searched for with Knuth-Morris-Pratt: at most 2n comparisons over n bytes. */
    private static final class Needle {
        private final byte[] bytes;
        private final int[] border;

        Needle(byte[] bytes) {
            this.bytes = bytes;
            this.border = new int[bytes.length];
            for (int i = 1, k = 0; i < bytes.length; i++) {
                while (k > 0 && bytes[i] != bytes[k]) {
                    k = border[k - 1];
                }
                if (bytes[i] == bytes[k]) {
                    k++;
                }
                border[i] = k;
            }
        }

        int length() {
            return bytes.length;
        }

        int find(byte[] hay, int from) {
            for (int i = from, k = 0; i < hay.length; i++) {
                while (k > 0 && hay[i] != bytes[k]) {
                    k = border[k - 1];
                }
                if (hay[i] == bytes[k]) {
                    k++;
                }
                if (k == bytes.length) {
                    return i - bytes.length + 1;
                }
            }
            return -1;
        }
    }
}
