package dev.loupe.cli.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.cli.CliRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The main job end to end, small: {@code loupe quickstart --exit} on a fresh home, then its summary's
 * figures checked against what the stores hold and what {@code loupe eval} says.
 */
class QuickstartCommandTest {

    @TempDir
    static Path dir;
    static Path home;
    static CliRun run;
    static Map<String, Double> figures;

    @BeforeAll
    static void runQuickstart() {
        home = dir.resolve("home");
        run = CliRun.of("quickstart", "--exit", "--home", home.toString(), "--port", "0",
                "--images", "800", "--frames", "1500");
        figures = QuickstartCommand.lastFigures;
    }

    @Test
    void quickstart_exitsZero_andPrintsTheSummaryTable() {
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Loupe server: http://127.0.0.1:", "Summary", "generate", "import", "validate",
                "labels", "train baseline", "train cnn", "line (dimming)", "monitor", "review", "retrain pipeline");
    }

    @Test
    void quickstart_driftAlarmComesAfterTheLampStartsFading() {
        double onset = figures.get("drift_onset_frame");
        double alarm = figures.get("drift_alarm_frame");
        assertThat(alarm).as(run.out()).isGreaterThan(onset);
        assertThat(figures.get("drift_detection_delay_frames")).isEqualTo(alarm - onset);
        assertThat(figures.get("images_reviewed")).isPositive();
    }

    @Test
    void quickstart_decisionsAddUpToTheFramesRun() {
        double decided = figures.getOrDefault("decisions_pass", 0.0) + figures.getOrDefault("decisions_reject", 0.0)
                + figures.getOrDefault("decisions_review", 0.0);
        assertThat(decided).isEqualTo(figures.get("line_frames"));
    }

    /**
     * Whether the dimmed review-band test images were all of one class: the CNN's review band decides which images
     * are reviewed, and another training trajectory (two PyTorch threads on a busy machine) can leave only good parts
     * or only defects among the few that land in the test split. Then the summary has that class's figure alone
     * (recall or false-reject rate) and no AUROC or balanced accuracy.
     */
    private static boolean dimmedOfOneClass() {
        boolean recall = figures.containsKey("old_model_dimmed_recall");
        boolean falseRejects = figures.containsKey("old_model_dimmed_false_reject_rate");
        assertThat(recall || falseRejects).as("the pipeline compared the models on dimmed images: " + figures).isTrue();
        return recall != falseRejects;
    }

    @Test
    void quickstart_pipelineComparedOldAndNewOnTheSameImages() {
        assertThat(figures).containsKeys("old_model_original_test_auroc", "new_model_original_test_auroc", "pipeline_promoted");
        if (dimmedOfOneClass()) {
            assertThat(figures).doesNotContainKeys("old_model_dimmed_auroc", "new_model_dimmed_auroc");
        } else {
            assertThat(figures).containsKeys("old_model_dimmed_auroc", "new_model_dimmed_auroc");
        }
        CliRun history = CliRun.of("pipeline", "history", "--home", home.toString());
        assertThat(history.exitCode()).as(history.toString()).isZero();
        assertThat(history.out()).contains("defect-cnn");
    }

    @Test
    void quickstart_championMovesOnlyForAChallengerThatMeetsTheGate() {
        CliRun show = CliRun.of("models", "show", "defect-cnn", "--home", home.toString());
        assertThat(show.exitCode()).as(show.toString()).isZero();
        if (figures.get("pipeline_promoted") == 1.0) {
            // the quickstart project's gate: better on the dimmed images, at most 0.02 AUROC and 0.03 recall
            // lost on the original test set
            if (!dimmedOfOneClass()) { // else the gate could not compare them there (it says so: "not checked")
                assertThat(figures.get("new_model_dimmed_balanced_accuracy"))
                        .isGreaterThan(figures.get("old_model_dimmed_balanced_accuracy"));
            }
            assertThat(figures.get("old_model_original_test_auroc") - figures.get("new_model_original_test_auroc"))
                    .isLessThanOrEqualTo(0.02 + 1e-9);
            assertThat(figures.get("old_model_original_test_recall") - figures.get("new_model_original_test_recall"))
                    .isLessThanOrEqualTo(0.03 + 1e-9);
            assertThat(show.out()).contains("champion=2");
        } else {
            assertThat(run.out()).containsAnyOf("gate failed", "rolled back");
            assertThat(show.out()).contains("champion=1");
        }
    }

    @Test
    void quickstart_cnnFigureMatchesLoupeEval() throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("imported (phone-covers@[0-9a-f]+)").matcher(run.out());
        assertThat(m.find()).as(run.out()).isTrue();
        // the original version: the pipeline has since assembled a newer one of the same name
        CliRun eval = CliRun.of("eval", "--model", "defect-cnn/1", "--dataset", m.group(1), "--split", "test",
                "--json", "--home", home.toString(), "--project", home.resolve("loupe.yaml").toString());
        assertThat(eval.exitCode()).as(eval.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(eval.out());
        assertThat(json.findValue("auroc").asDouble()).isCloseTo(figures.get("cnn_test_auroc"), within(1e-9));
        // the pipeline's "original test set" is the same images (splits follow the content hash)
        assertThat(figures.get("old_model_original_test_auroc")).isCloseTo(figures.get("cnn_test_auroc"), within(1e-9));
        if (figures.get("pipeline_promoted") == 1.0) {
            CliRun challenger = CliRun.of("eval", "--model", "defect-cnn/2", "--dataset", m.group(1), "--split", "test",
                    "--json", "--home", home.toString(), "--project", home.resolve("loupe.yaml").toString());
            assertThat(challenger.exitCode()).as(challenger.toString()).isZero();
            assertThat(new ObjectMapper().readTree(challenger.out()).findValue("auroc").asDouble())
                    .isCloseTo(figures.get("new_model_original_test_auroc"), within(1e-9));
        }
    }
}
