package dev.loupe.data.imports;

import dev.loupe.core.dataset.DatasetRepository;
import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;
import dev.loupe.core.image.ImageDecodeException;
import dev.loupe.core.image.ImageStats;
import dev.loupe.core.image.Images;
import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.Sha256;
import dev.loupe.data.version.StableSplitter;
import dev.loupe.data.version.UnknownDatasetException;
import dev.loupe.data.version.VersionId;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Imports a folder or manifest as an immutable dataset version.
 *
 * <p>Steps: the layout lists the files; a thread pool reads each file, stores its bytes in the blob store
 * (skipped when a blob with that hash exists, so nothing is stored twice), decodes it and computes its
 * {@link ImageStats}; a file that does not decode is kept as an {@link Sample.ImageInfo.Unreadable} sample.
 * Splits come from the source or from {@link StableSplitter}; the version id is {@link VersionId#of}. If
 * the name already has a version with that id, nothing is written and that version is returned.
 *
 * <p>Thread-safe; the stores are not owned (the caller closes them).
 */
public final class DatasetImporter {
    private final DatasetRepository repository;
    private final BlobStore blobs;
    private final Clock clock;
    private final String user;
    private final int threads;

    /**
     * @param user    recorded as the versions' creator
     * @param threads parallel file readers and decoders (decoding is CPU-bound; storing waits on fsync)
     */
    public DatasetImporter(DatasetRepository repository, BlobStore blobs, Clock clock, String user, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.repository = repository;
        this.blobs = blobs;
        this.clock = clock;
        this.user = user;
        this.threads = threads;
    }

    /** An importer using the system clock, the OS user name and two threads per core. */
    public static DatasetImporter of(DatasetRepository repository, BlobStore blobs) {
        return new DatasetImporter(repository, blobs, Clock.systemUTC(), System.getProperty("user.name", "unknown"),
                2 * Runtime.getRuntime().availableProcessors());
    }

    /**
     * Imports the request's source.
     *
     * @throws IOException              when the source cannot be listed (a missing directory, a malformed manifest)
     *                                  or holds no image file ({@link NoImageFilesException})
     * @throws UnknownDatasetException  when the parent names no stored version
     */
    public ImportResult importFrom(ImportRequest request) throws IOException {
        Optional<String> parent = request.parent().map(ref -> repository.resolve(ref)
                .orElseThrow(() -> new UnknownDatasetException(ref)).toString());
        if (!Files.exists(request.source())) {
            throw new java.io.FileNotFoundException(request.source() + " does not exist");
        }
        ImportFormat format = request.format().isPresent() ? request.format().get() : ImportFormat.detect(request.source());
        Scan scan = format.layout().scan(request.source());
        if (scan.files().isEmpty()) {
            throw new NoImageFilesException("no image files found in " + request.source() + " as " + format.lower()
                    + (scan.skipped().isEmpty() ? "" : " (" + scan.skipped().size() + " entries skipped, e.g. "
                    + scan.skipped().getFirst() + ")"));
        }
        List<String> skipped = new ArrayList<>(scan.skipped());
        List<Ingested> ingested = ingestAll(scan.files(), skipped);

        List<StableSplitter.Item> toSplit = ingested.stream().filter(i -> i.src().split().isEmpty())
                .map(i -> new StableSplitter.Item(i.src().label().orElse(""), i.blob().sha256(), i.src().path())).toList();
        Map<String, Split> assigned = new StableSplitter(request.ratios()).assign(new ArrayList<>(toSplit));
        List<Sample> samples = ingested.stream().map(i -> new Sample(i.src().path(), i.blob(), i.src().label(),
                        i.src().annotations(), i.src().split().orElseGet(() -> assigned.get(i.src().path())),
                        i.src().metadata(), i.image()))
                .sorted(Comparator.comparing(Sample::path)).toList();

        String id = VersionId.of(samples, request.ratios());
        DatasetVersion version = new DatasetVersion(request.name(), id, parent,
                request.source().toAbsolutePath().normalize().toString(), user, clock.instant(), samples.size(),
                labelCounts(samples), splitCounts(samples));
        boolean created = repository.save(version, samples);
        if (!created) {
            version = repository.resolve(version.ref()).orElse(version);
        }
        int unreadable = (int) samples.stream().filter(s -> !s.readable()).count();
        int newBlobs = (int) ingested.stream().filter(Ingested::newBlob).count();
        return new ImportResult(version, created, format, unreadable, newBlobs, skipped);
    }

    /** The source file itself cannot be read (permissions, vanished): skipped, not fatal. */
    private static final class SourceUnreadable extends RuntimeException {
        SourceUnreadable(IOException cause) {
            super(cause);
        }
    }

    private record Ingested(SourceFile src, BlobId blob, boolean newBlob, Sample.ImageInfo image) {
    }

    private List<Ingested> ingestAll(List<SourceFile> files, List<String> skipped) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "loupe-import");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Ingested>> futures = new ArrayList<>(files.size());
            for (SourceFile f : files) {
                futures.add(pool.submit(() -> ingest(f)));
            }
            List<Ingested> out = new ArrayList<>(files.size());
            for (int i = 0; i < futures.size(); i++) {
                try {
                    out.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof SourceUnreadable u) {
                        skipped.add(files.get(i).path() + ": cannot read: " + u.getCause().getMessage());
                    } else if (e.getCause() instanceof IOException io) {
                        throw io; // the blob store failed: the import cannot be completed
                    } else {
                        throw new IllegalStateException("importing " + files.get(i).path() + " failed", e.getCause());
                    }
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("import interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private Ingested ingest(SourceFile f) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(f.file());
        } catch (IOException e) {
            throw new SourceUnreadable(e);
        }
        BlobId id = Sha256.of(bytes);
        boolean fresh = !blobs.exists(id);
        if (fresh) {
            blobs.put(bytes);
        }
        return new Ingested(f, id, fresh, describe(bytes));
    }

    /**
     * Decodes the bytes: format, size, channels and statistics, or why they are not an image. Public so
     * that versions assembled from other sources (the pipeline's production images) describe images alike.
     */
    public static Sample.ImageInfo describe(byte[] bytes) {
        try {
            BufferedImage img = Images.decode(bytes);
            return new Sample.ImageInfo.Decoded(Images.sniffFormat(bytes), img.getWidth(), img.getHeight(),
                    Images.channels(img), ImageStats.of(img));
        } catch (ImageDecodeException e) {
            return new Sample.ImageInfo.Unreadable(e.getMessage());
        }
    }

    private static Map<String, Integer> labelCounts(List<Sample> samples) {
        Map<String, Integer> m = new TreeMap<>();
        samples.forEach(s -> m.merge(s.label().orElse(""), 1, Integer::sum));
        return m;
    }

    private static Map<Split, Integer> splitCounts(List<Sample> samples) {
        Map<Split, Integer> m = new EnumMap<>(Split.class);
        samples.forEach(s -> m.merge(s.split(), 1, Integer::sum));
        return m;
    }
}
