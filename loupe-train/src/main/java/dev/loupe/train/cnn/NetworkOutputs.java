package dev.loupe.train.cnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;

import java.nio.FloatBuffer;

/**
 * What the network gives for a set of images: one logit per image and, when asked, the embeddings
 * ({@code N·D}, image-major; null when not asked).
 */
record NetworkOutputs(float[] logits, float[] embeddings) {

    /** Images per inference call. */
    private static final int CHUNK = 256;

    /** Runs the network in inference mode over a set, {@value #CHUNK} images per call. */
    static NetworkOutputs of(Trainer trainer, InputPlanes data, boolean embeddings) {
        int n = data.size();
        int len = data.imageLength();
        float[] logits = new float[n];
        float[] features = null;
        for (int from = 0; from < n; from += CHUNK) {
            int count = Math.min(CHUNK, n - from);
            try (NDManager chunk = trainer.getManager().newSubManager()) {
                NDArray x = chunk.create(FloatBuffer.wrap(data.data(), from * len, count * len).slice(),
                        new Shape(count, data.channels(), data.height(), data.width()));
                NDList out = trainer.evaluate(new NDList(x));
                System.arraycopy(out.get(0).toFloatArray(), 0, logits, from, count);
                if (embeddings) {
                    float[] e = out.get(1).toFloatArray();
                    if (features == null) {
                        features = new float[n * (e.length / count)];
                    }
                    System.arraycopy(e, 0, features, from * (e.length / count), e.length);
                }
            }
        }
        return new NetworkOutputs(logits, features);
    }

    /** Element-wise sum with another set's outputs for the same images (embeddings both present). */
    NetworkOutputs plus(NetworkOutputs o) {
        float[] l = logits.clone();
        float[] e = embeddings.clone();
        for (int i = 0; i < l.length; i++) {
            l[i] += o.logits[i];
        }
        for (int i = 0; i < e.length; i++) {
            e[i] += o.embeddings[i];
        }
        return new NetworkOutputs(l, e);
    }

    /** Every logit and embedding value times {@code f}. */
    NetworkOutputs times(float f) {
        float[] l = logits.clone();
        float[] e = embeddings.clone();
        for (int i = 0; i < l.length; i++) {
            l[i] *= f;
        }
        for (int i = 0; i < e.length; i++) {
            e[i] *= f;
        }
        return new NetworkOutputs(l, e);
    }

    /** The scores, sigmoid of the logits: P(defect). */
    float[] scores() {
        float[] s = new float[logits.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (1 / (1 + Math.exp(-logits[i])));
        }
        return s;
    }
}
