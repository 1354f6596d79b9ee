package dev.loupe.core.store.file;

import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.NoSuchBlobException;
import dev.loupe.core.store.Sha256;
import dev.loupe.core.store.VerifyingInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Blobs as files under a root directory: {@code blobs/ab/cd/<sha256>}.
 *
 * <p>A put streams into {@code tmp/<random>} on the same file system, fsyncs it, and only then renames
 * it into place with an atomic move. A reader therefore sees either no blob or the whole blob; a crash
 * mid-put leaves at most an orphan in {@code tmp/}, which is invisible to every read and is swept away
 * when a store is next opened on the directory (orphans older than {@link #ORPHAN_AGE}).
 */
public final class FileBlobStore implements BlobStore {

    static final Duration ORPHAN_AGE = Duration.ofHours(1);

    /** Bytes per write call: a pack of small images is hundreds of them, each its own syscall unbuffered. */
    private static final int WRITE_BUFFER = 1 << 16;

    private final Path root;
    private final Path blobs;
    private final Path tmp;

    public FileBlobStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.blobs = this.root.resolve("blobs");
        this.tmp = this.root.resolve("tmp");
        Files.createDirectories(blobs);
        Files.createDirectories(tmp);
        sweepOrphans();
    }

    @Override
    public BlobId put(InputStream in) throws IOException {
        Path part = tmp.resolve(UUID.randomUUID() + ".part");
        try {
            MessageDigest digest = Sha256.newDigest();
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = new DigestOutputStream(new java.io.BufferedOutputStream(
                         java.nio.channels.Channels.newOutputStream(channel), WRITE_BUFFER), digest)) {
                in.transferTo(out);
                out.flush();
                channel.force(true);
            }
            BlobId id = BlobId.fromDigest(digest.digest());
            Path target = pathOf(id);
            if (Files.exists(target)) {
                return id; // already stored: content addressing makes this a no-op
            }
            if (!Files.isDirectory(target.getParent())) { // createDirectories throws and catches when it exists
                Files.createDirectories(target.getParent());
            }
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException raced) {
                if (!Files.exists(target)) {
                    throw raced;
                }
            }
            return id;
        } finally {
            Files.deleteIfExists(part);
        }
    }

    @Override
    public InputStream open(BlobId id) throws IOException {
        try {
            return new VerifyingInputStream(Files.newInputStream(pathOf(id)), id);
        } catch (NoSuchFileException e) {
            throw new NoSuchBlobException(id, location());
        }
    }

    @Override
    public byte[] readRange(BlobId id, long offset, int length) throws IOException {
        BlobStore.requireRange(offset, length);
        try (FileChannel channel = FileChannel.open(pathOf(id), StandardOpenOption.READ)) {
            java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(length);
            while (out.hasRemaining()) {
                if (channel.read(out, offset + out.position()) < 0) {
                    throw new java.io.EOFException("blob " + id + " ends before byte " + (offset + length));
                }
            }
            return out.array();
        } catch (NoSuchFileException e) {
            throw new NoSuchBlobException(id, location());
        }
    }

    @Override
    public boolean exists(BlobId id) {
        return Files.isRegularFile(pathOf(id));
    }

    @Override
    public long size(BlobId id) throws IOException {
        try {
            return Files.size(pathOf(id));
        } catch (NoSuchFileException e) {
            throw new NoSuchBlobException(id, location());
        }
    }

    @Override
    public List<BlobId> list() throws IOException {
        List<BlobId> ids = new ArrayList<>();
        try (Stream<Path> files = Files.walk(blobs, 3)) {
            files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(name -> name.length() == 64)
                    .forEach(name -> {
                        try {
                            ids.add(BlobId.of(name));
                        } catch (IllegalArgumentException notABlob) {
                            // stray file in the tree: not ours, not listed
                        }
                    });
        }
        ids.sort(null);
        return ids;
    }

    @Override
    public boolean delete(BlobId id) throws IOException {
        return Files.deleteIfExists(pathOf(id));
    }

    @Override
    public String location() {
        return root.toUri().toString();
    }

    /** The directory this store lives in. */
    public Path root() {
        return root;
    }

    @Override
    public void close() {
        // nothing held open between calls
    }

    private Path pathOf(BlobId id) {
        return blobs.resolve(id.shard()).resolve(id.sha256());
    }

    private void sweepOrphans() throws IOException {
        Instant cutoff = Instant.now().minus(ORPHAN_AGE);
        try (Stream<Path> parts = Files.list(tmp)) {
            for (Path p : (Iterable<Path>) parts::iterator) {
                try {
                    if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException e) {
                    // another process may own or have removed it; leave it
                }
            }
        }
    }
}
