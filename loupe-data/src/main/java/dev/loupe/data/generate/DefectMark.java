package dev.loupe.data.generate;

import java.util.SplittableRandom;

/**
 * The geometry of one defect on a product, in product coordinates ({@code u} across, {@code v} along the
 * part, centred on it, in units of the image width), and how it changes the surface colour.
 *
 * <p>Every mark's extent and contrast grow with the defect size {@code s} (0.05..1): at {@code s = 1} a
 * mark is obvious at 64x64, below about {@code s = 0.15} it is barely visible under noise and blur.
 * Marks show lighter than the surface on dark variants and darker on light ones, the way a scratch or a
 * crack catches the light on a dark cover; dents are shaded by a light direction, stains tint towards
 * yellow-brown.
 */
sealed interface DefectMark {

    /** Bounding box of the mark in product coordinates: pixels outside are untouched. */
    Box box();

    /** Changes the surface albedo {@code rgb} (0..1, in place) at product point ({@code u}, {@code v}). */
    void apply(double u, double v, double[] rgb);

    record Box(double minU, double minV, double maxU, double maxV) {
        boolean contains(double u, double v) {
            return u >= minU && u <= maxU && v >= minV && v <= maxV;
        }

        static Box around(double u, double v, double radius) {
            return new Box(u - radius, v - radius, u + radius, v + radius);
        }
    }

    /**
     * Draws the mark for a defect; the random draws depend only on the type, so a frame is reproducible.
     *
     * @param halfWidth  half the product width; {@code halfHeight} likewise
     * @param surfaceLuma luma of the product colour: picks light or dark marks
     */
    static DefectMark of(DefectType type, double s, SplittableRandom r, double halfWidth, double halfHeight,
                         double surfaceLuma) {
        // defects sit away from the edges and below the camera bump at the top
        double u = r.nextDouble(-halfWidth + 0.06, halfWidth - 0.06);
        double v = r.nextDouble(-halfHeight + 0.20, halfHeight - 0.06);
        double target = surfaceLuma > 0.4 ? 0.12 : 0.85;
        return switch (type) {
            case SCRATCH -> Scratch.of(u, v, s, r, target);
            case DENT -> Dent.of(u, v, s, r);
            case PITS -> Pits.of(u, v, s, r);
            case DISCOLORATION -> Stain.of(u, v, s, r);
            case CRACK -> Crack.of(u, v, s, r, target, halfWidth, halfHeight);
            case NONE -> throw new IllegalArgumentException("a good part has no defect mark");
        };
    }

    static void toward(double[] rgb, double target, double k) {
        for (int c = 0; c < 3; c++) {
            rgb[c] += k * (target - rgb[c]);
        }
    }

    /** Squared distance from (u, v) to the segment (u0, v0)-(u1, v1). */
    static double segmentDistance2(double u, double v, double u0, double v0, double u1, double v1) {
        double du = u1 - u0, dv = v1 - v0;
        double len2 = du * du + dv * dv;
        double t = len2 == 0 ? 0 : Math.clamp(((u - u0) * du + (v - v0) * dv) / len2, 0.0, 1.0);
        double eu = u - (u0 + t * du), ev = v - (v0 + t * dv);
        return eu * eu + ev * ev;
    }

    /** A straight thin line, lighter or darker than the surface. */
    record Scratch(double u0, double v0, double u1, double v1, double halfWidth, double strength, double target,
                   Box box) implements DefectMark {
        static Scratch of(double u, double v, double s, SplittableRandom r, double target) {
            double length = 0.08 + 0.24 * s;
            double angle = r.nextDouble(0, StrictMath.PI);
            double du = 0.5 * length * StrictMath.cos(angle), dv = 0.5 * length * StrictMath.sin(angle);
            double hw = 0.0035 + 0.004 * s;
            double pad = 3 * hw;
            Box box = new Box(Math.min(u - du, u + du) - pad, Math.min(v - dv, v + dv) - pad,
                    Math.max(u - du, u + du) + pad, Math.max(v - dv, v + dv) + pad);
            return new Scratch(u - du, v - dv, u + du, v + dv, hw, 0.08 + 0.72 * s, target, box);
        }

        @Override
        public void apply(double u, double v, double[] rgb) {
            double d2 = segmentDistance2(u, v, u0, v0, u1, v1) / (halfWidth * halfWidth);
            if (d2 < 9) {
                toward(rgb, target, strength * StrictMath.exp(-d2));
            }
        }
    }

    /** A round dent, shaded light on the side facing the lamp and dark on the other. */
    record Dent(double uc, double vc, double radius, double strength, double lightU, double lightV, Box box)
            implements DefectMark {
        static Dent of(double u, double v, double s, SplittableRandom r) {
            double radius = 0.025 + 0.05 * s;
            double angle = r.nextDouble(0, 2 * StrictMath.PI);
            return new Dent(u, v, radius, 0.12 + 0.5 * s, StrictMath.cos(angle), StrictMath.sin(angle),
                    Box.around(u, v, radius));
        }

        @Override
        public void apply(double u, double v, double[] rgb) {
            double du = (u - uc) / radius, dv = (v - vc) / radius;
            double q = du * du + dv * dv;
            if (q >= 1) {
                return;
            }
            // slope of the bump h = (1 - q)^2 towards the light: one side bright, the other dark
            double slope = -4 * (1 - q) * (du * lightU + dv * lightV);
            double shade = strength * slope * 0.6;
            for (int c = 0; c < 3; c++) {
                rgb[c] = rgb[c] * (1 + shade) + 0.45 * Math.max(shade, 0);
            }
        }
    }

