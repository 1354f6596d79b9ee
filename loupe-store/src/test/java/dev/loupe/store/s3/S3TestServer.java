package dev.loupe.store.s3;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;

/**
 * An S3-compatible server (s3proxy over an in-memory store) in this JVM, on 127.0.0.1 and a free port,
 * requiring AWS signatures with {@link #ACCESS_KEY}/{@link #SECRET_KEY}. For tests; close stops it.
 */
public final class S3TestServer implements AutoCloseable {

    public static final String ACCESS_KEY = "loupe-test";
    public static final String SECRET_KEY = "loupe-test-secret";

    private final S3Proxy proxy;
    private final URI endpoint;
    private final S3Client admin;

    private S3TestServer(S3Proxy proxy) {
        this.proxy = proxy;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        this.admin = connection().clientBuilder().build();
    }

    /** A server keeping objects in memory. */
    public static S3TestServer start() throws Exception {
        return start("transient", new Properties());
    }

    /** A server keeping objects as files under {@code dir}, for blobs too big for the heap. */
    public static S3TestServer startOnDisk(Path dir) throws Exception {
        Properties backend = new Properties();
        backend.setProperty("jclouds.filesystem.basedir", dir.toString());
        return start("filesystem", backend);
    }

    private static S3TestServer start(String provider, Properties backend) throws Exception {
        backend.setProperty("jclouds.identity", ACCESS_KEY);
        backend.setProperty("jclouds.credential", SECRET_KEY);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(BlobStores.create(provider, backend))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .build();
        proxy.start(); // returns once Jetty is listening
        if (!"STARTED".equals(proxy.getState())) {
            throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
        }
        return new S3TestServer(proxy);
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Settings that reach this server with the right credentials. */
    public S3Connection connection() {
        return new S3Connection(endpoint, "us-east-1", ACCESS_KEY, SECRET_KEY, true);
    }

    /** A client for arranging and inspecting tests (create buckets, overwrite objects); owned by the server. */
    public S3Client admin() {
        return admin;
    }

    public void createBucket(String bucket) {
        admin.createBucket(b -> b.bucket(bucket));
    }

    @Override
    public void close() throws Exception {
        admin.close();
        proxy.stop();
    }
}
