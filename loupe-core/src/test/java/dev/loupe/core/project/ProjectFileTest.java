package dev.loupe.core.project;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProjectFileTest {

    @Test
    void template_parsesToTheDocumentedDefaults() {
        Project p = ProjectFile.parse(ProjectFile.template(), "loupe.yaml");
        assertThat(p.name()).isEqualTo("phone-covers");
        assertThat(p.task()).isEqualTo(Project.Task.BINARY_CLASSIFICATION);
        assertThat(p.labelNames()).containsExactly("ok", "defect");
        assertThat(p.positive()).isEqualTo("defect");
        assertThat(p.label("ok").orElseThrow().definition()).contains("Dust specks");
        assertThat(p.inputs()).isEqualTo(new Project.Inputs(p.inputs().description(), 128, 128, Project.Colour.RGB));
        assertThat(p.targets().recall()).isEqualTo(0.98);
        assertThat(p.targets().falseRejectRate()).isEqualTo(0.02);
        assertThat(p.baselines().humanLevelRecall()).isEmpty();
    }

    @Test
    void parse_targetOutOfRange_namesLineAndField() {
        String yaml = ProjectFile.template().replace("recall: 0.98", "recall: 1.5");
        int line = lineOf(yaml, "recall: 1.5");
        assertThatThrownBy(() -> ProjectFile.parse(yaml, "loupe.yaml"))
                .isInstanceOf(ProjectException.class)
                .hasMessage("loupe.yaml line " + line + ": targets.recall: must be between 0 and 1 (got 1.5)");
    }

    @Test
    void parse_unknownField_namesIt() {
        String yaml = ProjectFile.template().replace("  p99_latency_ms: 50", "  p99_latency: 50");
        assertThatThrownBy(() -> ProjectFile.parse(yaml, "loupe.yaml"))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("line " + lineOf(yaml, "p99_latency: 50"))
                .hasMessageContaining("targets.p99_latency: unknown field");
    }

    @Test
    void parse_positiveNotALabel_isRejected() {
        String yaml = ProjectFile.template().replace("positive: defect", "positive: scratch");
        assertThatThrownBy(() -> ProjectFile.parse(yaml, "loupe.yaml"))
                .hasMessageContaining("y.positive: 'scratch' is not one of the labels [ok, defect]");
    }

    @Test
    void parse_labelWithoutDefinition_isRejected() {
        String yaml = """
                name: p
                task: binary-classification
                x: {width: 64, height: 64, colour: rgb}
                y:
                  positive: defect
                  labels:
                    ok: "fine"
                    defect: {}
                targets: {recall: 0.9, false_reject_rate: 0.1, p99_latency_ms: 10, throughput_per_second: 10}
                """;
        assertThatThrownBy(() -> ProjectFile.parse(yaml, "p.yaml"))
                .hasMessageContaining("p.yaml line 8: y.labels.defect.definition: is required");
    }

    @Test
    void parse_missingSection_namesIt() {
        assertThatThrownBy(() -> ProjectFile.parse("name: p\ntask: binary-classification\n", "p.yaml"))
                .hasMessageContaining("x: is required");
    }

    @Test
    void parse_stageSectionsAreKeptForTheirStage() {
        String yaml = ProjectFile.template() + "\ndecision:\n  review_band: [0.3, 0.7]\n";
        Project p = ProjectFile.parse(yaml, "loupe.yaml");
        assertThat(p.section("decision")).isPresent();
        assertThat(p.section("decision").orElseThrow().get("review_band").get(1).asDouble()).isEqualTo(0.7);
        assertThat(p.lineOf("decision.review_band")).isEqualTo(lineOf(yaml, "review_band: [0.3, 0.7]"));
    }

    @Test
    void parse_wrongType_saysWhatWasExpected() {
        String yaml = ProjectFile.template().replace("width: 128", "width: wide");
        assertThatThrownBy(() -> ProjectFile.parse(yaml, "loupe.yaml"))
                .hasMessageContaining("x.width: must be a whole number (got 'wide')");
    }

    private static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle);
    }
}
