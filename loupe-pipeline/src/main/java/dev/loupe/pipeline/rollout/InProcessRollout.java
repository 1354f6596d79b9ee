package dev.loupe.pipeline.rollout;

import dev.loupe.core.image.ImageDecodeException;
import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.Prediction;
import dev.loupe.core.registry.ModelVersion;
import dev.loupe.core.rollout.LiveFigures;
import dev.loupe.core.rollout.Rollout;
import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.BlobStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * A {@link Rollout} inside this process, for tests, the quickstart and a single machine without a
 * prediction server: a daemon thread takes live images from a supplier (optionally paced like a camera)
 * and scores them with the models' {@link ImageClassifier}s, the serving path.
 *
 * <ul>
 *   <li>shadow: both models score every image; their answers are compared;</li>
 *   <li>canary: image n goes to the challenger when {@code floor((n+1) share) > floor(n share)}, an exact
 *       share spread evenly, the rest to the champion;</li>
 *   <li>idle, promoted, rolled back: no image is taken.</li>
 * </ul>
 *
 * <p>It holds one roll-out at a time, of the model last started: {@link #liveFigures}, {@link #promote} and
 * {@link #rollback} for another model see or change nothing.
 *
 * <p>Models load from the registered version's source ({@code blob:sha256:<hex>}). Thread-safe. Holds
 * ONNX Runtime sessions and a thread: {@link #close} releases them.
 */
public final class InProcessRollout implements Rollout {
    private final BlobStore blobs;
    private final Supplier<LiveImage> source;
    private final double imagesPerSecond;
    private final Object lock = new Object();
    private final Thread traffic;

    private String phase = "none";
    /** The model of the last start; null before one. */
    private String model;
    /** The challenger's version of the last start. */
    private int challengerVersion;
    private ImageClassifier champion;
    private ImageClassifier challenger;
    private double share;
    private long served;
    private Arm champ = new Arm();
    private Arm chall = new Arm();
    private long compared;
    private long disagreed;
    private volatile boolean closed;

    /**
     * @param blobs           where the model packages are
     * @param source          live images, taken one at a time
     * @param imagesPerSecond pace of the simulated camera; 0 for as fast as the models score
     */
    public InProcessRollout(BlobStore blobs, Supplier<LiveImage> source, double imagesPerSecond) {
        this.blobs = blobs;
        this.source = source;
        this.imagesPerSecond = imagesPerSecond;
        this.traffic = new Thread(this::serve, "loupe-rollout-traffic");
        traffic.setDaemon(true);
        traffic.start();
    }

    @Override
    public void startShadow(ModelVersion championVersion, ModelVersion challengerVersion) {
        start("shadow", championVersion, challengerVersion, 0);
    }

    @Override
    public void startCanary(ModelVersion championVersion, ModelVersion challengerVersion, double share) {
        if (!(share > 0 && share < 1)) {
            throw new IllegalArgumentException("canary share must be in (0, 1), got " + share);
        }
        start("canary", championVersion, challengerVersion, share);
    }

    private void start(String newPhase, ModelVersion a, ModelVersion b, double s) {
        ImageClassifier ca = load(a);
        ImageClassifier cb;
        try {
            cb = load(b);
        } catch (RuntimeException e) {
            ca.close();
            throw e;
        }
        synchronized (lock) {
            unload();
            model = a.name();
            challengerVersion = b.version();
            champion = ca;
            challenger = cb;
            share = s;
            served = 0;
            champ = new Arm();
            chall = new Arm();
            compared = 0;
            disagreed = 0;
            phase = newPhase;
            lock.notifyAll();
        }
    }

    @Override
    public LiveFigures liveFigures(String forModel) {
        synchronized (lock) {
            if (!forModel.equals(model)) {
                return LiveFigures.none();
            }
            return new LiveFigures(phase, champ.figures(), chall.figures(), compared, disagreed);
        }
    }

    @Override
    public void promote(String forModel, int forChallenger) {
        synchronized (lock) {
            if (forChallenger == challengerVersion) {
                end(forModel, "promoted");
            }
        }
    }

    @Override
    public void rollback(String forModel) {
        end(forModel, "rolled-back");
    }

    private void end(String forModel, String newPhase) {
        synchronized (lock) {
            if (forModel.equals(model) && live()) {
                phase = newPhase;
                unload();
            }
        }
    }

    /** Whether a shadow or canary is under way. Guarded by the lock. */
    private boolean live() {
        return phase.equals("shadow") || phase.equals("canary");
    }

    @Override
    public void close() {
        closed = true;
        traffic.interrupt();
        synchronized (lock) {
            unload();
        }
    }

    private void unload() {
        if (champion != null) {
            champion.close();
        }
        if (challenger != null) {
            challenger.close();
        }
        champion = null;
        challenger = null;
    }

    private ImageClassifier load(ModelVersion v) {
        String hex = v.source().replaceFirst("^blob:", "").replaceFirst("^sha256:", "");
        try {
            return ImageClassifier.load(ModelPackage.load(blobs, BlobId.of(hex)), 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the package of " + v.ref(), e);
        } catch (InferenceException e) {
            throw new IllegalStateException("cannot load " + v.ref() + ": " + e.getMessage(), e);
        }
    }

    private void serve() {
        long pauseNanos = imagesPerSecond > 0 ? (long) (1e9 / imagesPerSecond) : 0;
        try {
            while (!closed) {
                synchronized (lock) {
                    while (!live()) {
                        lock.wait();
                    }
                }
                LiveImage img = source.get();
                synchronized (lock) {
                    if (phase.equals("shadow")) {
                        Result a = score(champion, img, champ);
                        Result b = score(challenger, img, chall);
                        if (a.ok() && b.ok()) {
                            compared++;
                            if (!a.label().equals(b.label())) {
                                disagreed++;
                            }
                        }
                    } else if (phase.equals("canary")) {
                        boolean toChallenger = Math.floor((served + 1) * share) > Math.floor(served * share);
                        served++;
                        score(toChallenger ? challenger : champion, img, toChallenger ? chall : champ);
                    }
                }
                if (pauseNanos > 0) {
                    Thread.sleep(pauseNanos / 1_000_000, (int) (pauseNanos % 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Result(boolean ok, String label) {
    }

    private static Result score(ImageClassifier c, LiveImage img, Arm arm) {
        long start = System.nanoTime();
        try {
            Prediction p = c.classify(img.encoded());
            arm.add(p.label(), img, c.descriptor().positive(), System.nanoTime() - start);
            return new Result(true, p.label());
        } catch (ImageDecodeException | InferenceException | RuntimeException e) {
            arm.failed(System.nanoTime() - start);
            return new Result(false, "");
        }
    }

    /** One model's running figures. Guarded by the roll-out's lock. */
    private static final class Arm {
        long requests;
        long failures;
        long rejects;
        long labelled;
        long wrong;
        long defects;
        long missed;
        long[] latencies = new long[256];

        void add(String predicted, LiveImage img, String positive, long nanos) {
            latency(nanos);
            if (predicted.equals(positive)) {
                rejects++;
            }
            if (img.label().isPresent()) {
                labelled++;
                if (!img.label().get().equals(predicted)) {
                    wrong++;
                }
                if (img.label().get().equals(positive)) {
                    defects++;
                    if (!predicted.equals(positive)) {
                        missed++;
                    }
                }
            }
        }

        void failed(long nanos) {
            latency(nanos);
            failures++;
        }

        private void latency(long nanos) {
            if (requests == latencies.length) {
                latencies = Arrays.copyOf(latencies, latencies.length * 2);
            }
            latencies[(int) requests++] = nanos;
        }

        LiveFigures.Arm figures() {
            long p99 = 0;
            if (requests > 0) {
                long[] s = Arrays.copyOf(latencies, (int) requests);
                Arrays.sort(s);
                p99 = s[(int) Math.ceil(0.99 * s.length) - 1];
            }
            return new LiveFigures.Arm(requests, failures, rejects, labelled, wrong, defects, missed, p99);
        }
    }
}
