package dev.loupe.serve.grpc;

import com.google.protobuf.ByteString;
import dev.loupe.core.BuildInfo;
import dev.loupe.core.inference.DataType;
import dev.loupe.core.inference.Tensor;
import dev.loupe.core.inference.TensorSpec;
import dev.loupe.core.monitoring.RequestIds;
import dev.loupe.serve.ServeException;
import dev.loupe.serve.codec.RawTensors;
import dev.loupe.serve.grpc.oip.GRPCInferenceServiceGrpc;
import dev.loupe.serve.grpc.oip.InferParameter;
import dev.loupe.serve.grpc.oip.InferTensorContents;
import dev.loupe.serve.grpc.oip.ModelInferRequest;
import dev.loupe.serve.grpc.oip.ModelInferResponse;
import dev.loupe.serve.grpc.oip.ModelMetadataRequest;
import dev.loupe.serve.grpc.oip.ModelMetadataResponse;
import dev.loupe.serve.grpc.oip.ModelReadyRequest;
import dev.loupe.serve.grpc.oip.ModelReadyResponse;
import dev.loupe.serve.grpc.oip.ServerLiveRequest;
import dev.loupe.serve.grpc.oip.ServerLiveResponse;
import dev.loupe.serve.grpc.oip.ServerMetadataRequest;
import dev.loupe.serve.grpc.oip.ServerMetadataResponse;
import dev.loupe.serve.grpc.oip.ServerReadyRequest;
import dev.loupe.serve.grpc.oip.ServerReadyResponse;
import dev.loupe.serve.infer.InferRequest;
import dev.loupe.serve.infer.InferResponse;
import dev.loupe.serve.infer.Inferencer;
import dev.loupe.serve.infer.RequestInfo;
import dev.loupe.serve.model.ServedModel;
import dev.loupe.serve.rest.ErrorBody;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The Open Inference Protocol v2 gRPC service ({@code inference.GRPCInferenceService} of
 * kserve/open-inference-protocol {@code open_inference_grpc.proto}), over the same {@link Inferencer}
 * as REST. Inputs come in typed {@code contents} or in {@code raw_input_contents} (never both in one
 * request); outputs go back the way the inputs came: raw for raw, typed for typed, and raw whenever an
 * output has no typed field (FP16). The classification extension takes an {@code int64_param}
 * {@code classification} on a requested output.
 *
 * <p>An inference is known by the request's {@code id}, else its {@code x-request-id} metadata, else a new id,
 * sent back as {@code x-request-id} response metadata; the station is the {@code x-station} metadata or the
 * request parameter {@code station} ({@link GrpcRequestInfo}).
 *
 * <p>Errors: INVALID_ARGUMENT (bad request), NOT_FOUND (model or version), RESOURCE_EXHAUSTED
 * (too large), UNAVAILABLE (overloaded: retry), INTERNAL.
 */
