package dev.loupe.edge.model;

import dev.loupe.core.decision.DecisionPolicy;
import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.ModelPackage;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The model the station runs now, swappable while images are being classified: {@link #swap} installs
 * a loaded classifier atomically; the old one is closed when the last classification using it returns.
 * Thread-safe. Closing closes the current classifier.
 */
public final class ActiveModel implements AutoCloseable {

    /** A loaded model: its classifier, package, version and decision policy. */
    public static final class Loaded {
        private final ImageClassifier classifier;
        private final String version;
        private final DecisionPolicy policy;
        private final AtomicInteger users = new AtomicInteger(1); // 1 = held by ActiveModel
        private volatile boolean retired;

        public Loaded(ImageClassifier classifier, String version, DecisionPolicy policy) {
            this.classifier = classifier;
            this.version = version;
            this.policy = policy;
        }

        public ImageClassifier classifier() {
            return classifier;
        }

        public ModelPackage pkg() {
            return classifier.modelPackage();
        }

        public String name() {
            return classifier.descriptor().name();
        }

        public String version() {
            return version;
        }

        public DecisionPolicy policy() {
            return policy;
        }

        private boolean acquire() {
            while (true) {
                int u = users.get();
                if (u == 0) {
                    return false;
                }
                if (users.compareAndSet(u, u + 1)) {
                    return true;
                }
            }
        }

        private void release() {
            if (users.decrementAndGet() == 0) {
                classifier.close();
            }
        }
    }

    private final AtomicReference<Loaded> current = new AtomicReference<>();
    private final UnaryOperator<DecisionPolicy> policyOverride;

    /** @param policyOverride applied to each model's own policy (the project's decision section, flags) */
    public ActiveModel(UnaryOperator<DecisionPolicy> policyOverride) {
        this.policyOverride = policyOverride;
    }

    /** Loads a package and makes it current; the previous model is closed once idle. */
    public Loaded swap(ModelPackage pkg, String version, int threads) throws InferenceException {
        return install(ImageClassifier.load(pkg, threads), version);
    }

    /** Makes a loaded classifier current (this then owns it); the previous model is closed once idle. */
    public Loaded install(ImageClassifier c, String version) {
        Loaded l = new Loaded(c, version, policyOverride.apply(DecisionPolicy.of(c.descriptor())));
        Loaded old = current.getAndSet(l);
        if (old != null) {
            old.retired = true;
            old.release();
        }
        return l;
    }

    /** The current model, if any. */
    public Optional<Loaded> current() {
        return Optional.ofNullable(current.get());
    }

    /** A use of the current model: call {@link Lease#close()} when the classification returned. */
    public Optional<Lease> lease() {
        while (true) {
            Loaded l = current.get();
            if (l == null) {
                return Optional.empty();
            }
            if (l.acquire()) {
                return Optional.of(new Lease(l));
            }
        }
    }

    /** One use of a loaded model. */
    public record Lease(Loaded model) implements AutoCloseable {
        @Override
        public void close() {
            model.release();
        }
    }

    @Override
    public void close() {
        Loaded old = current.getAndSet(null);
        if (old != null) {
            old.release();
        }
    }
}
