package dev.loupe.train.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.core.dataset.Split;
import dev.loupe.core.image.Images;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.TestDescriptors;
import dev.loupe.core.model.TestGraphs;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.train.PlantedDataset;
import dev.loupe.train.TrainingData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EvaluatorTest {

    @TempDir
    Path dir;
    FileBlobStore blobs;
    TrainingData data;
    ImageClassifier classifier;

    @BeforeEach
    void setUp() throws Exception {
        blobs = new FileBlobStore(dir.resolve("blobs"));
        data = PlantedDataset.create(blobs, 60, 32, 9);
        // score = sigmoid(mean brightness): a poor model, so there are errors to analyse
        classifier = ImageClassifier.load(ModelPackage.of(TestDescriptors.grayscale(32, 32, 0.62), TestGraphs.meanSigmoid(1)), 1);
    }

    @AfterEach
    void close() {
        classifier.close();
        blobs.close();
    }

    @Test
    void evaluate_scoresEveryLabelledTestImage_withLatency() throws Exception {
        Evaluation e = new Evaluator(4).evaluate(classifier, data.dataset(), "test", data.split(Split.TEST), blobs, 0.9);
        assertThat(e.scored()).hasSize(data.split(Split.TEST).size());
        assertThat(e.overall().count()).isEqualTo(e.scored().size());
        assertThat(e.latency().count()).isEqualTo(e.scored().size());
        assertThat(e.latency().p99Millis()).isGreaterThanOrEqualTo(e.latency().medianMillis()).isPositive();
        assertThat(e.atTarget()).hasValueSatisfying(t -> assertThat(t.recall()).isGreaterThanOrEqualTo(0.9));
        assertThat(e.slices()).extracting(SliceResult::column).contains("lighting", "variant");
    }

    @Test
    void worstExamples_writesOpenablePngsPerSlice() throws Exception {
        Evaluation e = new Evaluator(4).evaluate(classifier, data.dataset(), "test", data.split(Split.TEST), blobs, 0.9);
        List<Path> files = WorstExamples.write(dir.resolve("worst"), e, blobs, 3);
        assertThat(files).isNotEmpty();
        assertThat(dir.resolve("worst/all")).isDirectory();
        for (Path f : files) {
            assertThat(f.getFileName().toString()).matches("\\d\\.\\d{4}_.+\\.png");
            assertThat(Images.decode(Files.readAllBytes(f)).getWidth()).isEqualTo(32);
        }
        try (var all = Files.list(dir.resolve("worst/all"))) {
            assertThat(all.count()).isBetween(1L, 3L);
        }
    }

    @Test
    void evaluate_imagesItCannotUse_areCountedAndReported_notSilentlyLeftOut() throws Exception {
        List<dev.loupe.core.dataset.Sample> test = data.split(Split.TEST);
        dev.loupe.core.dataset.Sample any = test.getFirst();
        var garbage = blobs.put("not an image".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<dev.loupe.core.dataset.Sample> samples = new java.util.ArrayList<>(test);
        samples.add(new dev.loupe.core.dataset.Sample("bad/import.png", garbage, any.label(), java.util.Map.of(), Split.TEST,
                java.util.Map.of(), new dev.loupe.core.dataset.Sample.ImageInfo.Unreadable("corrupt image")));
        samples.add(new dev.loupe.core.dataset.Sample("bad/decode.png", garbage, any.label(), java.util.Map.of(), Split.TEST,
                java.util.Map.of(), any.image()));
        samples.add(new dev.loupe.core.dataset.Sample("odd/label.png", any.blob(), java.util.Optional.of("scratch"),
                java.util.Map.of(), Split.TEST, java.util.Map.of(), any.image()));
        samples.add(new dev.loupe.core.dataset.Sample("no/label.png", any.blob(), java.util.Optional.empty(),
                java.util.Map.of(), Split.TEST, java.util.Map.of(), any.image()));

        Evaluation e = new Evaluator(4).evaluate(classifier, data.dataset(), "test", samples, blobs, 0.9);

        assertThat(e.overall().count()).isEqualTo(test.size());
        assertThat(EvaluationReport.text(e, 5)).contains("skipped 4 of " + samples.size() + " images: 2 unreadable,"
                + " 1 unlabelled, 1 with a label the model does not have (scratch 1)");
        JsonNode n = EvaluationReport.tree(e);
        assertThat(n.path("skipped").path("unreadable").asInt(-1)).isEqualTo(2);
        assertThat(n.path("skipped").path("unlabelled").asInt(-1)).isEqualTo(1);
        assertThat(n.path("skipped").path("unknown_label").asInt(-1)).isEqualTo(1);
        Evaluation clean = new Evaluator(4).evaluate(classifier, data.dataset(), "test", test, blobs, 0.9);
        assertThat(EvaluationReport.text(clean, 5)).doesNotContain("skipped");
        assertThat(EvaluationReport.tree(clean).path("skipped").path("unreadable").asInt(-1)).isZero();
    }

    @Test
    void json_isParseableWithStableFields() throws Exception {
        Evaluation e = new Evaluator(4).evaluate(classifier, data.dataset(), "test", data.split(Split.TEST), blobs, 0.9);
        JsonNode n = EvaluationReport.tree(e);
        assertThat(n.path("overall").path("confusion").path("tp").isInt()).isTrue();
        assertThat(n.path("overall").has("auroc")).isTrue();
        assertThat(n.path("latency").path("p99_ms").isNumber()).isTrue();
        assertThat(n.path("slices").size()).isEqualTo(e.slices().size());
        assertThat(EvaluationReport.text(e, 5)).contains("AUROC", "false-reject rate", "p99");
    }
}
