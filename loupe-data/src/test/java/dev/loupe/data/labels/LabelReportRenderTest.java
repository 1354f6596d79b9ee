package dev.loupe.data.labels;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LabelReportRenderTest {

    @Test
    void json_undefinedKappa_isNullWithTheReason() {
        LabelTable t = Tables.rows(new String[]{"ok", "ok"}, new String[]{"ok", "ok"});
        LabelReport report = LabelCheck.run(t, LabelCheckTest.BOOK, Optional.of("defect"), 0.8, "test");

        JsonNode json = LabelReportJson.tree(report);

        JsonNode pair = json.at("/agreement/cohen_kappa/0");
        assertThat(pair.get("value").isNull()).isTrue();
        assertThat(pair.get("undefined").asText()).contains("observed = expected agreement = 1");
        assertThat(pair.get("observed").isNull()).isTrue();
        assertThat(json.at("/human_level/positive_recall").isNull()).isTrue();
    }

    @Test
    void json_listsEveryDisagreementAndTheBiasedAnnotator() {
        PlantedLabels planted = new PlantedLabels(7, 300, 4);
        LabelReport report = LabelCheckTest.check(planted.table);

        JsonNode json = LabelReportJson.tree(report);

        assertThat(json.get("disagreements").size()).isEqualTo(report.disagreements().size());
        assertThat(json.at("/biases/0/annotator").asText()).isEqualTo("carol");
        assertThat(json.at("/label_book/1/definition").asText()).contains("pit mark");
        assertThat(json.at("/annotator_scores/2/confusion/1/given/ok").asInt())
                .isEqualTo(report.annotatorScores().get(2).confusion().count(1, 0));
    }

    @Test
    void text_showsTheLabelBookBesideTheDisagreementsAndCutsLongLists() {
        PlantedLabels planted = new PlantedLabels(7, 300, 4);
        LabelReport report = LabelCheckTest.check(planted.table);

        String text = LabelReportText.render(report, 5);

        assertThat(text).contains("Label book", "A scratch, dent or pit mark", "Disagreements, worst first",
                "(showing 5; --json lists all)", "annotator-bias", "baselines.human_level_recall");
        assertThat(text.indexOf("Label book")).isLessThan(text.indexOf("Disagreements, worst first"));
        String first = report.disagreements().getFirst().item();
        String sixth = report.disagreements().get(5).item();
        assertThat(text).contains(first).doesNotContain(sixth + " ");
    }

    @Test
    void text_undefinedCoefficient_saysWhyInsteadOfANumber() {
        LabelTable t = Tables.rows(new String[]{"ok", "ok"}, new String[]{"ok", "ok"});
        LabelReport report = LabelCheck.run(t, List.of(), Optional.empty(), 0.8, "test");

        assertThat(LabelReportText.render(report, 20)).contains("undefined: every label is the same single label");
    }
}
