package dev.loupe.data.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a synthetic dataset: {@code images/NNNNNN.png} (named by frame index, at least 6 digits),
 * {@code manifest.csv} (one row per image, in frame order, see {@link ManifestCsv}) and
 * {@code generation.json} (the request, to regenerate it). The same request gives byte-identical files
 * whatever the thread count. Frames are rendered and encoded in chunks on {@code threads} workers.
 */
public final class DatasetGenerator {
    private static final int CHUNK = 64;

    private DatasetGenerator() {
    }

    /**
     * Generates the dataset.
     *
     * @throws IllegalStateException when {@code out} already holds a dataset (a manifest or numbered images)
     *                               and overwrite is off; an overwrite deletes only the numbered images
     * @throws IOException           when a file cannot be written
     */
    public static GenerationSummary generate(GenerateRequest request) throws IOException {
        Path out = request.out();
        Path images = out.resolve("images");
        Path manifest = out.resolve(ManifestCsv.FILE_NAME);
        boolean occupied = Files.exists(manifest) || !oldImages(images).isEmpty();
        if (occupied && !request.overwrite()) {
            throw new IllegalStateException(out + " already holds a generated dataset (manifest.csv or images/*.png)");
        }
        Files.createDirectories(images);
        for (Path old : oldImages(images)) {
            Files.delete(old);
        }

        long start = System.nanoTime();
        ProductionLine line = new ProductionLine(request.scenario(), request.seed(), request.lineOptions());
        SimulatedAnnotators annotators = new SimulatedAnnotators(request.seed(), request.annotators());
        int digits = Math.max(6, String.valueOf(request.count() - 1).length());
        String[] rows = new String[request.count()];
        DefectType[] types = new DefectType[request.count()];
        PngEncoder png = PngEncoder.fast();

        try (ExecutorService pool = Executors.newFixedThreadPool(request.threads(), Thread.ofPlatform()
                .name("loupe-generate-", 0).daemon(true).factory())) {
            List<Future<?>> tasks = new ArrayList<>();
            for (int from = 0; from < request.count(); from += CHUNK) {
                int first = from, last = Math.min(request.count(), from + CHUNK);
                tasks.add(pool.submit(() -> {
                    for (int i = first; i < last; i++) {
                        Frame frame = line.frame(i);
                        String file = "images/" + pad(i, digits) + ".png";
                        write(out.resolve(file), png.encode(frame.image()));
                        rows[i] = ManifestCsv.row(file, frame.factors(), annotators.label(frame.factors()));
                        types[i] = frame.factors().defectType();
                    }
                }));
            }
            await(tasks);
        }

        StringBuilder csv = new StringBuilder(request.count() * 128);
        csv.append(ManifestCsv.header(request.annotators())).append('\n');
        for (String row : rows) {
            csv.append(row).append('\n');
        }
        Files.writeString(manifest, csv, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("generation.json"), describe(request), StandardCharsets.UTF_8);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        Map<DefectType, Integer> byType = new EnumMap<>(DefectType.class);
        for (DefectType t : DefectType.values()) {
            if (t != DefectType.NONE) {
                byType.put(t, 0);
            }
        }
        for (DefectType t : types) {
            if (t != DefectType.NONE) {
                byType.merge(t, 1, Integer::sum);
            }
        }
        return new GenerationSummary(out, request.count(), byType, elapsed);
    }

    /** The request as JSON, keys in a fixed order (no timestamps: the file is part of the deterministic output). */
    static String describe(GenerateRequest r) {
        return "{\n"
                + "  \"generator\": \"loupe synthetic production line\",\n"
                + "  \"scenario\": \"" + r.scenario().cliName() + "\",\n"
                + "  \"seed\": " + r.seed() + ",\n"
                + "  \"count\": " + r.count() + ",\n"
                + "  \"size\": " + r.size() + ",\n"
                + "  \"defect_rate\": " + r.defectRate() + ",\n"
                + "  \"annotators\": " + r.annotators() + ",\n"
                + "  \"onset_frame\": " + Scenario.onsetFrame(r.count()) + "\n"
                + "}\n";
    }

    /** Numbered PNGs a previous run left in {@code images/}: the only files an overwrite deletes. */
    private static List<Path> oldImages(Path images) throws IOException {
        if (!Files.isDirectory(images)) {
            return List.of();
        }
        List<Path> old = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(images, "[0-9]*.png")) {
            found.forEach(old::add);
        }
        return old;
    }

    private static String pad(int i, int digits) {
        String s = Integer.toString(i);
        return "0".repeat(Math.max(0, digits - s.length())) + s;
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(List<Future<?>> tasks) throws IOException {
        for (Future<?> t : tasks) {
            try {
                t.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while generating", e);
            } catch (ExecutionException e) {
                tasks.forEach(other -> other.cancel(true));
                switch (e.getCause()) {
                    case UncheckedIOException io -> throw io.getCause();
                    case RuntimeException re -> throw re;
                    case Error err -> throw err;
                    default -> throw new IOException(e.getCause());
                }
            }
        }
    }
}
