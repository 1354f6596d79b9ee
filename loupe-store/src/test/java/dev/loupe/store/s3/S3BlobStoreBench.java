package dev.loupe.store.s3;

import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.BlobStoreContract.PatternStream;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Puts and reads back one large blob through {@link S3BlobStore} against s3proxy on disk, in this JVM,
 * and prints throughput and peak heap: run with a small heap to show memory does not grow with size.
 *
 * <pre>
 * ./mvnw -B -q -ntp -pl loupe-store -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -Xmx256m -cp loupe-store/target/test-classes:loupe-store/target/classes:$(cat loupe-store/target/test-classpath.txt) \
 *     dev.loupe.store.s3.S3BlobStoreBench 2048
 * </pre>
 * The argument is the blob size in MiB (default 2048).
 */
public final class S3BlobStoreBench {
    private S3BlobStoreBench() {
    }

    public static void main(String[] args) throws Exception {
        long size = (args.length > 0 ? Long.parseLong(args[0]) : 2048) * 1024 * 1024;
        Path dir = Files.createTempDirectory("s3-bench");
        try (S3TestServer server = S3TestServer.startOnDisk(dir)) {
            server.createBucket("bench");
            try (S3BlobStore store = S3BlobStore.open(new S3Location("bench", "loupe"), server.connection())) {
                long t0 = System.nanoTime();
                BlobId id = store.put(new PatternStream(size, -1));
                long t1 = System.nanoTime();
                long read;
                try (InputStream in = store.open(id)) {
                    read = in.transferTo(OutputStream.nullOutputStream()); // verified against the id at the end
                }
                long t2 = System.nanoTime();
                if (read != size || store.size(id) != size) {
                    throw new AssertionError("read " + read + " of " + size + " bytes");
                }
                double mib = size / (1024.0 * 1024.0);
                System.out.printf("blob %.0f MiB  put %.1f s (%.0f MiB/s, spool + upload)  verified read %.1f s (%.0f MiB/s)%n",
                        mib, (t1 - t0) / 1e9, mib / ((t1 - t0) / 1e9), (t2 - t1) / 1e9, mib / ((t2 - t1) / 1e9));
                long peak = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP) {
                        peak += pool.getPeakUsage().getUsed();
                    }
                }
                System.out.printf("peak heap %.0f MiB (max %.0f MiB), client and s3proxy in one JVM%n",
                        peak / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
