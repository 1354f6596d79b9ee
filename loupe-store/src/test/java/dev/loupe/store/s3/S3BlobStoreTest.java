package dev.loupe.store.s3;

import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.BlobStoreContract;
import dev.loupe.core.store.StoreException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The blob contract on an S3-compatible server; one server for the class, a new bucket per test. */
class S3BlobStoreTest extends BlobStoreContract {

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    static S3TestServer server;

    private S3Location where;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3TestServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected BlobStore newStore() {
        where = new S3Location(newBucket(), "plant-7/loupe");
        return S3BlobStore.open(where, server.connection());
    }

    @Override
    protected void corrupt(BlobId id, byte[] replacement) {
        server.admin().putObject(b -> b.bucket(where.bucket()).key(where.key(id)), RequestBody.fromBytes(replacement));
    }

    static String newBucket() {
        String bucket = "loupe-test-" + BUCKETS.incrementAndGet();
        server.createBucket(bucket);
        return bucket;
    }

    @Test
    void put_storesUnderPrefixedShardedKey() throws IOException {
        BlobId id = store.put("hello".getBytes(StandardCharsets.UTF_8));
        String key = "plant-7/loupe/blobs/2c/f2/" + id.sha256();
        assertThat(server.admin().headObject(b -> b.bucket(where.bucket()).key(key)).contentLength()).isEqualTo(5);
        assertThat(store.location()).isEqualTo("s3://" + where.bucket() + "/plant-7/loupe");
    }

    @Test
    void list_ignoresOtherPrefixesAndStrayKeys() throws IOException {
        BlobId mine = store.put(new byte[]{42});
        try (S3BlobStore other = S3BlobStore.open(new S3Location(where.bucket(), "plant-8"), server.connection())) {
            other.put(new byte[]{43});
        }
        server.admin().putObject(b -> b.bucket(where.bucket()).key(where.blobsPrefix() + "README.txt"), RequestBody.fromString("hi"));
        server.admin().putObject(b -> b.bucket(where.bucket()).key(where.blobsPrefix() + "00/00/" + mine.sha256()),
                RequestBody.fromString("wrong shard"));
        assertThat(store.list()).containsExactly(mine);
    }

