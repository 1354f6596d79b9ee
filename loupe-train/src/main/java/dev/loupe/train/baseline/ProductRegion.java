package dev.loupe.train.baseline;

import dev.loupe.train.onnx.OnnxGraph;

import java.util.List;

import static dev.loupe.train.onnx.OnnxGraph.integer;
import static dev.loupe.train.onnx.OnnxGraph.ints;

/**
 * The part of the baseline graph that finds where to look: the product's inside, away from its outline
 * and from the camera bump at its top. Reads {@code image} [N, 3, H, W] and writes {@code region}
 * [N, 1, H, W], 1 where the features look and 0 elsewhere. Needs {@link Channels#declare} and the
 * {@code plane} shape declared.
 *
 * <p>How, as a line-scan inspection tool would do it without learning:
 * <ol>
 *   <li>The belt's colour is the mean of the frame's left and right strips (1/16 of the width each, where
 *       the product never reaches); the product's is the mean of the central quarter.</li>
 *   <li>A pixel is product when its L1 colour distance to the belt is more than half the product's
 *       (a per-frame threshold, so lighting and colour variant do not matter); the mask is eroded to drop
 *       belt seams and dust.</li>
 *   <li>The product is convex, so its extent is read off the mask per row (first and last product pixel)
 *       and per column (first and last): holes in the mask, where a mark or glare looks like the belt,
 *       are filled. The region is that extent shrunk by the edge margin, and by the top margin below the
 *       top edge, where the camera bump and its lenses are.</li>
 *   <li>When the centre does not differ from the belt (no product on a background, e.g. a plain
 *       surface), the region is the whole frame inside the edge margin.</li>
 * </ol>
 */
final class ProductRegion {

    /** Below this L1 colour distance (0..3) between centre and strips, the frame is one surface. */
    static final float MIN_SEPARATION = 0.06f;

    private ProductRegion() {
    }

    static void append(OnnxGraph g, BaselineSizes s) {
        int w = s.width();
        int h = s.height();
        int strip = Math.max(1, w / 16);
        float[] frame = new float[h * w];
        float[] xs = new float[w];
        float[] ys = new float[h];
        for (int y = 0; y < h; y++) {
            ys[y] = y;
            for (int x = 0; x < w; x++) {
                xs[x] = x;
                frame[y * w + x] = x >= s.edgeMargin() && x < w - s.edgeMargin()
                        && y >= s.edgeMargin() && y < h - s.edgeMargin() ? 1 : 0;
            }
        }
        int pad = s.erosion() / 2;
        float inset = Math.max(0, s.edgeMargin() - pad) - 0.5f;
        float below = Math.max(0, s.topMargin() - pad) - 0.5f;
        g.longs("left_strip_start", new long[]{0}, 1)
                .longs("left_strip_end", new long[]{strip}, 1)
                .longs("right_strip_start", new long[]{w - strip}, 1)
                .longs("right_strip_end", new long[]{w}, 1)
                .longs("width_axis", new long[]{3}, 1)
                .longs("centre_start", new long[]{h / 2 - h / 8, w / 2 - w / 8}, 2)
                .longs("centre_end", new long[]{h / 2 + h / 8, w / 2 + w / 8}, 2)
                .longs("plane_axes", new long[]{2, 3}, 2)
                .initializer("frame_region", frame, 1, 1, h, w)
                .initializer("xs", xs, 1, 1, 1, w)
                .initializer("ys", ys, 1, 1, h, 1)
                .initializer("one", new float[]{1}, 1)
                .initializer("half", new float[]{0.5f}, 1)
                .initializer("min_separation", new float[]{MIN_SEPARATION}, 1)
                .initializer("inset", new float[]{inset}, 1)
                .initializer("neg_inset", new float[]{-inset}, 1)
                .initializer("below", new float[]{below}, 1)
                .node("Slice", List.of("image", "left_strip_start", "left_strip_end", "width_axis"), "left_strip")
                .node("Slice", List.of("image", "right_strip_start", "right_strip_end", "width_axis"), "right_strip")
                .node("ReduceMean", List.of("left_strip"), "left_belt", ints("axes", 2, 3), integer("keepdims", 1))
                .node("ReduceMean", List.of("right_strip"), "right_belt", ints("axes", 2, 3), integer("keepdims", 1))
                .node("Add", List.of("left_belt", "right_belt"), "belt_twice")
                .node("Mul", List.of("belt_twice", "half"), "belt")
                .node("Slice", List.of("image", "centre_start", "centre_end", "plane_axes"), "centre_px")
                .node("ReduceMean", List.of("centre_px"), "centre", ints("axes", 2, 3), integer("keepdims", 1))
                .node("Sub", List.of("image", "belt"), "from_belt")
                .node("Abs", List.of("from_belt"), "from_belt_abs");
        Channels.sum(g, "from_belt_abs", "channel_ones", "plane", "belt_distance");
        g
                .node("Sub", List.of("centre", "belt"), "separation_rgb")
                .node("Abs", List.of("separation_rgb"), "separation_abs")
                .reduceSum("separation_abs", "separation", true, 1)
                .node("Mul", List.of("separation", "half"), "product_threshold")
                .node("Greater", List.of("belt_distance", "product_threshold"), "is_product")
                .node("Cast", List.of("is_product"), "product", integer("to", 1))
                .node("Sub", List.of("one", "product"), "background")
                .node("MaxPool", List.of("background"), "background_grown", ints("kernel_shape", s.erosion(), s.erosion()),
                        ints("pads", pad, pad, pad, pad), ints("strides", 1, 1))
                .node("Sub", List.of("one", "background_grown"), "solid");
        extent(g, "solid", 3, "left", "right", "rows");
        extent(g, "solid", 2, "top", "bottom", "columns");
        g.node("Sub", List.of("xs", "left"), "from_left")
                .node("Sub", List.of("xs", "right"), "from_right")
                .node("Sub", List.of("ys", "top"), "from_top")
                .node("Sub", List.of("ys", "bottom"), "from_bottom")
                .node("Greater", List.of("from_left", "inset"), "in_left")
                .node("Less", List.of("from_right", "neg_inset"), "in_right")
                .node("Greater", List.of("from_top", "below"), "in_top")
                .node("Less", List.of("from_bottom", "neg_inset"), "in_bottom")
                .node("And", List.of("in_left", "in_right"), "in_x")
                .node("And", List.of("in_top", "in_bottom"), "in_y")
                .node("And", List.of("in_x", "in_y"), "in_extent")
                .node("Cast", List.of("in_extent"), "in_extent_f", integer("to", 1))
                .node("Mul", List.of("in_extent_f", "rows"), "in_rows")
                .node("Mul", List.of("in_rows", "columns"), "product_region")
                .node("Greater", List.of("separation", "min_separation"), "has_product")
                .node("Where", List.of("has_product", "product_region", "frame_region"), "region");
    }

    /** First and last index of the mask's maximum along {@code axis}, as floats, and whether that line has any. */
    private static void extent(OnnxGraph g, String mask, int axis, String first, String last, String any) {
        g.node("ArgMax", List.of(mask), first + "_i", integer("axis", axis), integer("keepdims", 1))
                .node("ArgMax", List.of(mask), last + "_i", integer("axis", axis), integer("keepdims", 1),
                        integer("select_last_index", 1))
                .node("Cast", List.of(first + "_i"), first, integer("to", 1))
                .node("Cast", List.of(last + "_i"), last, integer("to", 1))
                .node("ReduceMax", List.of(mask), any, ints("axes", axis), integer("keepdims", 1));
    }
}
