package dev.loupe.train.baseline;

import dev.loupe.train.onnx.OnnxGraph;

import java.util.List;

/**
 * Per-pixel weighted sums over the channel axis of an [N, 3, H, W] tensor, written as a MatMul of a
 * [1, 3] weight row with the [N, 3, H * W] view: ONNX Runtime's ReduceSum over axis 1 walks the planes
 * with a stride and costs several times more.
 */
final class Channels {

    private Channels() {
    }

    /** Declares the shared initializers: the flat view's shape and the luma, sum and mean weight rows. */
    static void declare(OnnxGraph g) {
        g.longs("flat_channels", new long[]{0, 3, -1}, 3)
                .initializer("luma_weights", new float[]{0.299f, 0.587f, 0.114f}, 1, 3)
                .initializer("channel_ones", new float[]{1, 1, 1}, 1, 3)
                .initializer("channel_thirds", new float[]{1 / 3f, 1 / 3f, 1 / 3f}, 1, 3);
    }

    /** Declares the shape {@code [N, 1, h, w]} under {@code name}, for {@link #sum}'s result. */
    static void declarePlane(OnnxGraph g, String name, int h, int w) {
        g.longs(name, new long[]{0, 1, h, w}, 4);
    }

    /** {@code out} [N, 1, H, W] = the {@code weights} row times the channels of {@code in} [N, 3, H, W]. */
    static void sum(OnnxGraph g, String in, String weights, String plane, String out) {
        g.node("Reshape", List.of(in, "flat_channels"), out + "_flat_in")
                .node("MatMul", List.of(weights, out + "_flat_in"), out + "_flat")
                .node("Reshape", List.of(out + "_flat", plane), out);
    }
}
