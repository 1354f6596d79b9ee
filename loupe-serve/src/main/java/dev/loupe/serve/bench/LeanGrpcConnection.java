package dev.loupe.serve.bench;

import io.grpc.netty.shaded.io.netty.bootstrap.Bootstrap;
import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2ConnectionHandlerBuilder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Exception;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2FrameAdapter;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Headers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The gRPC load generator's connection: unary calls of requests serialized once, over one HTTP/2 connection,
 * written straight with Netty's HTTP/2 codec (the one grpc-java runs on). A call is a HEADERS frame and one DATA
 * frame (the gRPC message: a 0 compression byte, its length big-endian, the protobuf bytes); it ends at the
 * trailers, {@code grpc-status: 0} for success. No per-call objects beyond Netty's (no call, listener, context,
 * deadline or executor hand-over as in grpc-java's client stub), so the load generator, which shares the cores
 * with the server it measures, takes less of them per call (~0.04 against ~0.05 ms of CPU for grpc-java's
 * client here, most of it the kernel's loopback TCP). The contract tests drive the server with grpc-java's client.
 *
 * <p>All state is touched on the connection's event loop only; {@link #call} may be called from any thread.
 */
final class LeanGrpcConnection implements AutoCloseable {
    private final Channel channel;
    private final Http2ConnectionHandler http2;
    private final Http2Headers headers;
    /** Calls in flight by stream id; event loop only. */
    private final Map<Integer, Load.Completion> pending = new HashMap<>();
    private ChannelHandlerContext ctx;

    private LeanGrpcConnection(Channel channel, Http2ConnectionHandler http2, Http2Headers headers) {
        this.channel = channel;
        this.http2 = http2;
        this.headers = headers;
    }

    /**
     * Connects to a plaintext (h2c, prior knowledge) gRPC server.
     *
     * @param method the full method path, {@code /package.Service/Method}
     */
    static LeanGrpcConnection connect(EventLoopGroup loop, Class<? extends Channel> type, String host, int port, String method)
            throws IOException {
        Http2Headers headers = new DefaultHttp2Headers().method("POST").scheme("http").path(method)
                .authority(host + ":" + port).add("content-type", "application/grpc").add("te", "trailers");
        Listener listener = new Listener();
        Http2ConnectionHandler http2 = new Http2ConnectionHandlerBuilder().server(false).frameListener(listener).build();
        Channel ch;
        try {
            ch = new Bootstrap().group(loop).channel(type).option(ChannelOption.TCP_NODELAY, true)
                    .handler(http2).connect(host, port).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + host + ":" + port, e);
        } catch (RuntimeException e) {
            throw new IOException("cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
        }
        LeanGrpcConnection c = new LeanGrpcConnection(ch, http2, headers);
        listener.connection = c;
        c.ctx = ch.pipeline().context(http2);
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelInactive(ChannelHandlerContext context) {
                c.failAll(new IOException("connection closed"));
            }
        });
        return c;
    }

    /** A gRPC message frame for a serialized request: what {@link #call} sends; shareable between connections. */
    static ByteBuf message(byte[] protobuf) {
        ByteBuf b = Unpooled.directBuffer(5 + protobuf.length);
        b.writeByte(0).writeInt(protobuf.length).writeBytes(protobuf);
        return Unpooled.unreleasableBuffer(b);
    }

    /** Sends a call with {@code message} (from {@link #message}); {@code done} gets 1 on {@code grpc-status: 0}. */
    void call(ByteBuf message, Load.Completion done) {
        if (channel.eventLoop().inEventLoop()) {
            send(message, done);
        } else {
            channel.eventLoop().execute(() -> send(message, done));
        }
    }

    private void send(ByteBuf message, Load.Completion done) {
        if (!channel.isActive()) {
            done.complete(0, new IOException("connection closed"));
            return;
        }
        int stream = http2.connection().local().incrementAndGetNextStreamId();
        pending.put(stream, done);
        http2.encoder().writeHeaders(ctx, stream, headers, 0, false, ctx.voidPromise());
        http2.encoder().writeData(ctx, stream, message.duplicate(), 0, true, ctx.voidPromise());
        http2.flush(ctx); // the handler's flush, which also writes what its flow controller holds (the DATA frame)
    }

    private void finish(int stream, Http2Headers trailers) {
        Load.Completion done = pending.remove(stream);
        if (done == null) {
            return;
        }
        CharSequence status = trailers.get("grpc-status");
        if (status != null && "0".contentEquals(status)) {
            done.complete(1, null);
        } else {
            done.complete(0, new IOException("gRPC call failed: grpc-status " + status + ", " + trailers.get("grpc-message")));
        }
    }

    private void failAll(IOException error) {
        List<Load.Completion> calls = new ArrayList<>(pending.values());
        pending.clear();
        calls.forEach(c -> c.complete(0, error));
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }

    private static final class Listener extends Http2FrameAdapter {
        LeanGrpcConnection connection;

        @Override
        public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
            return data.readableBytes() + padding; // consumed: the codec returns the flow-control window
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding, boolean endOfStream) {
            if (endOfStream) {
                connection.finish(streamId, headers);
            }
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
                                  short weight, boolean exclusive, int padding, boolean endOfStream) {
            onHeadersRead(ctx, streamId, headers, padding, endOfStream);
        }

        @Override
        public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) throws Http2Exception {
            Load.Completion done = connection.pending.remove(streamId);
            if (done != null) {
                done.complete(0, new IOException("stream reset by the server, HTTP/2 error " + errorCode));
            }
        }
    }
}
