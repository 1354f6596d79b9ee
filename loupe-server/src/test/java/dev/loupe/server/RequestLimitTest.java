package dev.loupe.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RequestLimitTest {
    @TempDir
    Path dir;

    /**
     * A body declared larger than the limit is refused from its headers, before it is read. Sent over a
     * plain socket: a client that streams the whole body races the server closing the connection after its
     * answer and may see a reset instead of the 413 (it did, now and then, with java.net.http).
     */
    @Test
    void body_overTheLimit_is413() throws Exception {
        try (RunningServer s = new RunningServer(dir)) {
            URI url = URI.create(s.url());
            try (Socket socket = new Socket("127.0.0.1", url.getPort())) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/2.0/mlflow/experiments/create HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + (LoupeServer.MAX_REQUEST_BYTES + 1024)
                        + "\r\n\r\n{\"name\": \"").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                String status = new String(in.readNBytes("HTTP/1.1 413".length()), StandardCharsets.US_ASCII);
                assertThat(status).isEqualTo("HTTP/1.1 413");
            }
        }
    }
}
