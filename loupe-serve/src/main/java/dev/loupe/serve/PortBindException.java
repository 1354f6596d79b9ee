package dev.loupe.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Objects;

/**
 * A listener of the server (REST or gRPC) could not bind its address: which one, where, and whether the port is
 * in use, so that whoever started it can say which option to change. Its cause is a {@link BindException}.
 *
 * <p>{@link #requireFree} checks an address before the listener binds it. Helidon does not throw when its
 * listener cannot bind: it logs the failure with a stack trace at SEVERE and returns a stopped server. Binding
 * (and closing at once) a plain socket first turns the common case, a port some other process listens on, into
 * this exception with nothing logged; the listener's own start still fails (and logs) if another process takes
 * the port in the instant between the two.
 */
public final class PortBindException extends UncheckedIOException {

    /** The server's listeners. */
    public enum Listener {
        REST("REST"), GRPC("gRPC");

        private final String label;

        Listener(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final Listener listener;
    private final String host;
    private final int port;
    private final boolean inUse;

    private PortBindException(Listener listener, String host, int port, boolean inUse, String message, BindException cause) {
        super(message, cause);
        this.listener = Objects.requireNonNull(listener, "listener");
        this.host = host;
        this.port = port;
        this.inUse = inUse;
    }

    /** The address was refused when {@code listener} bound it; {@code cause} says why. */
    public static PortBindException of(Listener listener, String host, int port, IOException cause) {
        boolean inUse = cause.getMessage() != null && cause.getMessage().contains("in use");
        String message = inUse ? "the " + listener + " port " + host + ":" + port + " is in use"
                : "cannot listen for " + listener + " on " + host + ":" + port + " (" + cause.getMessage() + ")";
        BindException bind = cause instanceof BindException b ? b : (BindException) new BindException(cause.getMessage()).initCause(cause);
        return new PortBindException(listener, host, port, inUse, message, bind);
    }

    /**
     * Binds {@code host:port} and closes it again, as {@code listener} is about to bind it; port 0 (any free one)
     * always passes.
     *
     * @throws PortBindException when the address cannot be bound (another process listens there, or {@code host}
     *                           is not an address of this machine)
     */
    public static void requireFree(Listener listener, String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as the listeners bind: a port whose old connections wait to close is free
            probe.bind(new InetSocketAddress(host, port), 1);
        } catch (BindException e) {
            throw of(listener, host, port, e);
        } catch (IOException e) {
            // not a refused bind (an unresolvable host, say): the listener's own start fails and says why
        }
    }

    public Listener listener() {
        return listener;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** Whether the port is taken (rather than the host not being an address of this machine). */
    public boolean inUse() {
        return inUse;
    }
}
