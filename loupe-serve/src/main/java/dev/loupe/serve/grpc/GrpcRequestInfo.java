package dev.loupe.serve.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Carries a call's {@code x-request-id} and {@code x-station} metadata to the service (the same names as
 * the REST headers, lower case as gRPC requires), and sends back the id the service answered under as
 * {@code x-request-id} response metadata, so a client that gave none can still send feedback about it.
 */
final class GrpcRequestInfo implements ServerInterceptor {
    static final Metadata.Key<String> REQUEST_ID = Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> STATION = Metadata.Key.of("x-station", Metadata.ASCII_STRING_MARSHALLER);

    /** What the call's metadata said, and where the service leaves the id it used. */
    record Call(Optional<String> requestId, Optional<String> station, AtomicReference<String> answeredAs) {
    }

    static final Context.Key<Call> CALL = Context.key("loupe-request-info");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Call info = new Call(Optional.ofNullable(headers.get(REQUEST_ID)), Optional.ofNullable(headers.get(STATION)),
                new AtomicReference<>());
        ServerCall<Q, R> answering = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void sendHeaders(Metadata responseHeaders) {
                String id = info.answeredAs().get();
                if (id != null) {
                    responseHeaders.put(REQUEST_ID, id);
                }
                super.sendHeaders(responseHeaders);
            }
        };
        return Contexts.interceptCall(Context.current().withValue(CALL, info), answering, headers, next);
    }

    /** The current call's information; an empty one outside an intercepted call (a direct test of the service). */
    static Call current() {
        Call c = CALL.get();
        return c != null ? c : new Call(Optional.empty(), Optional.empty(), new AtomicReference<>());
    }
}
