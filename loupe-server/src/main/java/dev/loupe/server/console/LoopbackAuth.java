package dev.loupe.server.console;

import io.helidon.webserver.http.ServerRequest;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;

/**
 * The default before API tokens: a request from this machine (a loopback address) is an
 * {@link Role#ADMIN} named {@code local}; any other is nobody. A server bound to all addresses
 * therefore shows its console only on the machine itself.
 */
public final class LoopbackAuth implements ConsoleAuth {
    public static final String ACTOR = "local";

    @Override
    public Optional<Principal> principal(ServerRequest request) {
        SocketAddress peer = request.remotePeer().address();
        boolean local = peer instanceof InetSocketAddress a && a.getAddress() != null && a.getAddress().isLoopbackAddress();
        return local ? Optional.of(new Principal(ACTOR, Role.ADMIN)) : Optional.empty();
    }
}
