package dev.loupe.monitor.log;

import dev.loupe.core.monitoring.PackedImages;
import dev.loupe.core.store.BlobId;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * {@link PackedImages} in maps, for the recorder's and retention's tests (the JDBC adapter passes the contract in
 * loupe-store). Packs are dated by the clock; the log says which images a logged prediction refers to.
 */
final class MemoryPackedImages implements PackedImages {
    private record Placed(PackedImage where, Instant at) {
    }

    private final Map<BlobId, Placed> rows = new ConcurrentHashMap<>();
    private final Map<BlobId, Instant> written = new ConcurrentHashMap<>();
    private final Clock clock;
    private final MemoryPredictionLog log;

    MemoryPackedImages() {
        this(Clock.systemUTC(), new MemoryPredictionLog());
    }

    MemoryPackedImages(Clock clock, MemoryPredictionLog log) {
        this.clock = clock;
        this.log = log;
    }

    @Override
    public synchronized void add(List<PackedImage> images) {
        Instant now = clock.instant();
        images.forEach(p -> {
            rows.put(p.image(), new Placed(p, now));
            written.put(p.pack(), now);
        });
    }

    @Override
    public Optional<PackedImage> find(BlobId image) {
        return Optional.ofNullable(rows.get(image)).map(Placed::where);
    }

    @Override
    public synchronized Map<BlobId, Set<BlobId>> packsHolding(Collection<BlobId> images, Instant placedBefore) {
        Set<BlobId> packs = new HashSet<>();
        images.forEach(i -> find(i).ifPresent(p -> packs.add(p.pack())));
        Map<BlobId, Set<BlobId>> out = new HashMap<>();
        Set<BlobId> recent = new HashSet<>();
        rows.values().stream().filter(p -> packs.contains(p.where().pack())).forEach(p -> {
            out.computeIfAbsent(p.where().pack(), k -> new HashSet<>()).add(p.where().image());
            if (!p.at().isBefore(placedBefore)) {
                recent.add(p.where().pack());
            }
        });
        out.keySet().removeAll(recent);
        return out;
    }

    @Override
    public synchronized int forgetPack(BlobId pack) {
        int before = rows.size();
        rows.values().removeIf(p -> p.where().pack().equals(pack));
        written.remove(pack);
        return before - rows.size();
    }

    @Override
    public synchronized List<BlobId> emptyPacks(Instant writtenBefore, Optional<BlobId> after, int limit) {
        Map<BlobId, Set<BlobId>> byPack = byPack();
        return written(writtenBefore, after).stream().filter(p -> !byPack.containsKey(p)).limit(limit).toList();
    }

    @Override
    public synchronized SequencedMap<BlobId, Set<BlobId>> unloggedPacks(Instant writtenBefore, Optional<BlobId> after, int limit) {
        Map<BlobId, Set<BlobId>> byPack = byPack();
        Set<BlobId> logged = log.all().stream().flatMap(p -> p.image().stream()).collect(Collectors.toSet());
        SequencedMap<BlobId, Set<BlobId>> out = new LinkedHashMap<>();
        written(writtenBefore, after).stream()
                .filter(p -> byPack.containsKey(p) && byPack.get(p).stream().noneMatch(logged::contains))
                .limit(limit).forEach(p -> out.put(p, byPack.get(p)));
        return out;
    }

    private Map<BlobId, Set<BlobId>> byPack() {
        Map<BlobId, Set<BlobId>> out = new HashMap<>();
        rows.values().forEach(p -> out.computeIfAbsent(p.where().pack(), k -> new HashSet<>()).add(p.where().image()));
        return out;
    }

    /** The packs written before the time, after the id, in id order. */
    private List<BlobId> written(Instant before, Optional<BlobId> after) {
        return new TreeMap<>(written).entrySet().stream()
                .filter(e -> e.getValue().isBefore(before) && after.map(a -> e.getKey().compareTo(a) > 0).orElse(true))
                .map(Map.Entry::getKey).toList();
    }
}
