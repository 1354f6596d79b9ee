package dev.loupe.serve.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client on one keep-alive connection, for load generation: it writes a POST and
 * reads a Content-Length response, nothing else, so the load generator costs the shared cores as little
 * as possible (the JDK's HttpClient costs more per request than the server's own overhead). Not
 * thread-safe: one per client thread.
 */
final class KeepAliveHttp implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String host;

    KeepAliveHttp(String host, int port) throws IOException {
        this.socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream(), 65536);
        this.host = host + ":" + port;
    }

    /** POSTs a body; returns the status, having read (and dropped) the response body. */
    int post(String path, byte[] body, String... headers) throws IOException {
        StringBuilder h = new StringBuilder(256);
        h.append("POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(host).append("\r\nContent-Length: ").append(body.length).append("\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            h.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        h.append("\r\n");
        out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        String status = line();
        if (status == null || status.length() < 12) {
            throw new IOException("connection closed before a response");
        }
        long length = -1;
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            if (l.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Long.parseLong(l.substring(15).trim());
            } else if (l.toLowerCase(Locale.ROOT).startsWith("transfer-encoding:")) {
                throw new IOException("chunked responses are not supported by the bench client");
            }
        }
        if (length < 0) {
            throw new IOException("response without Content-Length");
        }
        in.skipNBytes(length);
        return Integer.parseInt(status.substring(9, 12));
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] s = b.toByteArray();
                int n = s.length > 0 && s[s.length - 1] == '\r' ? s.length - 1 : s.length;
                return new String(s, 0, n, StandardCharsets.US_ASCII);
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
