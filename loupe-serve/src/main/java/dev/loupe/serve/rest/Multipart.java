package dev.loupe.serve.rest;

import dev.loupe.serve.ServeException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The one file of a {@code multipart/form-data} body (RFC 7578), for clients that upload an image as a
 * form (curl {@code -F image=@part.png}, browsers). The first part is taken; its headers are skipped.
 */
final class Multipart {
    private Multipart() {
    }

    static boolean is(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /**
     * The content of the first part.
     *
     * @throws ServeException bad request when the boundary is missing or the body is not well formed
     */
    static byte[] firstPart(String contentType, byte[] body) {
        String boundary = null;
        for (String p : contentType.split(";")) {
            String t = p.trim();
            if (t.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                boundary = t.substring("boundary=".length()).replace("\"", "");
            }
        }
        if (boundary == null || boundary.isEmpty()) {
            throw ServeException.badRequest("multipart/form-data without a boundary parameter");
        }
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        int start = indexOf(body, delimiter, 0);
        if (start < 0) {
            throw ServeException.badRequest("multipart body has no part (boundary '" + boundary + "' not found)");
        }
        int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), start + delimiter.length);
        if (headersEnd < 0) {
            throw ServeException.badRequest("multipart part has no end of headers");
        }
        int content = headersEnd + 4;
        byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        int end = indexOf(body, next, content);
        if (end < 0) {
            throw ServeException.badRequest("multipart part is not terminated by its boundary (truncated body?)");
        }
        return Arrays.copyOfRange(body, content, end);
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