public final class OipGrpcService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(OipGrpcService.class);

    private final Inferencer inferencer;

    public OipGrpcService(Inferencer inferencer) {
        this.inferencer = inferencer;
    }

    /** The service behind {@code auth} (which runs first) and {@link GrpcRequestInfo}. */
    public static io.grpc.ServerServiceDefinition intercepted(Inferencer inferencer, io.grpc.ServerInterceptor auth) {
        return io.grpc.ServerInterceptors.intercept(new OipGrpcService(inferencer), new GrpcRequestInfo(), auth);
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> out) {
        answer(out, () -> ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> out) {
        answer(out, () -> ServerReadyResponse.newBuilder().setReady(true).build());
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> out) {
        answer(out, () -> {
            inferencer.models().resolve(request.getName(), Optional.of(request.getVersion()));
            return ModelReadyResponse.newBuilder().setReady(true).build();
        });
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> out) {
        answer(out, () -> ServerMetadataResponse.newBuilder().setName("loupe").setVersion(BuildInfo.current().version())
                .addExtensions("binary_tensor_data").addExtensions("classification").build());
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> out) {
        answer(out, () -> {
            ServedModel m = inferencer.models().resolve(request.getName(), Optional.of(request.getVersion()));
            ModelMetadataResponse.Builder b = ModelMetadataResponse.newBuilder().setName(m.name())
                    .addAllVersions(inferencer.models().versions(m.name())).setPlatform("onnx_onnxv1");
            m.inputs().forEach(s -> b.addInputs(tensorMetadata(s)));
            m.outputs().forEach(s -> b.addOutputs(tensorMetadata(s)));
            return b.build();
        });
    }

    /**
     * Runs without blocking the calling thread (the server runs calls on its event loop): the request is
     * read and checked here, inferred on the inference queue, and answered from the inference thread.
     */
    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> out) {
        CompletableFuture<ModelInferResponse> answer;
        try {
            answer = infer(request);
        } catch (RuntimeException e) {
            fail(out, e);
            return;
        }
        answer.whenComplete((response, error) -> {
            if (error != null) {
                fail(out, error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error);
                return;
            }
            try {
                out.onNext(response);
                out.onCompleted();
            } catch (RuntimeException e) { // the client went away meanwhile
                LOG.debug("gRPC answer not sent: {}", e.toString());
            }
        });
    }

    private CompletableFuture<ModelInferResponse> infer(ModelInferRequest r) {
        boolean raw = r.getRawInputContentsCount() > 0;
        if (raw && r.getRawInputContentsCount() != r.getInputsCount()) {
            throw ServeException.badRequest("raw_input_contents has " + r.getRawInputContentsCount()
                    + " entries for " + r.getInputsCount() + " inputs; give one per input, in input order");
        }
        List<InferRequest.Input> inputs = new ArrayList<>();
        for (int i = 0; i < r.getInputsCount(); i++) {
            ModelInferRequest.InferInputTensor in = r.getInputs(i);
            DataType type = DataType.fromName(in.getDatatype()).orElseThrow(() -> ServeException.badRequest(
                    "input '" + in.getName() + "': unknown datatype '" + in.getDatatype() + "'"));
            long[] shape = new long[in.getShapeCount()]; // a loop, not a stream of boxed longs: this runs on the event loop
            for (int d = 0; d < shape.length; d++) {
                shape[d] = in.getShape(d);
            }
            Tensor t;
            if (raw) {
                if (in.hasContents()) {
                    throw ServeException.badRequest("input '" + in.getName() + "' has contents although the request uses raw_input_contents");
                }
                t = ProtoTensors.readRaw(in.getName(), type, shape, r.getRawInputContents(i));
            } else {
                t = ProtoTensors.read(in.getName(), type, shape, in.getContents());
            }
            inputs.add(new InferRequest.Input(in.getName(), t));
        }
        List<InferRequest.RequestedOutput> outputs = new ArrayList<>();
        for (ModelInferRequest.InferRequestedOutputTensor o : r.getOutputsList()) {
            InferParameter k = o.getParametersMap().get("classification");
            outputs.add(new InferRequest.RequestedOutput(o.getName(), k == null ? 0 : classification(o.getName(), k)));
        }
        Optional<String> id = r.getId().isEmpty() ? Optional.empty() : Optional.of(r.getId());
        GrpcRequestInfo.Call call = GrpcRequestInfo.current();
        String requestId = id.or(call::requestId).orElseGet(RequestIds::next);
        call.answeredAs().set(requestId);
        InferParameter stationParameter = r.getParametersMap().get("station");
        String station = call.station().orElse(stationParameter != null
                && stationParameter.getParameterChoiceCase() == InferParameter.ParameterChoiceCase.STRING_PARAM
                ? stationParameter.getStringParam() : "");
        boolean rawOut = raw;
        return inferencer.inferAsync(new InferRequest(r.getModelName(), Optional.of(r.getModelVersion()), id, inputs, outputs),
                new RequestInfo(requestId, station)).thenApply(response -> encode(response, rawOut));
    }

    private static ModelInferResponse encode(InferResponse response, boolean raw) {
        ModelInferResponse.Builder b = ModelInferResponse.newBuilder().setModelName(response.model())
                .setModelVersion(response.version());
        response.id().ifPresent(b::setId);
        List<Optional<InferTensorContents>> typed = new ArrayList<>();
        if (!raw) {
            response.outputs().forEach(o -> typed.add(ProtoTensors.write(o.tensor())));
            raw = typed.stream().anyMatch(Optional::isEmpty);
        }
        for (int i = 0; i < response.outputs().size(); i++) {
            InferResponse.Output o = response.outputs().get(i);
            ModelInferResponse.InferOutputTensor.Builder t = ModelInferResponse.InferOutputTensor.newBuilder()
                    .setName(o.name()).setDatatype(o.tensor().type().name());
            for (long d : o.tensor().shape()) {
                t.addShape(d);
            }
            if (raw) {
                b.addRawOutputContents(ByteString.copyFrom(RawTensors.write(o.tensor())));
            } else {
                t.setContents(typed.get(i).orElseThrow());
            }
            b.addOutputs(t);
        }
        return b.build();
    }

    private static int classification(String output, InferParameter p) {
        long k = switch (p.getParameterChoiceCase()) {
            case INT64_PARAM -> p.getInt64Param();
            case UINT64_PARAM -> p.getUint64Param();
            default -> -1;
        };
        if (k < 1 || k > Integer.MAX_VALUE) {
            throw ServeException.badRequest("output '" + output + "': classification must be a positive int64_param, got " + p);
        }
        return (int) k;
    }

    private static ModelMetadataResponse.TensorMetadata tensorMetadata(TensorSpec s) {
        ModelMetadataResponse.TensorMetadata.Builder t = ModelMetadataResponse.TensorMetadata.newBuilder()
                .setName(s.name()).setDatatype(s.type().name());
        for (long d : s.shape()) {
            t.addShape(d);
        }
        return t.build();
    }

    private static <T> void answer(StreamObserver<T> out, Supplier<T> call) {
        T response;
        try {
            response = call.get();
        } catch (RuntimeException e) {
            fail(out, e);
            return;
        }
        out.onNext(response);
        out.onCompleted();
    }

    private static void fail(StreamObserver<?> out, Throwable error) {
        try {
            if (error instanceof ServeException e && e.kind() != ServeException.Kind.INTERNAL) {
                out.onError(status(e).withDescription(e.getMessage()).asRuntimeException());
            } else {
                String what = error instanceof ServeException e ? e.getMessage() : "the server could not answer the request";
                out.onError(Status.INTERNAL.withDescription(ErrorBody.internal(LOG, what, error)).asRuntimeException());
            }
        } catch (RuntimeException e) { // the client went away meanwhile
            LOG.debug("gRPC error not sent: {}", e.toString());
        }
    }

    private static Status status(ServeException e) {
        if (e.kind() == ServeException.Kind.INTERNAL) {
            LOG.error("gRPC request failed: {}", e.getMessage(), e);
        }
        return switch (e.kind()) {
            case BAD_REQUEST, UNSUPPORTED_MEDIA_TYPE -> Status.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.NOT_FOUND;
            case PAYLOAD_TOO_LARGE -> Status.RESOURCE_EXHAUSTED;
            case OVERLOADED -> Status.UNAVAILABLE;
            case INTERNAL -> Status.INTERNAL;
        };
    }
}
