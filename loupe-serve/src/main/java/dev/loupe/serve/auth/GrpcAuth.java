package dev.loupe.serve.auth;

import dev.loupe.core.auth.Access;
import dev.loupe.core.auth.Authenticator;
import dev.loupe.core.auth.Principal;
import dev.loupe.core.auth.Role;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * A gRPC interceptor that checks the {@code authorization} metadata of every call (the same values as
 * the HTTP header): UNAUTHENTICATED without a valid token, PERMISSION_DENIED when the role is too low;
 * otherwise the call goes on with its {@link Principal} in {@link #PRINCIPAL}.
 */
public final class GrpcAuth implements ServerInterceptor {
    /** The caller of the current call, for services that record who acted. */
    public static final Context.Key<Principal> PRINCIPAL = Context.key("loupe-principal");
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final Authenticator auth;
    private final Function<String, Optional<Role>> policy;

    /** @param policy the role a full method name needs, empty for none (see {@link ServeAccess#forGrpc}) */
    public GrpcAuth(Authenticator auth, Function<String, Optional<Role>> policy) {
        this.auth = auth;
        this.policy = policy;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Optional<Role> needed = policy.apply(call.getMethodDescriptor().getFullMethodName());
        if (needed.isEmpty()) {
            return next.startCall(call, headers);
        }
        Access access = auth.check(headers.get(AUTHORIZATION), needed.get());
        return switch (access) {
            case Access.Granted g -> Contexts.interceptCall(Context.current().withValue(PRINCIPAL, g.principal()), call,
                    headers, next);
            case Access.Unauthenticated u -> refuse(call, Status.UNAUTHENTICATED.withDescription(u.reason()));
            case Access.Forbidden f -> refuse(call, Status.PERMISSION_DENIED.withDescription(f.reason()));
        };
    }

    /**
     * Where each call runs: a call whose token check would read the token store (a token not looked up
     * lately) runs on {@code offLoop}, so a slow store (PostgreSQL across a network) holds up that call
     * only, not every connection sharing its event loop; every other call stays on the transport's thread.
     */
    public ServerCallExecutorSupplier executors(Executor offLoop) {
        return new ServerCallExecutorSupplier() {
            @Override
            public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata headers) {
                boolean checked = policy.apply(call.getMethodDescriptor().getFullMethodName()).isPresent();
                return checked && !auth.answersAtOnce(headers.get(AUTHORIZATION)) ? offLoop : null;
            }
        };
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
