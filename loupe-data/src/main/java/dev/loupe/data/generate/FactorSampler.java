package dev.loupe.data.generate;

import java.util.SplittableRandom;

/**
 * Draws the {@link Factors} of a frame: the stable line's distributions, then the scenario's change.
 *
 * <p>Every random number is drawn for every frame in the same order whatever the scenario, so two
 * scenarios with the same seed make the same parts (same defects, colours, positions) and differ only
 * in what the scenario changes. Values are rounded to 4 decimals, so the manifest holds exactly the
 * factors the image was rendered from. Stateless and thread-safe.
 */
final class FactorSampler {
    private static final double[] TYPE_SHARES = {0.30, 0.25, 0.25, 0.20};
    private static final DefectType[] STABLE_TYPES =
            {DefectType.SCRATCH, DefectType.DENT, DefectType.PITS, DefectType.DISCOLORATION};
    private static final double SURGE_BEFORE = 0.02;
    private static final double SURGE_AFTER = 0.10;
    private static final double DIMMING_DROP = 0.55;
    private static final double DEFOCUS_SIGMA_AT_128 = 2.5;

    private final Scenario scenario;
    private final long seed;
    private final LineOptions options;

    FactorSampler(Scenario scenario, long seed, LineOptions options) {
        this.scenario = scenario;
        this.seed = seed;
        this.options = options;
    }

    Factors sample(long frame) {
        SplittableRandom r = Seeds.random(seed, frame, Seeds.FACTORS);
        double uDefect = r.nextDouble();
        double uType = r.nextDouble();
        double uSize = r.nextDouble();
        double uCrack = r.nextDouble();
        double uVariant = r.nextDouble();
        double uNewVariant = r.nextDouble();
        double lightJitter = Seeds.gaussian(r);
        double gradient = r.nextDouble(0, 0.25);
        double blurAt128 = r.nextDouble(0, 0.6);
        double noise = r.nextDouble(0.005, 0.025);
        double rotation = Math.clamp(3.0 * Seeds.gaussian(r), -8.0, 8.0);
        double offsetX = r.nextDouble(-0.05, 0.05);
        double offsetY = r.nextDouble(-0.05, 0.05);
        double uDust = r.nextDouble();
        double uGlare = r.nextDouble();
        double glareStrength = r.nextDouble(0.15, 0.6);

        long length = options.streamLength();
        boolean active = Scenario.active(frame, length);
        double ramp = Scenario.ramp(frame, length);

        double rate = scenario == Scenario.DEFECT_SURGE ? (active ? SURGE_AFTER : SURGE_BEFORE) : options.defectRate();
        DefectType type = DefectType.NONE;
        double size = 0;
        if (uDefect < rate) {
            type = scenario == Scenario.NEW_DEFECT && active && uCrack < 0.5 ? DefectType.CRACK : pick(uType);
            size = 0.05 + 0.95 * uSize;
        }

        double lighting = 1.0 + Math.clamp(0.04 * lightJitter, -0.12, 0.12);
        if (scenario == Scenario.DIMMING) {
            lighting *= 1.0 - DIMMING_DROP * ramp;
        }
        double blur = blurAt128;
        if (scenario == Scenario.DEFOCUS) {
            blur += DEFOCUS_SIGMA_AT_128 * ramp;
        }
        blur *= options.size() / 128.0;
        Variant variant = scenario == Scenario.NEW_VARIANT && active && uNewVariant < 0.5
                ? Variant.CORAL : stableVariant(uVariant);
        int dust = (int) Math.min(8, -1.6 * StrictMath.log(1 - uDust));
        double glare = uGlare < 0.3 ? glareStrength : 0;

        return new Factors(frame, type == DefectType.NONE ? Label.OK : Label.DEFECT, type, round(size),
                round(lighting), round(gradient), variant, round(blur), round(noise), round(rotation),
                round(offsetX), round(offsetY), dust, round(glare));
    }

    private static DefectType pick(double u) {
        double acc = 0;
        for (int i = 0; i < STABLE_TYPES.length; i++) {
            acc += TYPE_SHARES[i];
            if (u < acc) {
                return STABLE_TYPES[i];
            }
        }
        return STABLE_TYPES[STABLE_TYPES.length - 1];
    }

    private static Variant stableVariant(double u) {
        double acc = 0;
        Variant last = Variant.GRAPHITE;
        for (Variant v : Variant.values()) {
            if (v.stableShare() > 0) {
                acc += v.stableShare();
                last = v;
                if (u < acc) {
                    return v;
                }
            }
        }
        return last;
    }

    static double round(double x) {
        return Math.round(x * 10_000.0) / 10_000.0;
    }
}
