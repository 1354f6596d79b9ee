package dev.loupe.core.model;

import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.Sha256;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A self-describing model: {@code model.onnx} plus its descriptor {@code loupe-model.json}, as a
 * directory or a zip with both files at its root.
 *
 * <p>Identity: {@link #sha256()} is the SHA-256 of the package's canonical zip ({@link #toZip()}: the
 * two entries in a fixed order, stored uncompressed, with a fixed timestamp), so the same model and
 * descriptor give the same id however the package was read, and a package stored in the blob store
 * has that id as its blob id. Immutable and thread-safe.
 */
public final class ModelPackage {

    public static final String ONNX = "model.onnx";
    public static final String DESCRIPTOR = "loupe-model.json";
    private static final LocalDateTime ZIP_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private final ModelDescriptor descriptor;
    private final byte[] onnx;
    private final byte[] zip;
    private final String sha256;

    private ModelPackage(ModelDescriptor descriptor, byte[] onnx) {
        this.descriptor = descriptor;
        this.onnx = onnx.clone();
        this.zip = canonicalZip(ModelDescriptorJson.write(descriptor).getBytes(StandardCharsets.UTF_8), this.onnx);
        this.sha256 = Sha256.of(zip).sha256();
    }

    /** A package of an ONNX model and its descriptor (also the way to wrap a bare ONNX file). */
    public static ModelPackage of(ModelDescriptor descriptor, byte[] onnx) {
        if (onnx.length == 0) {
            throw new ModelPackageException("model.onnx is empty");
        }
        return new ModelPackage(descriptor, onnx);
    }

    /**
     * Reads a package directory or zip file.
     *
     * @throws ModelPackageException when a file is missing or the descriptor is invalid
     */
    public static ModelPackage read(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            Path onnx = path.resolve(ONNX);
            Path json = path.resolve(DESCRIPTOR);
            for (Path p : new Path[]{onnx, json}) {
                if (!Files.isRegularFile(p)) {
                    throw new ModelPackageException(path + " is not a model package: no " + p.getFileName());
                }
            }
            return of(ModelDescriptorJson.read(Files.readString(json)), Files.readAllBytes(onnx));
        }
        if (!Files.isRegularFile(path)) {
            throw new ModelPackageException("no model package at " + path);
        }
        byte[] bytes = Files.readAllBytes(path);
        if (!isZip(bytes)) {
            throw new ModelPackageException(path + " is not a model package: neither a zip nor a directory");
        }
        return fromZip(bytes);
    }

    /** Reads a package from zip bytes. */
    public static ModelPackage fromZip(byte[] zipBytes) {
        if (!isZip(zipBytes)) {
            // ZipInputStream reads any other bytes as a zip with no entries, which would blame missing entries
            throw new ModelPackageException("not a model package: not a zip");
        }
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zipBytes))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (!e.isDirectory() && (e.getName().equals(ONNX) || e.getName().equals(DESCRIPTOR))) {
                    entries.put(e.getName(), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new ModelPackageException("not a readable model package zip: " + e.getMessage(), e);
        }
        for (String name : new String[]{ONNX, DESCRIPTOR}) {
            if (!entries.containsKey(name)) {
                throw new ModelPackageException("not a model package: the zip has no " + name + " at its root");
            }
        }
        return of(ModelDescriptorJson.read(new String(entries.get(DESCRIPTOR), StandardCharsets.UTF_8)), entries.get(ONNX));
    }

    /** Whether the bytes open as a zip: a local file header, or the end record of an empty zip (APPNOTE 4.3.7, 4.3.16). */
    private static boolean isZip(byte[] b) {
        return b.length >= 4 && b[0] == 'P' && b[1] == 'K'
                && ((b[2] == 3 && b[3] == 4) || (b[2] == 5 && b[3] == 6));
    }

    /** Loads a package stored with {@link #store}. */
    public static ModelPackage load(BlobStore blobs, BlobId id) throws IOException {
        return fromZip(blobs.read(id));
    }

    /** Stores the canonical zip in the blob store; the returned id equals {@link #sha256()}. */
    public BlobId store(BlobStore blobs) {
        return blobs.put(zip);
    }

    public ModelDescriptor descriptor() {
        return descriptor;
    }

    /** The ONNX model's bytes (a copy). */
    public byte[] onnx() {
        return onnx.clone();
    }

    /** The package's identity: the hex SHA-256 of its canonical zip. */
    public String sha256() {
        return sha256;
    }

    /** The canonical zip's bytes (a copy). */
    public byte[] toZip() {
        return zip.clone();
    }

    /** The same model with another descriptor (a new threshold, metrics, name): a new identity. */
    public ModelPackage withDescriptor(ModelDescriptor d) {
        return new ModelPackage(d, onnx);
    }

    /** Writes {@code model.onnx} and {@code loupe-model.json} into a directory, creating it. */
    public void writeDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(ONNX), onnx);
        Files.writeString(dir.resolve(DESCRIPTOR), ModelDescriptorJson.write(descriptor));
    }

    /** Writes the canonical zip to a file, replacing it: a temporary file renamed, so no reader sees half a zip. */
    public void writeZip(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, zip);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public String toString() {
        return descriptor.name() + " (sha256:" + sha256.substring(0, 12) + ")";
    }

    private static byte[] canonicalZip(byte[] json, byte[] onnx) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(onnx.length + json.length + 512);
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setMethod(ZipOutputStream.STORED);
            entry(zip, ONNX, onnx);
            entry(zip, DESCRIPTOR, json);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a zip to memory failed", e);
        }
        return bytes.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setTimeLocal(ZIP_TIME);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }
}
