package dev.loupe.serve.bench;

import com.google.protobuf.ByteString;
import dev.loupe.core.image.ImageDecodeException;
import dev.loupe.core.image.Images;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.Preprocessor;
import dev.loupe.serve.grpc.oip.GRPCInferenceServiceGrpc;
import dev.loupe.serve.grpc.oip.ModelInferRequest;
import dev.loupe.serve.grpc.oip.ModelInferResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.stub.StreamObserver;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The requests the serving benchmarks send, prepared once per image so the clients only send bytes: the
 * PNG for {@code /inspect}, a V2 binary body with the PNG as BYTES, a V2 JSON body with the preprocessed
 * FP32 tensor, and a gRPC request with the PNG as raw BYTES. The served model is called {@code bench}.
 */
final class BenchRequests implements AutoCloseable {
    private final List<byte[]> images;
    /** The gRPC clients' one event loop, started with the first gRPC client; see {@link #grpcLoop()}. */
    private EventLoopGroup grpcLoop;
    private final List<byte[]> v2Binary = new ArrayList<>();
    private final List<Integer> v2BinaryHeader = new ArrayList<>();
    private final List<byte[]> v2Json = new ArrayList<>();
    private final List<ModelInferRequest> grpc = new ArrayList<>();
    /** The same requests as gRPC messages, for {@link LeanGrpcConnection}. */
    private final List<io.grpc.netty.shaded.io.netty.buffer.ByteBuf> grpcMessages = new ArrayList<>();

