package dev.loupe.data.labels;

import dev.loupe.core.project.Project;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LabelCheckTest {

    static final List<Project.Label> BOOK = List.of(
            new Project.Label("ok", "No visible defect."),
            new Project.Label("defect", "A scratch, dent or pit mark, whatever its size."));

    static LabelReport check(LabelTable table) {
        return LabelCheck.run(table, BOOK, Optional.of("defect"), 0.8, "test");
    }

    @Test
    void check_annotatorWhoMissesDefects_isNamedAsBiasedTowardsOk() {
        LabelReport report = check(new PlantedLabels(7, 600, 0).table);

        assertThat(report.biases()).extracting(AnnotatorBias::annotator).containsExactly("carol");
        AnnotatorBias bias = report.biases().getFirst();
        assertThat(bias.referenceLabel()).isEqualTo("defect");
        assertThat(bias.givenLabel()).isEqualTo("ok");
        assertThat(report.findings()).anySatisfy(f -> {
            assertThat(f.type()).isEqualTo("annotator-bias");
            assertThat(f.subject()).isEqualTo("carol");
        });
    }

    @Test
    void check_plantedAmbiguousItems_areInTheRelabelQueue() {
        PlantedLabels planted = new PlantedLabels(7, 600, 12);

        LabelReport report = check(planted.table);

        List<String> queued = report.relabelQueue().stream().map(RelabelItem::item).toList();
        assertThat(queued).containsAll(planted.ambiguous);
        assertThat(queued.size()).isLessThan(planted.ambiguous.size() + 60);
        assertThat(report.relabelQueue()).allSatisfy(r -> assertThat(r.confidence()).isLessThan(0.8));
    }

    @Test
    void check_humanLevelRecall_isLowForTheAnnotatorWhoMissesDefects() {
        LabelReport report = check(new PlantedLabels(7, 600, 0).table);

        AnnotatorScore carol = score(report, "carol");
        AnnotatorScore alice = score(report, "alice");
        assertThat(carol.positiveRecall()).isCloseTo(0.4, within(0.1));
        assertThat(alice.positiveRecall()).isCloseTo(0.9, within(0.06));
        assertThat(report.humanLevel().positiveRecall())
                .isBetween(carol.positiveRecall(), alice.positiveRecall());
        assertThat(carol.confusion().count(1, 0)).isGreaterThan(carol.confusion().count(1, 1));
    }

    @Test
    void check_disagreements_mostSplitFirstThenReliableMinorityFirst() {
        // r1..r3 agree on every clear item and are reliable; r4 is often wrong
        LabelTable.Builder b = LabelTable.builder();
        String[][] clear = {{"ok", "ok", "ok", "defect"}, {"defect", "defect", "defect", "ok"},
                {"ok", "ok", "ok", "ok"}, {"defect", "defect", "defect", "defect"}};
        for (int i = 0; i < 40; i++) {
            String[] row = clear[i % clear.length];
            for (int a = 0; a < 4; a++) {
                b.put("clear" + i, "r" + (a + 1), row[a]);
            }
        }
        put(b, "even", "ok", "ok", "defect", "defect");
        put(b, "reliableMinority", "defect", "ok", "ok", "ok");
        put(b, "unreliableMinority", "ok", "ok", "ok", "defect");

        List<Disagreement> d = check(b.build(List.of("ok", "defect"))).disagreements();

        List<String> order = d.stream().map(Disagreement::item).filter(i -> !i.startsWith("clear")).toList();
        assertThat(order).containsExactly("even", "reliableMinority", "unreliableMinority");
        assertThat(d.getFirst().item()).isEqualTo("even");
        assertThat(d.getFirst().split()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void check_labelMissingFromTheLabelBook_isAnError() {
        LabelTable t = Tables.rows(new String[]{"ok", "ok"}, new String[]{"scratch", "defect"}, new String[]{"defect", "defect"});

        LabelReport report = check(t);

        assertThat(report.failed()).isTrue();
        assertThat(report.findings()).anySatisfy(f -> {
            assertThat(f.type()).isEqualTo("unknown-label");
            assertThat(f.subject()).isEqualTo("scratch");
        });
    }

    @Test
    void check_everyoneAlwaysSaysOk_reportsUndefinedAgreementNotAFailure() {
        LabelTable t = Tables.rows(new String[]{"ok", "ok"}, new String[]{"ok", "ok"});

        LabelReport report = check(t);

        assertThat(report.agreement().headline()).isInstanceOf(Agreement.Undefined.class);
        assertThat(report.findings()).anySatisfy(f -> assertThat(f.type()).isEqualTo("undefined-agreement"));
        assertThat(report.failed()).isFalse();
        assertThat(report.humanLevel().positiveRecall()).isNaN();
    }

    @Test
    void check_annotatorWithNoOverlappingItems_isReportedNotScored() {
        LabelTable.Builder b = LabelTable.builder();
        for (int i = 0; i < 20; i++) {
            String label = i % 3 == 0 ? "defect" : "ok";
            b.put("shared" + i, "ann", label).put("shared" + i, "ben", label);
            b.put("alone" + i, "eve", label);
        }

        LabelReport report = check(b.build(List.of("ok", "defect")));

        assertThat(report.agreement().pairs()).filteredOn(p -> p.second().equals("eve"))
                .extracting(LabelReport.PairAgreement::kappa)
                .containsOnly(new Agreement.Undefined(Agreement.Reason.NO_OVERLAP, 0));
        assertThat(report.findings()).filteredOn(f -> f.subject().endsWith("~eve"))
                .extracting(LabelReport.Finding::type).containsOnly("undefined-agreement");
        AnnotatorScore eve = score(report, "eve");
        assertThat(eve.items()).isZero();
        assertThat(eve.accuracy()).isNaN();
        assertThat(LabelReportText.render(report, 10)).contains("ann ~ eve", "undefined: no item labelled by both");
    }

    @Test
    void check_randomLabels_failsWithLowAgreement() {
        java.util.Random rnd = new java.util.Random(5);
        LabelTable.Builder b = LabelTable.builder();
        for (int i = 0; i < 100; i++) {
            for (int a = 0; a < 3; a++) {
                b.put("i" + i, "r" + a, rnd.nextBoolean() ? "ok" : "defect");
            }
        }

        LabelReport report = check(b.build(List.of("ok", "defect")));

        assertThat(report.failed()).isTrue();
        assertThat(report.findings()).anySatisfy(f -> {
            assertThat(f.type()).isEqualTo("low-agreement");
            assertThat(f.severity()).isEqualTo(LabelReport.Severity.ERROR);
        });
    }

    private static void put(LabelTable.Builder b, String item, String... labels) {
        for (int a = 0; a < labels.length; a++) {
            b.put(item, "r" + (a + 1), labels[a]);
        }
    }

    private static AnnotatorScore score(LabelReport report, String name) {
        return report.annotatorScores().stream().filter(s -> s.annotator().equals(name)).findFirst().orElseThrow();
    }
}
