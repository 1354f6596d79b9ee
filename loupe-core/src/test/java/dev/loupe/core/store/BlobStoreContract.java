package dev.loupe.core.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link BlobStore} contract. Every adapter's test extends this and supplies a fresh, empty store;
 * an adapter is done when it passes.
 */
public abstract class BlobStoreContract {

    protected BlobStore store;

    /** A new, empty store. */
    protected abstract BlobStore newStore() throws Exception;

    /** Overwrites the stored bytes of a blob behind the store's back (to test verification). */
    protected abstract void corrupt(BlobId id, byte[] replacement) throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void put_returnsSha256OfContent() throws IOException {
        BlobId id = store.put("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(id.sha256()).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertThat(store.exists(id)).isTrue();
        assertThat(store.size(id)).isEqualTo(5);
        assertThat(new String(store.read(id), StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void readRange_givesTheBytesAtThatOffset() throws IOException {
        BlobId id = store.put("one two three".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(store.readRange(id, 4, 3), StandardCharsets.UTF_8)).isEqualTo("two");
        assertThat(new String(store.readRange(id, 8, 5), StandardCharsets.UTF_8)).isEqualTo("three");
        assertThat(store.readRange(id, 13, 0)).isEmpty();
    }

    @Test
    void readRange_pastTheEnd_isAnEofError() throws IOException {
        BlobId id = store.put("short".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.readRange(id, 3, 10)).isInstanceOf(java.io.EOFException.class);
        assertThatThrownBy(() -> store.readRange(id, 100, 1)).isInstanceOf(java.io.EOFException.class);
    }

    @Test
    void readRange_missingBlob_isNoSuchBlob() {
        BlobId absent = BlobId.of("0".repeat(64));
        assertThatThrownBy(() -> store.readRange(absent, 0, 1)).isInstanceOf(NoSuchBlobException.class);
    }

    @Test
    void put_sameContentTwice_storesOnce() throws IOException {
        BlobId a = store.put(new byte[]{1, 2, 3});
        BlobId b = store.put(new byte[]{1, 2, 3});
        assertThat(a).isEqualTo(b);
        assertThat(store.list()).containsExactly(a);
    }

    @Test
    void put_emptyContent_isABlob() throws IOException {
        BlobId id = store.put(new byte[0]);
        assertThat(id.sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(store.read(id)).isEmpty();
    }

    @Test
    void put_streamsLargerThanBuffers() throws IOException {
        long size = 24L * 1024 * 1024 + 13; // spans many buffers and S3 multipart parts
        BlobId id = store.put(new PatternStream(size, -1));
        assertThat(store.size(id)).isEqualTo(size);
        try (InputStream in = store.open(id)) {
            assertThat(in.transferTo(OutputStreamDiscard.INSTANCE)).isEqualTo(size);
        }
    }

    @Test
    void put_inputFailsMidway_leavesNothingVisible() throws IOException {
        assertThatThrownBy(() -> store.put(new PatternStream(10L * 1024 * 1024, 6L * 1024 * 1024)))
                .isInstanceOf(IOException.class).hasMessageContaining("simulated crash");
        assertThat(store.list()).isEmpty();
    }

    @Test
    void open_missingBlob_throwsNoSuchBlob() {
        BlobId missing = Sha256.of("never stored".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.open(missing)).isInstanceOf(NoSuchBlobException.class);
        assertThatThrownBy(() -> store.size(missing)).isInstanceOf(NoSuchBlobException.class);
    }

    @Test
    void open_corruptedContent_failsVerification() throws Exception {
        BlobId id = store.put("original content".getBytes(StandardCharsets.UTF_8));
        corrupt(id, "tampered content".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.read(id)).isInstanceOf(BlobIntegrityException.class)
                .hasMessageContaining(id.sha256());
    }

    @Test
    void list_returnsAllInIdOrder() throws IOException {
        List<BlobId> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(store.put(("blob " + i).getBytes(StandardCharsets.UTF_8)));
        }
        ids.sort(null);
        assertThat(store.list()).containsExactlyElementsOf(ids);
    }

    @Test
    void delete_removesOnlyThatBlob() throws IOException {
        BlobId a = store.put(new byte[]{1});
        BlobId b = store.put(new byte[]{2});
        assertThat(store.delete(a)).isTrue();
        assertThat(store.delete(a)).isFalse();
        assertThat(store.exists(a)).isFalse();
        assertThat(store.list()).containsExactly(b);
    }

    @Test
    void put_concurrentSameContent_allSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<BlobId>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> store.put(new PatternStream(300_000, -1))));
            }
            BlobId first = results.getFirst().get();
            for (Future<BlobId> f : results) {
                assertThat(f.get()).isEqualTo(first);
            }
            assertThat(store.list()).containsExactly(first);
            assertThat(store.size(first)).isEqualTo(300_000);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A deterministic byte stream of a set length, optionally failing at a set offset. */
    public static final class PatternStream extends InputStream {
        private final long size;
        private final long failAt;
        private long pos;

        public PatternStream(long size, long failAt) {
            this.size = size;
            this.failAt = failAt;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (failAt >= 0 && pos >= failAt) {
                throw new IOException("simulated crash after " + pos + " bytes");
            }
            if (pos >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - pos);
            if (failAt >= 0) {
                n = (int) Math.min(n, failAt - pos);
            }
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) ((pos + i) * 31 + ((pos + i) >>> 11));
            }
            pos += n;
            return n;
        }
    }

    private static final class OutputStreamDiscard extends java.io.OutputStream {
        static final OutputStreamDiscard INSTANCE = new OutputStreamDiscard();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }

    static ByteArrayInputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
