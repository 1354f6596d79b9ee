package dev.loupe.server;

import dev.loupe.serve.PortBindException;
import dev.loupe.store.jdbc.SqliteMetadataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoupeServerTest {
    @TempDir
    Path dir;

    @Test
    void start_onAPortInUse_throwsBindException() throws Exception {
        try (SqliteMetadataStore store = new SqliteMetadataStore(dir.resolve("loupe.db"));
             ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> LoupeServer.start(new LoupeServer.Config("127.0.0.1", taken.getLocalPort()), store))
                    .isInstanceOfSatisfying(PortBindException.class, e -> {
                        assertThat(e.listener()).isEqualTo(PortBindException.Listener.REST);
                        assertThat(e.inUse()).isTrue();
                    })
                    .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(BindException.class);
        }
    }

    @Test
    void start_onPortZero_reportsTheBoundPortInItsUrl() {
        try (SqliteMetadataStore store = new SqliteMetadataStore(dir.resolve("loupe.db"));
             LoupeServer server = LoupeServer.start(new LoupeServer.Config("127.0.0.1", 0), store)) {
            assertThat(server.port()).isPositive();
            assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port());
        }
    }

    @Test
    void close_closesWhatItOwnsFirstNewestFirstWhileStillListening() throws Exception {
        java.util.List<String> closed = new java.util.ArrayList<>();
        try (SqliteMetadataStore store = new SqliteMetadataStore(dir.resolve("loupe.db"))) {
            LoupeServer server = LoupeServer.start(new LoupeServer.Config("127.0.0.1", 0), store);
            server.own(() -> closed.add("watcher"));
            server.own(() -> {
                throw new IllegalStateException("a failing resource does not stop the others");
            });
            server.own(() -> {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
                    closed.add("newest, port open: " + s.isConnected());
                }
            });
            server.close();
        }
        assertThat(closed).containsExactly("newest, port open: true", "watcher");
    }

    @Test
    void config_rejectsPortsOutOfRange() {
        assertThatThrownBy(() -> new LoupeServer.Config("127.0.0.1", 70_000)).isInstanceOf(IllegalArgumentException.class);
    }
}
