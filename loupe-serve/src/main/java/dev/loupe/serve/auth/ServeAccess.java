package dev.loupe.serve.auth;

import dev.loupe.core.auth.Role;

import java.util.Optional;
import java.util.Set;

/**
 * Which role each prediction-server operation needs. Liveness and readiness answer anybody (load
 * balancers and orchestrators probe without tokens, and the answers say nothing); metrics need
 * {@link Role#VIEWER}; everything else (metadata, inference, inspection, feedback) {@link Role#DEVICE}.
 */
public final class ServeAccess {
    private static final Set<String> OPEN_PATHS = Set.of("/v2/health/live", "/v2/health/ready");
    private static final Set<String> OPEN_GRPC = Set.of("inference.GRPCInferenceService/ServerLive",
            "inference.GRPCInferenceService/ServerReady");

    private ServeAccess() {
    }

    /** The role an HTTP request to {@code path} needs; empty for none. */
    public static Optional<Role> forPath(String path) {
        if (OPEN_PATHS.contains(path)) {
            return Optional.empty();
        }
        if (path.equals("/metrics")) {
            return Optional.of(Role.VIEWER);
        }
        return Optional.of(Role.DEVICE);
    }

    /**
     * For a server that mounts the OIP REST services beside routes that check their callers themselves
     * ({@code loupe server}): {@code /v2/...} and {@code /v1/models/.../inspect} as {@link #forPath};
     * every other path is left to its handler (empty). The path is the one Helidon routes on, so every
     * request an OIP route matches is covered.
     */
    public static Optional<Role> forOipPath(String path) {
        if (path.equals("/v2") || path.startsWith("/v2/")) {
            return forPath(path);
        }
        if (path.startsWith("/v1/models/") && path.endsWith("/inspect")) {
            return Optional.of(Role.DEVICE);
        }
        return Optional.empty();
    }

    /** The role a gRPC call of {@code fullMethodName} ({@code service/Method}) needs; empty for none. */
    public static Optional<Role> forGrpc(String fullMethodName) {
        return OPEN_GRPC.contains(fullMethodName) ? Optional.empty() : Optional.of(Role.DEVICE);
    }
}