    @Test
    void list_moreThanOnePage_returnsAll() throws IOException {
        List<BlobId> ids = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            ids.add(store.put(("blob " + i).getBytes(StandardCharsets.UTF_8)));
        }
        ids.sort(null);
        Path spool = Path.of(System.getProperty("java.io.tmpdir"));
        try (S3BlobStore paged = new S3BlobStore(server.connection().clientBuilder().build(), where, spool, 5)) {
            assertThat(paged.list()).containsExactlyElementsOf(ids);
        }
    }

    @Test
    void put_uploadFailsMidway_abortsAndLeavesNothing() {
        AtomicInteger parts = new AtomicInteger();
        ExecutionInterceptor failSecondPart = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution ctx, ExecutionAttributes attrs) {
                if (ctx.request() instanceof UploadPartRequest && parts.incrementAndGet() == 2) {
                    throw SdkClientException.create("simulated network failure on part 2");
                }
            }
        };
        S3BlobStore failing = S3BlobStore.open(where, server.connection(), server.connection().clientBuilder()
                .overrideConfiguration(o -> o.addExecutionInterceptor(failSecondPart)).build());
        try (failing) {
            assertThatThrownBy(() -> failing.put(new PatternStream(2 * S3Upload.PART_BYTES + 7, -1)))
                    .isInstanceOf(IOException.class).hasMessageContaining("simulated network failure");
            assertThat(failing.list()).isEmpty();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(server.admin().listMultipartUploads(b -> b.bucket(where.bucket())).uploads()).isEmpty();
    }

    @Test
    void open_missingBucket_saysSoInOneLine() {
        assertThatThrownBy(() -> S3BlobStore.open(new S3Location("no-such-bucket", ""), server.connection()))
                .isInstanceOf(StoreException.class)
                .hasMessage("S3 bucket 'no-such-bucket' does not exist at " + server.endpoint());
    }

    @Test
    void open_wrongSecret_saysAccessDenied() {
        S3Connection wrong = new S3Connection(server.endpoint(), "us-east-1", S3TestServer.ACCESS_KEY, "not-the-secret", true);
        assertThatThrownBy(() -> S3BlobStore.open(where, wrong))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("access denied to S3 bucket '" + where.bucket() + "'")
                .hasMessageContaining("s3.secret-access-key");
    }

    @Test
    void open_unreachableEndpoint_saysCannotReach() {
        S3Connection nowhere = new S3Connection(URI.create("http://127.0.0.1:1"), "us-east-1", "a", "b", true);
        assertThatThrownBy(() -> S3BlobStore.open(where, nowhere))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot reach S3 at http://127.0.0.1:1: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void open_abortsIncompleteUploadsOlderThanTheCutoff() {
        String key = where.blobsPrefix() + "ab/cd/" + "ab".repeat(32);
        server.admin().createMultipartUpload(b -> b.bucket(where.bucket()).key(key));
        S3BlobStore s3 = (S3BlobStore) store;
        s3.abortStaleUploads(Instant.now().minusSeconds(3600));
        assertThat(server.admin().listMultipartUploads(b -> b.bucket(where.bucket())).uploads()).hasSize(1);
        s3.abortStaleUploads(Instant.now().plusSeconds(60));
        assertThat(server.admin().listMultipartUploads(b -> b.bucket(where.bucket())).uploads()).isEmpty();
    }

    @Test
    void put_processKilledMidUpload_leavesNoVisibleBlob() throws Exception {
        Path spool = Files.createTempDirectory("s3-crash-spool");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + spool, "-cp", System.getProperty("java.class.path"),
                HangingUpload.class.getName(), server.endpoint().toString(), where.bucket(), where.prefix())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("first part uploaded")) {
                // wait until the child is inside put(), with an upload under way
            }
            assertThat(line).as("child output").isEqualTo("first part uploaded");
            child.destroyForcibly(); // SIGKILL: no finally blocks, no abort
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(server.admin().listMultipartUploads(b -> b.bucket(where.bucket())).uploads())
                .as("the child died with an upload started").hasSize(1);
        try (S3BlobStore reopened = S3BlobStore.open(where, server.connection())) {
            assertThat(reopened.list()).isEmpty();
        }
        assertThat(server.admin().listObjectsV2(b -> b.bucket(where.bucket())).contents()).isEmpty();
    }

    /** Child process: puts a 40 MB blob and hangs once the first part of its multipart upload is stored. */
    public static final class HangingUpload {
        public static void main(String[] args) throws Exception {
            ExecutionInterceptor hangAfterFirstPart = new ExecutionInterceptor() {
                @Override
                public void afterExecution(Context.AfterExecution ctx, ExecutionAttributes attrs) {
                    if (ctx.request() instanceof UploadPartRequest) {
                        System.out.println("first part uploaded");
                        System.out.flush();
                        try {
                            new CountDownLatch(1).await(); // until killed
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
            };
            S3Connection c = new S3Connection(URI.create(args[0]), "us-east-1", S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY, true);
            S3BlobStore store = S3BlobStore.open(new S3Location(args[1], args[2]), c,
                    c.clientBuilder().overrideConfiguration(o -> o.addExecutionInterceptor(hangAfterFirstPart)).build());
            store.put(new PatternStream(40L * 1024 * 1024, -1));
        }
    }

    @Test
    void blobIdOf_acceptsOnlyShardedSha256Keys() {
        String sha = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
        assertThat(S3BlobStore.blobIdOf("2c/f2/" + sha)).contains(BlobId.of(sha));
        assertThat(S3BlobStore.blobIdOf("00/f2/" + sha)).isEmpty();
        assertThat(S3BlobStore.blobIdOf(sha)).isEmpty();
        assertThat(S3BlobStore.blobIdOf("2c/f2/" + sha + ".part")).isEmpty();
    }
}
