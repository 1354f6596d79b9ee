package dev.loupe.train.cnn;

/** The exported network's forward pass written out plainly, to check the ONNX graph against. */
final class ReferenceCnn {
    private ReferenceCnn() {
    }

    static float[] embedding(CnnWeights w, float[] image) {
        float[] x;
        if (w.fineDetailSigma() > 0) {
            // the trainer's own precompute: the exported graph must give the same
            x = FineDetail.append(new ImageTensors(image, new int[] {0}, w.inputChannels(), w.inputSize(), w.inputSize()),
                    w.detailSigma(), w.fineDetailSigma()).data();
        } else {
            x = w.detailSigma() > 0 ? withDetail(image, w.inputChannels(), w.inputSize(), w.detailSigma()) : image;
        }
        int channels = CnnWeights.networkChannels(w.inputChannels(), w.detailSigma(), w.fineDetailSigma());
        int size = w.networkSize();
        for (CnnWeights.Convolution conv : w.convolutions()) {
            int k = conv.kernel();
            int pad = k / 2;
            int st = conv.stride();
            int in = size;
            size = (in + 2 * pad - k) / st + 1;
            float[] y = new float[conv.outChannels() * size * size];
            for (int o = 0; o < conv.outChannels(); o++) {
                for (int i = 0; i < size; i++) {
                    for (int j = 0; j < size; j++) {
                        double s = conv.bias()[o];
                        for (int c = 0; c < channels; c++) {
                            for (int ki = 0; ki < k; ki++) {
                                for (int kj = 0; kj < k; kj++) {
                                    int yy = i * st + ki - pad;
                                    int xx = j * st + kj - pad;
                                    if (yy >= 0 && yy < in && xx >= 0 && xx < in) {
                                        s += conv.weight()[((o * channels + c) * k + ki) * k + kj] * x[(c * in + yy) * in + xx];
                                    }
                                }
                            }
                        }
                        y[(o * size + i) * size + j] = (float) Math.max(0, s);
                    }
                }
            }
            if (!conv.pooled()) {
                x = y;
                channels = conv.outChannels();
                continue;
            }
            int half = size / 2;
            float[] pooled = new float[conv.outChannels() * half * half];
            for (int o = 0; o < conv.outChannels(); o++) {
                for (int i = 0; i < half; i++) {
                    for (int j = 0; j < half; j++) {
                        float m = Float.NEGATIVE_INFINITY;
                        for (int di = 0; di < 2; di++) {
                            for (int dj = 0; dj < 2; dj++) {
                                m = Math.max(m, y[(o * size + 2 * i + di) * size + 2 * j + dj]);
                            }
                        }
                        pooled[(o * half + i) * half + j] = m;
                    }
                }
            }
            x = pooled;
            channels = conv.outChannels();
            size = half;
        }
        float[] e = new float[2 * channels];
        int plane = size * size;
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            double powered = 0;
            float max = Float.NEGATIVE_INFINITY;
            for (int p = 0; p < plane; p++) {
                sum += x[c * plane + p];
                max = Math.max(max, x[c * plane + p]);
                powered += Math.pow(Math.max(x[c * plane + p], 1e-6), w.gemPower());
            }
            e[c] = (float) (sum / plane);
            e[channels + c] = w.gemPower() == 0 ? max : (float) Math.pow(powered / plane, 1 / w.gemPower());
        }
        return e;
    }

    /**
     * The image followed by {@code 4 · (x − blur(x))} per channel, the blur a 2-D Gaussian of radius
     * ceil(3 sigma), normalised over its whole square, with zeros outside the image.
     */
    static float[] withDetail(float[] image, int channels, int size, double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        double norm = 0;
        for (int dy = -r; dy <= r; dy++) {
            for (int dx = -r; dx <= r; dx++) {
                norm += Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
            }
        }
        int plane = size * size;
        float[] out = new float[2 * channels * plane];
        System.arraycopy(image, 0, out, 0, channels * plane);
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double blur = 0;
                    for (int dy = -r; dy <= r; dy++) {
                        for (int dx = -r; dx <= r; dx++) {
                            int yy = y + dy;
                            int xx = x + dx;
                            if (yy >= 0 && yy < size && xx >= 0 && xx < size) {
                                blur += Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma)) * image[c * plane + yy * size + xx];
                            }
                        }
                    }
                    int i = c * plane + y * size + x;
                    out[channels * plane + i] = (float) (4 * (image[i] - blur / norm));
                }
            }
        }
        return out;
    }

    static float score(CnnWeights w, float[] embedding) {
        double z = w.headBias();
        for (int i = 0; i < embedding.length; i++) {
            z += w.headWeight()[i] * embedding[i];
        }
        return (float) (1 / (1 + Math.exp(-z)));
    }
}