    /** A cluster of small pits: a dark core with a light rim, so they show on dark and light parts. */
    record Pits(double[] us, double[] vs, double radius, double depth, Box box) implements DefectMark {
        static Pits of(double u, double v, double s, SplittableRandom r) {
            double spread = 0.02 + 0.04 * s;
            int n = 3 + (int) Math.round(9 * s);
            double[] us = new double[n], vs = new double[n];
            for (int i = 0; i < n; i++) {
                double a = r.nextDouble(0, 2 * StrictMath.PI);
                double d = spread * StrictMath.sqrt(r.nextDouble());
                us[i] = u + d * StrictMath.cos(a);
                vs[i] = v + d * StrictMath.sin(a);
            }
            double radius = 0.004 + 0.005 * s;
            return new Pits(us, vs, radius, 0.3 + 0.6 * s, Box.around(u, v, spread + 3 * radius));
        }

        @Override
        public void apply(double u, double v, double[] rgb) {
            for (int i = 0; i < us.length; i++) {
                double du = u - us[i], dv = v - vs[i];
                double d = StrictMath.sqrt(du * du + dv * dv) / radius;
                if (d < 3) {
                    double core = StrictMath.exp(-d * d);
                    double rimT = (d - 1.4) / 0.6;
                    double rim = StrictMath.exp(-rimT * rimT);
                    for (int c = 0; c < 3; c++) {
                        rgb[c] = rgb[c] * (1 - depth * core) + 0.3 * depth * rim * (1 - rgb[c]);
                    }
                }
            }
        }
    }

    /** A discoloured blotch with an irregular edge, tinted towards yellow-brown. */
    record Stain(double uc, double vc, double ru, double rv, double cos, double sin, double strength,
                 double phaseU, double phaseV, Box box) implements DefectMark {
        private static final double[] TINT = {0.62, 0.48, 0.22};

        static Stain of(double u, double v, double s, SplittableRandom r) {
            double ru = 0.045 + 0.09 * s;
            double rv = ru * r.nextDouble(0.6, 1.2);
            double angle = r.nextDouble(0, StrictMath.PI);
            return new Stain(u, v, ru, rv, StrictMath.cos(angle), StrictMath.sin(angle), 0.08 + 0.45 * s,
                    r.nextDouble(0, 6.3), r.nextDouble(0, 6.3), Box.around(u, v, 1.15 * Math.max(ru, rv)));
        }

        @Override
        public void apply(double u, double v, double[] rgb) {
            double du = u - uc, dv = v - vc;
            double a = (du * cos + dv * sin) / ru, b = (-du * sin + dv * cos) / rv;
            double wobble = 1 + 0.15 * StrictMath.sin(a * 4.1 + phaseU) * StrictMath.sin(b * 3.7 + phaseV);
            double q = (a * a + b * b) / (wobble * wobble);
            if (q < 1) {
                double p = strength * (1 - q) * (1 - q);
                for (int c = 0; c < 3; c++) {
                    rgb[c] += p * (TINT[c] - rgb[c]);
                }
            }
        }
    }

    /** A jagged crack, with a branch when large; lighter or darker than the surface. */
    record Crack(double[] segments, double halfWidth, double strength, double target, Box box)
            implements DefectMark {
        static Crack of(double u, double v, double s, SplittableRandom r, double target,
                        double halfWidth, double halfHeight) {
            int n = 5 + (int) Math.round(8 * s);
            int branch = s > 0.5 ? 3 + (int) Math.round(3 * s) : 0;
            double[] seg = new double[4 * (n + branch)];
            double heading = r.nextDouble(0, 2 * StrictMath.PI);
            double step = 0.018 + 0.01 * s;
            double limU = halfWidth - 0.03, limV = halfHeight - 0.03;
            double cu = u, cv = v, bu = u, bv = v, bh = heading + 1.2;
            for (int i = 0; i < n + branch; i++) {
                if (i == n) {
                    cu = bu;
                    cv = bv;
                    heading = bh;
                }
                heading += r.nextDouble(-0.6, 0.6);
                double nu = Math.clamp(cu + step * StrictMath.cos(heading), -limU, limU);
                double nv = Math.clamp(cv + step * StrictMath.sin(heading), -limV, limV);
                seg[4 * i] = cu;
                seg[4 * i + 1] = cv;
                seg[4 * i + 2] = nu;
                seg[4 * i + 3] = nv;
                cu = nu;
                cv = nv;
                if (i == n / 2) {
                    bu = cu;
                    bv = cv;
                }
            }
            double hw = 0.003 + 0.003 * s;
            double minU = Double.MAX_VALUE, minV = Double.MAX_VALUE, maxU = -Double.MAX_VALUE, maxV = -Double.MAX_VALUE;
            for (int i = 0; i < seg.length; i += 2) {
                minU = Math.min(minU, seg[i]);
                maxU = Math.max(maxU, seg[i]);
                minV = Math.min(minV, seg[i + 1]);
                maxV = Math.max(maxV, seg[i + 1]);
            }
            double pad = 3 * hw;
            return new Crack(seg, hw, 0.25 + 0.6 * s, target, new Box(minU - pad, minV - pad, maxU + pad, maxV + pad));
        }

        @Override
        public void apply(double u, double v, double[] rgb) {
            double best = Double.MAX_VALUE;
            for (int i = 0; i < segments.length; i += 4) {
                best = Math.min(best, segmentDistance2(u, v, segments[i], segments[i + 1], segments[i + 2], segments[i + 3]));
            }
            double d2 = best / (halfWidth * halfWidth);
            if (d2 < 9) {
                toward(rgb, target, strength * StrictMath.exp(-d2));
            }
        }
    }
}
