package dev.loupe.monitor.embedding;

import java.util.Arrays;
import java.util.List;

/**
 * The embedding part of a model version's monitoring reference: a {@link Projection} of the model's
 * embedding to a few coordinates, and the reference images' coordinates in reference order.
 *
 * <p>The reference is split in two, in order: the first {@code fitted} points fitted the projection and
 * are the sample the live stream is compared with; the rest are held out, and the detector calibrates
 * its threshold on windows drawn from them ({@link EmbeddingMonitor}). Held-out windows compared with the
 * fitted half behave as live windows do: both are new draws against the same, slightly wrong, estimate
 * of normal.
 *
 * @param projection the fitted projection
 * @param points     every reference image's coordinates ({@link Projection#dimensions()} each), in order
 * @param fitted     how many leading points fitted the projection; the rest are held out
 */
public record EmbeddingReference(Projection projection, double[][] points, int fitted) {

    /**
     * Fewest reference embeddings an embedding monitor accepts: half fit the projection, and the held-out
     * half must hold two of the monitor's windows to calibrate its threshold ({@link EmbeddingMonitor}).
     */
    public static final int MIN_SIZE = 4 * EmbeddingMonitor.WINDOW;

    /** Principal components kept by default. */
    public static final int COMPONENTS = 8;

    public EmbeddingReference {
        if (fitted < 2 || fitted >= points.length) {
            throw new IllegalArgumentException("need fitted points and held-out points: " + fitted + " of " + points.length);
        }
        for (double[] p : points) {
            if (p.length != projection.dimensions()) {
                throw new IllegalArgumentException("a point of " + p.length + " coordinates, the projection gives "
                        + projection.dimensions());
            }
        }
    }

    /**
     * Fits the projection on the first half of the embeddings (in the order the images were taken, when
     * known) and projects all of them.
     *
     * @throws IllegalArgumentException with fewer than {@link #MIN_SIZE} embeddings
     */
    public static EmbeddingReference of(List<float[]> embeddings, int components) {
        if (embeddings.size() < MIN_SIZE) {
            throw new IllegalArgumentException("an embedding reference needs at least " + MIN_SIZE + " embeddings, got "
                    + embeddings.size());
        }
        int fitted = embeddings.size() / 2;
        Projection projection = Projection.fit(embeddings.subList(0, fitted), components);
        double[][] points = new double[embeddings.size()][];
        for (int i = 0; i < points.length; i++) {
            points[i] = projection.project(embeddings.get(i));
        }
        return new EmbeddingReference(projection, points, fitted);
    }

    public int size() {
        return points.length;
    }

    /** Embedding features the model gives (D). */
    public int features() {
        return projection.features();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmbeddingReference r && projection.equals(r.projection) && fitted == r.fitted
                && Arrays.deepEquals(points, r.points);
    }

    @Override
    public int hashCode() {
        return projection.hashCode() * 31 + fitted;
    }

    @Override
    public String toString() {
        return "EmbeddingReference[" + points.length + " points, " + projection + "]";
    }
}
