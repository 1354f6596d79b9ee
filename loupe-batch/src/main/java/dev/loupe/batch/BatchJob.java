package dev.loupe.batch;

import dev.loupe.core.model.ImageClassifier;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scores every item of a source not yet in the output, with one {@link ImageClassifier} shared by
 * {@code threads} workers, and appends the rows chunk by chunk ({@link CsvOutput}): a killed run
 * leaves whole chunks, and running again scores only what is missing. Within a chunk, rows keep the
 * source's order.
 */
public final class BatchJob {

    /** Told after every chunk; for progress bars. */
    @FunctionalInterface
    public interface Progress {
        void update(long done, long total);
    }

    private final ImageClassifier classifier;
    private final int threads;
    private final int chunkSize;

    /**
     * @param classifier not owned; loaded with one intra-op thread suits {@code threads} > 1 best
     * @param threads    workers scoring in parallel, at least 1
     * @param chunkSize  rows per append (each append forces the file to disk), at least 1
     */
    public BatchJob(ImageClassifier classifier, int threads, int chunkSize) {
        if (threads < 1 || chunkSize < 1) {
            throw new IllegalArgumentException("threads and chunk size must be at least 1, got " + threads + " and " + chunkSize);
        }
        this.classifier = classifier;
        this.threads = threads;
        this.chunkSize = chunkSize;
    }

    public BatchSummary run(ImageSource source, CsvOutput output, Progress progress) throws IOException, InterruptedException {
        List<String> all = source.items();
        List<String> todo = all.stream().filter(i -> !output.isDone(i)).toList();
        long skipped = all.size() - todo.size();
        String positive = classifier.descriptor().positive();
        long start = System.nanoTime();
        long defects = 0;
        List<BatchRow> failures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "loupe-batch");
            t.setDaemon(true);
            return t;
        });
        try {
            progress.update(skipped, all.size());
            for (int from = 0; from < todo.size(); from += chunkSize) {
                List<String> chunk = todo.subList(from, Math.min(todo.size(), from + chunkSize));
                List<Future<BatchRow>> futures = new ArrayList<>(chunk.size());
                for (String item : chunk) {
                    futures.add(pool.submit(() -> scoreOne(source, item)));
                }
                List<BatchRow> rows = new ArrayList<>(chunk.size());
                for (Future<BatchRow> f : futures) {
                    rows.add(get(f));
                }
                output.append(rows);
                for (BatchRow r : rows) {
                    if (r.failedToScore()) {
                        failures.add(r);
                    } else if (r.label().equals(positive)) {
                        defects++;
                    }
                }
                progress.update(skipped + from + chunk.size(), all.size());
            }
        } finally {
            pool.shutdownNow();
        }
        return new BatchSummary(all.size(), skipped, todo.size(), defects, failures, Duration.ofNanos(System.nanoTime() - start));
    }

    private BatchRow scoreOne(ImageSource source, String item) {
        byte[] bytes;
        try {
            bytes = source.read(item);
        } catch (IOException e) {
            return BatchRow.failed(item, "unreadable: " + e.getMessage());
        }
        return ItemScorer.score(classifier, item, bytes);
    }

    private static BatchRow get(Future<BatchRow> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("scoring failed unexpectedly", e.getCause());
        }
    }
}
