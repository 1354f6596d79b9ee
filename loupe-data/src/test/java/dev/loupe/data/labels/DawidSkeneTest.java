package dev.loupe.data.labels;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DawidSkeneTest {

    @Test
    void consensus_oneAnnotatorBiasedTowardsOk_recoversTruthBetterThanMajority() {
        PlantedLabels planted = new PlantedLabels(7, 600, 0);
        Consensus consensus = DawidSkene.fit(planted.table);
        int[] ds = new int[planted.table.itemCount()];
        for (int i = 0; i < ds.length; i++) {
            ds[i] = consensus.label(i);
        }

        double dsAccuracy = planted.accuracy(ds);
        double majorityAccuracy = planted.accuracy(MajorityVote.of(planted.table));

        assertThat(consensus.converged()).isTrue();
        assertThat(dsAccuracy).isGreaterThan(majorityAccuracy + 0.02);
        assertThat(dsAccuracy).isGreaterThan(0.95);
    }

    @Test
    void consensus_learnsTheBiasedAnnotatorsConfusion() {
        PlantedLabels planted = new PlantedLabels(11, 600, 0);
        Consensus consensus = DawidSkene.fit(planted.table);
        int carol = planted.table.annotatorIndex("carol");
        int ok = planted.table.labels().indexOf("ok");
        int defect = planted.table.labels().indexOf("defect");

        double[][] pi = consensus.confusion(carol);

        assertThat(pi[defect][ok]).isCloseTo(0.6, within(0.1));
        assertThat(pi[ok][ok]).isCloseTo(0.97, within(0.03));
        assertThat(consensus.estimatedAccuracy(carol))
                .isLessThan(consensus.estimatedAccuracy(planted.table.annotatorIndex("alice")));
    }

    @Test
    void consensus_unanimousTable_isConfident() {
        LabelTable t = Tables.rows(new String[]{"ok", "ok", "ok"}, new String[]{"defect", "defect", "defect"},
                new String[]{"ok", "ok", "ok"}, new String[]{"defect", "defect", "defect"});

        Consensus c = DawidSkene.fit(t);

        for (int i = 0; i < t.itemCount(); i++) {
            assertThat(c.labelName(i)).isEqualTo(t.label(i, 0).orElseThrow());
            assertThat(c.confidence(i)).isGreaterThan(0.9);
        }
    }

    @Test
    void consensus_sameTableTwice_givesSamePosteriors() {
        PlantedLabels planted = new PlantedLabels(3, 200, 5);

        Consensus first = DawidSkene.fit(planted.table);
        Consensus second = DawidSkene.fit(planted.table);

        for (int i = 0; i < planted.table.itemCount(); i++) {
            assertThat(second.posterior(i)).containsExactly(first.posterior(i));
        }
    }

    @Test
    void posteriorWithout_theOnlyAnnotator_isAllZeros() {
        LabelTable t = Tables.rows(new String[]{"ok", null}, new String[]{"ok", "defect"});

        Consensus c = DawidSkene.fit(t);

        assertThat(c.posteriorWithout(0, 0)).containsExactly(0, 0);
        assertThat(List.of(c.labelName(0))).containsExactly("ok");
    }
}
