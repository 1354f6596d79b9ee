package dev.loupe.data.validate;

import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;
import dev.loupe.core.image.ImageStats;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.apache.commons.statistics.inference.PValueMethod;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Train/test (and train/validation) skew of each per-image statistic, by the two-sample Kolmogorov-Smirnov
 * test. A statistic is flagged only when the difference is both significant (p below {@link #MAX_P}) and
 * large: KS distance D at least {@link #MIN_D}, the share of the distributions that does not overlap. A
 * random split of 2,000 images has D around 0.05, far below; a lamp dimmed for the test images gives D near 1.
 * Each finding names the {@link #EXAMPLES} split samples furthest from the train median in the shift's direction.
 */
final class SkewCheck implements Check {
    static final double MAX_P = 1e-3;
    static final double MIN_D = 0.25;
    static final int MIN_SAMPLES = 20;
    static final int EXAMPLES = 10;

    private static final KolmogorovSmirnovTest KS = KolmogorovSmirnovTest.withDefaults().with(PValueMethod.ASYMPTOTIC);

    @Override
    public List<Finding> run(List<Sample> samples) {
        List<Sample> train = readableIn(samples, Split.TRAIN);
        List<Finding> out = new ArrayList<>();
        for (Split other : new Split[]{Split.VALIDATION, Split.TEST}) {
            List<Sample> cmp = readableIn(samples, other);
            if (train.size() < MIN_SAMPLES || cmp.size() < MIN_SAMPLES) {
                continue;
            }
            for (String stat : ImageStats.NAMES) {
                double[] a = StatisticsSummary.values(train, stat);
                double[] b = StatisticsSummary.values(cmp, stat);
                var r = KS.test(a, b);
                if (r.getPValue() < MAX_P && r.getStatistic() >= MIN_D) {
                    out.add(finding(stat, other, a, b, cmp, r.getStatistic(), r.getPValue()));
                }
            }
        }
        return out;
    }

    private static Finding finding(String stat, Split other, double[] train, double[] cmp, List<Sample> cmpSamples,
                                   double d, double p) {
        Quantiles qa = Quantiles.of(train);
        Quantiles qb = Quantiles.of(cmp);
        double sign = Math.signum(qb.p50() - qa.p50());
        double median = qa.p50();
        List<String> examples = cmpSamples.stream()
                .sorted(Comparator.comparingDouble((Sample s) -> -sign * (value(s, stat) - median)))
                .limit(EXAMPLES).map(Sample::path).toList();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("statistic", stat);
        details.put("split", other.lower());
        details.put("ks_d", d);
        details.put("p_value", p);
        details.put("train_median", qa.p50());
        details.put("split_median", qb.p50());
        return new Finding(FindingType.SPLIT_SKEW, Severity.WARNING, String.format(Locale.ROOT,
                "%s differs between train and %s: KS D=%.2f (p=%.1e), median %.4f vs %.4f", stat, other.lower(), d, p,
                qa.p50(), qb.p50()), examples, details);
    }

    private static double value(Sample s, String stat) {
        return ((Sample.ImageInfo.Decoded) s.image()).stats().get(stat);
    }

    private static List<Sample> readableIn(List<Sample> samples, Split split) {
        return samples.stream().filter(s -> s.split() == split && s.readable()).toList();
    }
}
