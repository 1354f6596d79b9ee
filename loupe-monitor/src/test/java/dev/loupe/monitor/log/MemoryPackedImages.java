package dev.loupe.monitor.log;

import dev.loupe.core.monitoring.PackedImages;
import dev.loupe.core.store.BlobId;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** {@link PackedImages} in a map, for the recorder's tests (the JDBC adapter passes the contract in loupe-store). */
final class MemoryPackedImages implements PackedImages {
    private final Map<BlobId, PackedImage> rows = new ConcurrentHashMap<>();

    @Override
    public void add(List<PackedImage> images) {
        images.forEach(p -> rows.put(p.image(), p));
    }

    @Override
    public Optional<PackedImage> find(BlobId image) {
        return Optional.ofNullable(rows.get(image));
    }

    @Override
    public Map<BlobId, Set<BlobId>> packsHolding(Collection<BlobId> images, java.time.Instant placedBefore) {
        Set<BlobId> packs = new HashSet<>();
        images.forEach(i -> find(i).ifPresent(p -> packs.add(p.pack())));
        Map<BlobId, Set<BlobId>> out = new HashMap<>();
        rows.values().stream().filter(p -> packs.contains(p.pack()))
                .forEach(p -> out.computeIfAbsent(p.pack(), k -> new HashSet<>()).add(p.image()));
        return out;
    }

    @Override
    public int forgetPack(BlobId pack) {
        int before = rows.size();
        rows.values().removeIf(p -> p.pack().equals(pack));
        return before - rows.size();
    }
}
