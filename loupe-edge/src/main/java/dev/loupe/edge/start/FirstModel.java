package dev.loupe.edge.start;

import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.edge.model.ModelSlots;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Loads the station's first model on its own thread while the agent does everything else a start
 * needs (parsing its options, opening the spool, the source, the listener, the outputs): points ONNX
 * Runtime at its cached native libraries ({@link OrtNatives}), reads the package (checksumming it),
 * loads it into ONNX Runtime, and classifies one blank image so the first
 * real image pays none of the first-call costs (native allocations, Java2D and preprocessing set-up).
 * On a 2-core box this takes the model off the critical path of a cold start.
 *
 * <p>{@link #await} hands the loaded classifier over (the caller then owns it) or throws the loading
 * error. Closing waits for the thread and closes a classifier nobody took. Thread-safe.
 */
public final class FirstModel implements AutoCloseable {

    /** A loaded, warmed model: the package, the version the station calls it, its classifier. */
    public record Ready(ModelPackage pkg, String version, ImageClassifier classifier) {
    }

    private final Optional<Path> path;
    private final int threads;
    private final FutureTask<Optional<Ready>> task;
    private final Thread thread;
    private boolean taken;

    private FirstModel(Optional<Path> path, int threads, Callable<Optional<Ready>> load) {
        this.path = path;
        this.threads = threads;
        this.task = new FutureTask<>(load);
        this.thread = Thread.ofPlatform().name("first-model").daemon().start(task);
    }

    /**
     * Starts loading a package file or directory; its version is the first 12 hex digits of its sha256.
     *
     * @param times marked {@code natives}, {@code model_read}, {@code model_loaded}, {@code model_warm}
     */
    public static FirstModel ofPackage(Path path, int threads, StartupTimes times) {
        return new FirstModel(Optional.of(path), threads, () -> {
            natives(times);
            ModelPackage pkg = ModelPackage.read(path);
            return Optional.of(load(pkg, pkg.sha256().substring(0, 12), threads, times));
        });
    }

    /** Starts loading the model in the active slot (what model sync installed last), if there is one. */
    public static FirstModel ofSlot(ModelSlots slots, int threads, StartupTimes times) {
        return new FirstModel(Optional.empty(), threads, () -> {
            Optional<ModelSlots.Installed> active = slots.active();
            if (active.isEmpty()) {
                return Optional.empty();
            }
            natives(times);
            return Optional.of(load(slots.read(active.get()), active.get().version(), threads, times));
        });
    }

    private static void natives(StartupTimes times) {
        OrtNatives.useCache(OrtNatives.home());
        times.mark("natives");
    }

    private static Ready load(ModelPackage pkg, String version, int threads, StartupTimes times) throws Exception {
        times.mark("model_read");
        ImageClassifier c = ImageClassifier.load(pkg, threads);
        times.mark("model_loaded");
        try {
            var in = pkg.descriptor().input();
            c.classify(new BufferedImage(in.width(), in.height(), BufferedImage.TYPE_INT_RGB));
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
        times.mark("model_warm");
        return new Ready(pkg, version, c);
    }

    /** Whether this loads the package at {@code path} with {@code threads} ONNX Runtime threads. */
    public boolean loads(Path path, int threads) {
        return this.path.isPresent() && this.path.get().equals(path) && this.threads == threads;
    }

    /**
     * Waits for the model and hands it over: the caller closes its classifier.
     *
     * @return the loaded model, or empty when there was none to load
     * @throws Exception what loading threw (an unreadable package, a model ONNX Runtime refuses)
     */
    public synchronized Optional<Ready> await() throws Exception {
        try {
            Optional<Ready> r = task.get();
            taken = true;
            return r;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public synchronized void close() throws InterruptedException {
        thread.join();
        if (!taken) {
            taken = true;
            try {
                task.get().ifPresent(r -> r.classifier().close());
            } catch (ExecutionException e) {
                // nobody asked for it: the error has no one to go to
            }
        }
    }
}
