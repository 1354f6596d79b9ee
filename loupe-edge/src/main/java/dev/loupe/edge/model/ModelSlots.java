package dev.loupe.edge.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.model.ModelPackage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;

/**
 * Two model slots on the station's disk, {@code a} and {@code b}, and a pointer to the active one: a
 * new model is written into the inactive slot, checked, then the pointer is replaced atomically, so
 * a crash at any moment leaves a whole, working model active and the previous one kept for
 * {@link #rollback()}. Not thread-safe: model sync is the only writer.
 */
public final class ModelSlots {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A model in a slot. */
    public record Installed(String slot, String name, String version, String sha256) {
        public Path zip(Path dir) {
            return dir.resolve("slot-" + slot + ".zip");
        }
    }

    private final Path dir;

    public ModelSlots(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    /** The active model, if one was installed. */
    public Optional<Installed> active() throws IOException {
        Path p = dir.resolve("active");
        if (!Files.exists(p)) {
            return Optional.empty();
        }
        return Optional.of(slot(JSON.readTree(p.toFile()).path("slot").asText()).orElseThrow(
                () -> new IOException("the active model slot in " + dir + " is missing")));
    }

    /** The previous model (the other slot), if any. */
    public Optional<Installed> previous() throws IOException {
        Optional<Installed> a = active();
        return a.isEmpty() ? Optional.empty() : slot(a.get().slot().equals("a") ? "b" : "a");
    }

    /** Reads a slot's package, verifying its checksum. */
    public ModelPackage read(Installed m) throws IOException {
        ModelPackage pkg = ModelPackage.read(m.zip(dir));
        if (!pkg.sha256().equals(m.sha256())) {
            throw new IOException("model slot " + m.slot() + " is corrupt: sha256 " + pkg.sha256() + ", expected " + m.sha256());
        }
        return pkg;
    }

    /** Writes the package into the inactive slot and makes it active; the old active one becomes previous. */
    public Installed install(ModelPackage pkg, String version) throws IOException {
        String slot = active().map(a -> a.slot().equals("a") ? "b" : "a").orElse("a");
        Installed m = new Installed(slot, pkg.descriptor().name(), version, pkg.sha256());
        writeAtomically(m.zip(dir), pkg.toZip());
        writeAtomically(dir.resolve("slot-" + slot + ".json"), JSON.writeValueAsBytes(Map.of(
                "slot", slot, "name", m.name(), "version", version, "sha256", m.sha256())));
        point(slot);
        return m;
    }

    /** Makes the previous model active again; empty when there is none. */
    public Optional<Installed> rollback() throws IOException {
        Optional<Installed> p = previous();
        if (p.isPresent()) {
            point(p.get().slot());
        }
        return p;
    }

    private Optional<Installed> slot(String slot) throws IOException {
        Path meta = dir.resolve("slot-" + slot + ".json");
        if (!Files.exists(meta)) {
            return Optional.empty();
        }
        JsonNode n = JSON.readTree(meta.toFile());
        return Optional.of(new Installed(slot, n.path("name").asText(), n.path("version").asText(), n.path("sha256").asText()));
    }

    private void point(String slot) throws IOException {
        writeAtomically(dir.resolve("active"), JSON.writeValueAsBytes(Map.of("slot", slot)));
    }

    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
