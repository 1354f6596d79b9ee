package dev.loupe.serve.grpc;

import com.google.protobuf.ByteString;
import dev.loupe.serve.ServeConfig;
import dev.loupe.serve.ServeFixture;
import dev.loupe.serve.grpc.oip.GRPCInferenceServiceGrpc;
import dev.loupe.serve.grpc.oip.InferParameter;
import dev.loupe.serve.grpc.oip.InferTensorContents;
import dev.loupe.serve.grpc.oip.ModelInferRequest;
import dev.loupe.serve.grpc.oip.ModelInferResponse;
import dev.loupe.serve.grpc.oip.ModelMetadataRequest;
import dev.loupe.serve.grpc.oip.ModelMetadataResponse;
import dev.loupe.serve.grpc.oip.ModelReadyRequest;
import dev.loupe.serve.grpc.oip.ServerLiveRequest;
import dev.loupe.serve.grpc.oip.ServerMetadataRequest;
import dev.loupe.serve.grpc.oip.ServerReadyRequest;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The OIP gRPC contract over a real socket: typed and raw contents, output selection, classification, errors. */
class OipGrpcContractTest {

    static ServeFixture fx;
    static ManagedChannel channel;
    static GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub;

    @BeforeAll
    static void start() throws Exception {
        fx = ServeFixture.start(ServeConfig.defaults());
        channel = NettyChannelBuilder.forAddress("127.0.0.1", fx.server.grpcPort()).usePlaintext().build();
        stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        fx.close();
    }

    static ModelInferRequest.InferInputTensor.Builder x() {
        return ModelInferRequest.InferInputTensor.newBuilder().setName("x").setDatatype("FP32").addShape(2).addShape(3);
    }

    static final List<Float> X = List.of(-1f, 0f, 2f, 3f, -4f, 5f);

    @Test
    void health_andServerMetadata() {
        assertThat(stub.serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
        assertThat(stub.serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
        assertThat(stub.serverMetadata(ServerMetadataRequest.getDefaultInstance()).getExtensionsList())
                .contains("binary_tensor_data", "classification");
        assertThat(stub.modelReady(ModelReadyRequest.newBuilder().setName("tiny").setVersion("1").build()).getReady()).isTrue();
    }

    @Test
    void modelMetadata_describesTensors() {
        ModelMetadataResponse m = stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("tiny").build());
        assertThat(m.getVersionsList()).containsExactly("1", "2");
        assertThat(m.getInputs(0).getName()).isEqualTo("x");
        assertThat(m.getInputs(0).getDatatype()).isEqualTo("FP32");
        assertThat(m.getInputs(0).getShapeList()).containsExactly(-1L, 3L);
        assertThat(m.getOutputsList()).extracting(ModelMetadataResponse.TensorMetadata::getName).containsExactly("y", "z");
    }

    @Test
    void infer_typedContents_returnsTypedContentsForAllOutputs() {
        ModelInferResponse r = stub.modelInfer(ModelInferRequest.newBuilder().setModelName("tiny").setId("g-1")
                .addInputs(x().setContents(InferTensorContents.newBuilder().addAllFp32Contents(X))).build());
        assertThat(r.getId()).isEqualTo("g-1");
        assertThat(r.getModelVersion()).isEqualTo("2");
        assertThat(r.getRawOutputContentsCount()).isZero();
        assertThat(r.getOutputsList()).extracting(ModelInferResponse.InferOutputTensor::getName).containsExactly("y", "z");
        assertThat(r.getOutputs(0).getContents().getFp32ContentsList()).containsExactly(0f, 0f, 2f, 3f, 0f, 5f);
        assertThat(r.getOutputs(0).getShapeList()).containsExactly(2L, 3L);
    }

    @Test
    void infer_rawInputContents_returnsRawOutputContents() {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        X.forEach(b::putFloat);
        ModelInferResponse r = stub.modelInfer(ModelInferRequest.newBuilder().setModelName("tiny").setModelVersion("1")
                .addInputs(x()).addRawInputContents(ByteString.copyFrom(b.array()))
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("z")).build());
        assertThat(r.getOutputsCount()).isEqualTo(1);
        assertThat(r.getOutputs(0).hasContents()).isFalse();
        ByteBuffer z = r.getRawOutputContents(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[6];
        z.asFloatBuffer().get(values);
        assertThat(values).containsExactly(1, -0f, -2, -3, 4, -5);
    }

    @Test
    void infer_int64AndBytesContents_roundTrip() {
        ModelInferResponse i = stub.modelInfer(ModelInferRequest.newBuilder().setModelName("identity_int64")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("x").setDatatype("INT64").addShape(1).addShape(3)
                        .setContents(InferTensorContents.newBuilder().addInt64Contents(Long.MIN_VALUE).addInt64Contents(0).addInt64Contents(7)))
                .build());
        assertThat(i.getOutputs(0).getContents().getInt64ContentsList()).containsExactly(Long.MIN_VALUE, 0L, 7L);
        ModelInferResponse s = stub.modelInfer(ModelInferRequest.newBuilder().setModelName("identity_bytes")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("x").setDatatype("BYTES").addShape(1).addShape(3)
                        .setContents(InferTensorContents.newBuilder().addBytesContents(ByteString.copyFromUtf8("a"))
                                .addBytesContents(ByteString.EMPTY).addBytesContents(ByteString.copyFromUtf8("ok"))))
                .build());
        assertThat(s.getOutputs(0).getContents().getBytesContentsList()).extracting(ByteString::toStringUtf8).containsExactly("a", "", "ok");
    }

    @Test
    void infer_classification_returnsTopK() {
        ModelInferResponse r = stub.modelInfer(ModelInferRequest.newBuilder().setModelName("tiny")
                .addInputs(x().setContents(InferTensorContents.newBuilder().addAllFp32Contents(X)))
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("y")
                        .putParameters("classification", InferParameter.newBuilder().setInt64Param(1).build()))
                .build());
        assertThat(r.getOutputs(0).getDatatype()).isEqualTo("BYTES");
        assertThat(r.getOutputs(0).getContents().getBytesContentsList()).extracting(ByteString::toStringUtf8)
                .containsExactly("2.0:2", "5.0:2");
    }

    @Test
    void infer_messageOverTheSizeLimit_isResourceExhausted_andServerKeepsServing() {
        ByteString huge = ByteString.copyFrom(new byte[(int) ServeConfig.DEFAULT_MAX_REQUEST_BYTES + 1024]);
        assertThatThrownBy(() -> stub.modelInfer(ModelInferRequest.newBuilder().setModelName("tiny")
                .addInputs(x()).addRawInputContents(huge).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.RESOURCE_EXHAUSTED));
        assertThat(stub.modelInfer(ModelInferRequest.newBuilder().setModelName("tiny")
                .addInputs(x().setContents(InferTensorContents.newBuilder().addAllFp32Contents(X))).build()).getOutputsCount()).isEqualTo(2);
    }

    @Test
    void errors_mapToGrpcStatusCodes() {
        assertThatThrownBy(() -> stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("nope").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).contains("unknown model 'nope'");
                });
        assertThatThrownBy(() -> stub.modelInfer(ModelInferRequest.newBuilder().setModelName("tiny")
                .addInputs(x().setContents(InferTensorContents.newBuilder().addFp32Contents(1f))).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("needs 6 FP32 elements, contents has 1");
                });
        assertThat(stub.serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
    }
}
