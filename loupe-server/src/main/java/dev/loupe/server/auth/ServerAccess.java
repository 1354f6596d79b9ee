package dev.loupe.server.auth;

import dev.loupe.core.auth.Role;
import dev.loupe.serve.auth.ServeAccess;

import java.util.Optional;

/**
 * The roles the platform server's routes need that no handler checks itself, for the one token filter
 * in front of them: OIP inference ({@link ServeAccess#forOipPath}), the edge agents' endpoints
 * ({@code /v1/edge/...} records and {@code /v1/models/{m}/package} downloads: {@link Role#DEVICE}) and
 * the review queue ({@code /v1/review}: {@link Role#VIEWER}). Every other route checks its caller in
 * its handler (the MLflow API, the console, the serving API, {@code /metrics}) and gets empty here.
 */
public final class ServerAccess {
    private ServerAccess() {
    }

    public static Optional<Role> forPath(String path) {
        Optional<Role> oip = ServeAccess.forOipPath(path);
        if (oip.isPresent() || path.startsWith("/v2")) {
            return oip;
        }
        if (path.startsWith("/v1/edge/") || path.startsWith("/v1/models/") && path.endsWith("/package")) {
            return Optional.of(Role.DEVICE);
        }
        if (path.equals("/v1/review") || path.startsWith("/v1/review/")) {
            return Optional.of(Role.VIEWER);
        }
        return Optional.empty();
    }
}
