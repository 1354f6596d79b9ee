package dev.loupe.monitor.log;

import dev.loupe.core.monitoring.PackedImages;
import dev.loupe.core.store.BlobId;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link PackedImages} in a map, for the recorder's tests (the JDBC adapter passes the contract in loupe-store). */
final class MemoryPackedImages implements PackedImages {
    private final Map<BlobId, PackedImage> rows = new ConcurrentHashMap<>();

    @Override
    public void add(List<PackedImage> images) {
        images.forEach(p -> rows.putIfAbsent(p.image(), p));
    }

    @Override
    public Optional<PackedImage> find(BlobId image) {
        return Optional.ofNullable(rows.get(image));
    }
}
