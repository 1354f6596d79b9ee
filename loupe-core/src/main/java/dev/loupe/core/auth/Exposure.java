package dev.loupe.core.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The rule every listener checks before it binds: authentication may be off only on a loopback
 * address. A server reachable from the network without tokens would let anyone on the plant network
 * change which model decides.
 */
public final class Exposure {
    private Exposure() {
    }

    /** Thrown before binding when a non-loopback listener would run without authentication. */
    public static final class InsecureBindException extends IllegalStateException {
        public InsecureBindException(String message) {
            super(message);
        }
    }

    /**
     * @throws InsecureBindException when {@code host} is not a loopback address and {@code auth} lets
     *                               anybody in; nothing is bound either way
     */
    public static void check(String host, Authenticator auth) {
        if (!auth.required() && !isLoopback(host)) {
            throw new InsecureBindException("refusing to listen on " + host + " without authentication: a server"
                    + " reachable from other machines needs API tokens (create one with 'loupe tokens create --name N"
                    + " --role R' and start without '--auth none'), or bind 127.0.0.1");
        }
    }

    /** Whether every address the host name resolves to is a loopback address (unresolvable: no). */
    public static boolean isLoopback(String host) {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
