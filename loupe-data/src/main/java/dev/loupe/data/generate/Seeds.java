package dev.loupe.data.generate;

import java.util.SplittableRandom;

/**
 * Independent random streams per (seed, frame, purpose), so any frame can be made alone, in any order,
 * on any thread, with the same result. Mixing is the MurmurHash3 64-bit finaliser.
 */
final class Seeds {
    static final long FACTORS = 0x46414354L;
    static final long RENDER = 0x52454e44L;
    static final long DEFECT = 0x44454645L;
    static final long ANNOTATOR = 0x414e4e4fL;

    private Seeds() {
    }

    static SplittableRandom random(long seed, long frame, long purpose) {
        long h = fmix(seed ^ 0x9E3779B97F4A7C15L);
        h = fmix(h + frame * 0xC2B2AE3D27D4EB4FL);
        h = fmix(h ^ purpose);
        return new SplittableRandom(h);
    }

    /**
     * A standard normal draw (Box-Muller with {@link StrictMath}), so the value is the same on every JVM
     * and in interpreted and compiled code alike; {@code RandomGenerator.nextGaussian} gives no such promise.
     */
    static double gaussian(SplittableRandom r) {
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
