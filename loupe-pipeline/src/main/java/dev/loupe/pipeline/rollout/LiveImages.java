package dev.loupe.pipeline.rollout;

import dev.loupe.core.image.Images;
import dev.loupe.core.monitoring.Feedback;
import dev.loupe.core.monitoring.LoggedImages;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.monitoring.PredictionQuery;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** Sources of live images for {@link InProcessRollout}: each an endless supplier, cycling a finite set. */
public final class LiveImages {
    private LiveImages() {
    }

    /** Cycles through the images forever, in order. Thread-safe. */
    public static Supplier<LiveImage> cycle(List<LiveImage> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no live images to replay");
        }
        List<LiveImage> copy = List.copyOf(images);
        long[] next = {0};
        return () -> {
            synchronized (next) {
                return copy.get((int) (next[0]++ % copy.size()));
            }
        };
    }

    /**
     * The image files under a folder (the names {@link Images#EXTENSIONS} lists, in any case: the formats the
     * decoder reads), in path order; an image's label is its parent folder's name when
     * that is one of {@code labels} (an ImageFolder layout), else unknown.
     */
    public static List<LiveImage> folder(Path dir, Set<String> labels) throws IOException {
        List<LiveImage> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(LiveImages::isImage).sorted().toList()) {
                String parent = f.getParent() == null ? "" : f.getParent().getFileName().toString();
                out.add(new LiveImage(dir.relativize(f).toString(), Files.readAllBytes(f),
                        labels.contains(parent) ? Optional.of(parent) : Optional.empty()));
            }
        }
        return out;
    }

    /**
     * The newest logged predictions of a model whose image was kept, oldest first, with the newest
     * feedback label of each when there is one: production traffic replayed.
     */
    public static List<LiveImage> logged(MetadataStore metadata, BlobStore blobs, String model, int limit) {
        List<LoggedPrediction> kept = new ArrayList<>(metadata.predictions()
                .query(PredictionQuery.since(model, Instant.EPOCH, Integer.MAX_VALUE)).stream()
                .filter(p -> p.image().isPresent()).toList());
        kept.sort(Comparator.comparing(LoggedPrediction::time).reversed());
        List<LiveImage> out = new ArrayList<>();
        LoggedImages images = new LoggedImages(blobs, metadata.packedImages());
        for (LoggedPrediction p : kept.subList(0, Math.min(limit, kept.size())).reversed()) {
            List<Feedback> fb = metadata.feedback().forRequest(p.requestId());
            try {
                out.add(new LiveImage(p.requestId(), images.read(p.image().get()),
                        fb.isEmpty() ? Optional.empty() : Optional.of(fb.getLast().label())));
            } catch (IOException e) {
                throw new UncheckedIOException("logged image of " + p.requestId() + " is unreadable", e);
            }
        }
        return out;
    }

    private static boolean isImage(Path f) {
        return Images.hasImageExtension(f.getFileName().toString());
    }
}
