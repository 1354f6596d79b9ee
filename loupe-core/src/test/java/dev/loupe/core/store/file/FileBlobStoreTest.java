package dev.loupe.core.store.file;

import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.BlobStoreContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class FileBlobStoreTest extends BlobStoreContract {

    @TempDir
    Path dir;

    @Override
    protected BlobStore newStore() throws IOException {
        return new FileBlobStore(dir);
    }

    @Override
    protected void corrupt(BlobId id, byte[] replacement) throws IOException {
        Files.write(dir.resolve("blobs").resolve(id.shard()).resolve(id.sha256()), replacement);
    }

    @Test
    void put_processKilledMidPut_leavesNoVisibleBlob() throws Exception {
        Path root = dir.resolve("killed");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EndlessPut.class.getName(), root.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("writing")) {
                // wait until the child is inside put(), with bytes on disk
            }
            assertThat(line).as("child output").isEqualTo("writing");
            awaitPartialBytes(root.resolve("tmp"));
            child.destroyForcibly(); // SIGKILL: no finally blocks, no cleanup
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (FileBlobStore reopened = new FileBlobStore(root)) {
            assertThat(reopened.list()).isEmpty();
        }
        try (Stream<Path> blobs = Files.walk(root.resolve("blobs"))) {
            assertThat(blobs.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void open_sweepsOrphansOlderThanAnHour_keepsRecentOnes() throws IOException {
        try (FileBlobStore s = new FileBlobStore(dir)) {
            assertThat(s.list()).isEmpty();
        }
        Path old = Files.writeString(dir.resolve("tmp/old.part"), "x");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(FileBlobStore.ORPHAN_AGE).minusSeconds(60)));
        Path recent = Files.writeString(dir.resolve("tmp/recent.part"), "y");
        new FileBlobStore(dir).close();
        assertThat(old).doesNotExist();
        assertThat(recent).exists();
    }

    private static void awaitPartialBytes(Path tmp) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> parts = Files.list(tmp)) {
                if (parts.anyMatch(p -> {
                    try {
                        return Files.size(p) > 1_000_000;
                    } catch (IOException e) {
                        return false;
                    }
                })) {
                    return;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the child never wrote a partial blob");
    }

    /** Child process: puts a never-ending stream until killed. */
    public static final class EndlessPut {
        public static void main(String[] args) throws IOException {
            FileBlobStore store = new FileBlobStore(Path.of(args[0]));
            System.out.println("writing");
            System.out.flush();
            store.put(new PatternStream(Long.MAX_VALUE, -1));
        }
    }
}