    BenchRequests(ModelDescriptor descriptor, Preprocessor pre, List<byte[]> images) {
        this.images = images;
        String score = descriptor.scoreOutput();
        String input = descriptor.input().name();
        for (byte[] img : images) {
            String header = "{\"inputs\":[{\"name\":\"" + input + "\",\"datatype\":\"BYTES\",\"shape\":[1],"
                    + "\"parameters\":{\"binary_data_size\":" + (img.length + 4) + "}}],\"outputs\":[{\"name\":\"" + score + "\"}]}";
            byte[] h = header.getBytes(StandardCharsets.UTF_8);
            v2Binary.add(ByteBuffer.allocate(h.length + 4 + img.length).order(ByteOrder.LITTLE_ENDIAN).put(h).putInt(img.length).put(img).array());
            v2BinaryHeader.add(h.length);
            float[] t = pre.apply(decode(img));
            StringBuilder sb = new StringBuilder(t.length * 12).append("{\"inputs\":[{\"name\":\"").append(input)
                    .append("\",\"datatype\":\"FP32\",\"shape\":[1,").append(pre.channels()).append(',').append(pre.height())
                    .append(',').append(pre.width()).append("],\"data\":[");
            for (int i = 0; i < t.length; i++) {
                sb.append(i == 0 ? "" : ",").append(t[i]);
            }
            v2Json.add(sb.append("]}],\"outputs\":[{\"name\":\"").append(score).append("\"}]}").toString().getBytes(StandardCharsets.UTF_8));
            grpc.add(ModelInferRequest.newBuilder().setModelName("bench")
                    .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName(input).setDatatype("BYTES").addShape(1))
                    .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(score))
                    .addRawInputContents(ByteString.copyFrom(ByteBuffer.allocate(4 + img.length).order(ByteOrder.LITTLE_ENDIAN).putInt(img.length).put(img).array()))
                    .build());
            grpcMessages.add(LeanGrpcConnection.message(grpc.getLast().toByteArray()));
        }
    }

    /** {@code /inspect} with the PNG as the body, against the server on {@code port}. */
    Load.Op inspect(int port) {
        return client -> {
            KeepAliveHttp http = new KeepAliveHttp("127.0.0.1", port);
            return Load.closing(http, i -> Load.ok(http.post("/v1/models/bench/inspect", images.get(i % images.size()), "Content-Type", "image/png")));
        };
    }

    /**
     * Every server path, by name: {@code /inspect}, V2 REST binary, V2 REST JSON, gRPC. Each HTTP client has
     * its own keep-alive connection, as separate stations do. The gRPC clients do not share one channel, which
     * would put every call on one HTTP/2 connection, hence on one server event loop; they are asynchronous
     * stubs chained on one shared client event loop ({@link Load.Chained},
     * {@link #grpcLoop()}), {@link #GRPC_CALLS_PER_CONNECTION} to a channel, one channel per server
     * inference thread: HTTP/2 multiplexes calls, and with several in flight on each connection its server
     * event loop has the next requests to read when it has answered one, where with one it waited for the
     * client's round trip (as ghz runs many calls on one connection). gRPC is measured
     * twice, with the same requests: from grpc-java's client (what most Java clients run) and from a lean
     * client on Netty's HTTP/2 codec ({@link LeanGrpcConnection}, as a load generator such as ghz is lean),
     * because the load generator's CPU comes out of the same cores as the server's.
     */
    Map<String, Load.Op> server(int port, int grpcPort) {
        Map<String, Load.Op> modes = new LinkedHashMap<>();
        modes.put("/inspect (PNG body)", inspect(port));
        modes.put("V2 REST binary (PNG as BYTES)", client -> {
            KeepAliveHttp http = new KeepAliveHttp("127.0.0.1", port);
            return Load.closing(http, i -> Load.ok(http.post("/v2/models/bench/infer", v2Binary.get(i % v2Binary.size()),
                    "Inference-Header-Content-Length", Integer.toString(v2BinaryHeader.get(i % v2Binary.size())))));
        });
        modes.put("V2 REST JSON (FP32 tensor)", client -> {
            KeepAliveHttp http = new KeepAliveHttp("127.0.0.1", port);
            return Load.closing(http, i -> Load.ok(http.post("/v2/models/bench/infer", v2Json.get(i % v2Json.size()), "Content-Type", "application/json")));
        });
        Sharing<ManagedChannel> channels = new Sharing<>(); // each shared by GRPC_CALLS_PER_CONNECTION clients
        Sharing<LeanGrpcConnection> leanConnections = new Sharing<>();
        modes.put("gRPC (PNG raw), grpc-java", client -> {
            Sharing.Handed<ManagedChannel> c = channels.next(client, () -> grpcChannel(grpcPort));
            ManagedChannel channel = c.connection();
            AutoCloseable closing = c.opened() ? channel::shutdownNow : () -> { // the client that opened it closes it
            };
            var stub = GRPCInferenceServiceGrpc.newStub(channel);
            return Load.chained(closing, (i, done) -> stub.modelInfer(grpc.get(i % grpc.size()), new StreamObserver<>() {
                @Override
                public void onNext(ModelInferResponse response) {
                }

                @Override
                public void onError(Throwable error) {
                    done.complete(0, error);
                }

                @Override
                public void onCompleted() {
                    done.complete(1, null);
                }
            }));
        });
        // the same calls from the lean client (LeanGrpcConnection), shared on connections the same way: the load
        // generator's own CPU, which the cores it shares with the server pay, cut to what HTTP/2 needs
        modes.put("gRPC (PNG raw), lean client", client -> {
            Sharing.Handed<LeanGrpcConnection> c = leanConnections.next(client, () -> LeanGrpcConnection.connect(grpcLoop(),
                    Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class, "127.0.0.1", grpcPort,
                    "/inference.GRPCInferenceService/ModelInfer"));
            LeanGrpcConnection connection = c.connection();
            AutoCloseable closing = c.opened() ? connection : () -> {
            };
            return Load.chained(closing, (i, done) -> connection.call(grpcMessages.get(i % grpcMessages.size()), done));
        });
        return modes;
    }

    /**
     * Calls in flight on each gRPC connection at saturation. Four, not one or two: HTTP/2 multiplexes calls, and with
     * several in flight a server event loop reads the next requests in the same wake-up as it answers one, and
     * writes several answers in one {@code writev}, as it does under any real load of many calls (ghz keeps 50
     * in flight by default). Against two, the server's CPU per call fell by ~0.02 ms, inside this machine's
     * noise (docs/benchmarks.md); the latency per call grows with the queue, as at any saturation.
     */
    static final int GRPC_CALLS_PER_CONNECTION = 4;

    /**
     * Clients (calls in flight) for a server path with {@code threads} inference threads: twice the threads for
     * the HTTP/1.1 paths (a keep-alive connection each, one request at a time), {@link #GRPC_CALLS_PER_CONNECTION}
     * per connection and one connection per thread for gRPC (so each server event loop has a connection).
     */
    static int clients(String path, int threads) {
        return path.startsWith("gRPC") ? GRPC_CALLS_PER_CONNECTION * threads : 2 * threads;
    }

    /** Opens a connection. */
    private interface Opener<C> {
        C open() throws java.io.IOException;
    }

    /**
     * One connection for every {@link #GRPC_CALLS_PER_CONNECTION} clients in a row (an op is asked for its
     * clients in order, 0 first); the client that opened it closes it when its measurement ends.
     */
    private static final class Sharing<C> {
        record Handed<C>(C connection, boolean opened) {
        }

        private C current;

        synchronized Handed<C> next(int client, Opener<C> open) throws java.io.IOException {
            boolean opened = client % GRPC_CALLS_PER_CONNECTION == 0 || current == null;
            if (opened) {
                current = open.open();
            }
            return new Handed<>(current, opened);
        }
    }

    /** A plaintext channel to the gRPC port on the clients' shared event loop; closing it leaves the loop running. */
    private ManagedChannel grpcChannel(int port) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                .eventLoopGroup(grpcLoop())
                .channelType(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                .directExecutor()
                .build();
    }

    /**
     * The gRPC clients' event loop: one thread for every channel, named as the load generator's
     * ({@link Load#CLIENT_THREAD}) so its CPU counts as the client's, not the server's. One thread, not one
     * per channel: a loop woken for one answer also reads the others that arrived meanwhile, so the load
     * generator takes fewer wake-ups and context switches from the cores it shares with the server (as ghz
     * runs many calls on few threads). Netty's native epoll where there is one (Linux), as the server's is:
     * it costs the shared cores less per call than the JDK selector (docs/benchmarks.md).
     */
    private synchronized EventLoopGroup grpcLoop() {
        if (grpcLoop == null) {
            java.util.concurrent.ThreadFactory named = r -> Thread.ofPlatform().daemon()
                    .name(Load.CLIENT_THREAD + "-grpc").unstarted(r);
            grpcLoop = new MultiThreadIoEventLoopGroup(1, named,
                    Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        }
        return grpcLoop;
    }

    /** Stops the gRPC clients' event loop, if one was started, and frees the lean client's messages. */
    @Override
    public synchronized void close() {
        if (grpcLoop != null) {
            grpcLoop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
            grpcLoop = null;
        }
        grpcMessages.forEach(m -> m.unwrap().release()); // unreleasable while sent: the wrapped buffer is ours to free
        grpcMessages.clear();
    }

    static BufferedImage decode(byte[] png) {
        try {
            return Images.decode(png);
        } catch (ImageDecodeException e) {
            throw new IllegalStateException(e);
        }
    }
}
