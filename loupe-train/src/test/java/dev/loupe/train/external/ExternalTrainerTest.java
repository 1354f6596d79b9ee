package dev.loupe.train.external;

import dev.loupe.core.model.BareOnnx;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.TestGraphs;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.train.PlantedDataset;
import dev.loupe.train.Progress;
import dev.loupe.train.TrainingData;
import dev.loupe.train.TrainingException;
import dev.loupe.train.TrainingResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExternalTrainerTest {

    @TempDir
    Path dir;
    FileBlobStore blobs;
    TrainingData data;
    Path prebuilt;
    final List<String> lines = new ArrayList<>();
    final Progress progress = new Progress() {
        @Override
        public void message(String line) {
            lines.add(line);
        }

        @Override
        public void step(long step, Map<String, Double> metrics) {
        }
    };
    static final BareOnnx.Options INPUT = new BareOnnx.Options(32, 32, ModelDescriptor.Colour.GRAYSCALE,
            ModelDescriptor.Normalisation.unit(1), Optional.empty(), Optional.of("score"), List.of("ok", "defect"), "defect", 0.5);

    @BeforeEach
    void setUp() throws IOException {
        blobs = new FileBlobStore(dir.resolve("blobs"));
        data = PlantedDataset.create(blobs, 12, 32, 3);
        prebuilt = dir.resolve("prebuilt.onnx");
        Files.write(prebuilt, TestGraphs.meanSigmoid(1));
    }

    @AfterEach
    void close() {
        blobs.close();
    }

    private ExternalTrainer trainer(String command) {
        return new ExternalTrainer(command, INPUT, new ImageFolderExport(), dir.resolve("work"), Clock.systemUTC());
    }

    @Test
    void train_scriptCopiesOnnx_givesPackageWithMetricsAndLineage() throws Exception {
        String cmd = "test -f {data}/manifest.csv && ls {data}/defect | head -1 && cp '" + prebuilt + "' {out}/model.onnx"
                + " && echo '{\"validation.auroc\": 0.91}' > {out}/metrics.json && echo \"lr=$LOUPE_PARAM_LR seed={seed}\"";
        TrainingResult r = trainer(cmd).train(data, Map.of("lr", "0.01"), 5, progress);
        assertThat(r.metrics()).containsEntry("validation.auroc", 0.91);
        assertThat(r.model().descriptor().metrics()).containsEntry("validation.auroc", 0.91);
        assertThat(r.model().descriptor().lineage().trainer()).isEqualTo("external");
        assertThat(r.model().descriptor().lineage().params()).containsEntry("lr", "0.01").containsEntry("command", cmd);
        assertThat(lines).contains("lr=0.01 seed=5");
        assertThat(lines).anySatisfy(l -> assertThat(l).endsWith(".png"));
        try (ImageClassifier c = ImageClassifier.load(r.model(), 1)) {
            assertThat(c.descriptor().scoreOutput()).isEqualTo("score");
        }
        try (var work = Files.list(dir.resolve("work"))) {
            assertThat(work).as("work folder removed after success").isEmpty();
        }
    }

    @Test
    void train_thresholdFromMetricsJson_isThePackages() throws Exception {
        String cmd = "cp '" + prebuilt + "' {out}/model.onnx && echo '{\"threshold\": 0.37}' > {out}/metrics.json";
        TrainingResult r = trainer(cmd).train(data, Map.of("target_recall", "0.9"), 5, progress);
        assertThat(r.model().descriptor().threshold()).isEqualTo(0.37);
    }

    @Test
    void train_givenATargetRecall_choosesTheThresholdOnValidationThroughTheServingPath() throws Exception {
        TrainingData larger = PlantedDataset.create(blobs, 80, 32, 4);
        List<dev.loupe.core.dataset.Sample> validation = larger.split(dev.loupe.core.dataset.Split.VALIDATION);
        assertThat(validation).anyMatch(larger::isPositive).anyMatch(v -> !larger.isPositive(v));

        TrainingResult r = trainer("cp '" + prebuilt + "' {out}/model.onnx").train(larger, Map.of("target_recall", "1.0"), 5, progress);

        double threshold = r.model().descriptor().threshold();
        assertThat(threshold).isNotEqualTo(0.5);
        assertThat(r.metrics()).containsEntry("validation.recall", 1.0).containsKeys("validation.auroc", "validation.false_reject_rate");
        double lowestDefect = Double.MAX_VALUE;
        try (ImageClassifier c = ImageClassifier.load(r.model(), 1)) {
            for (var v : validation) {
                if (larger.isPositive(v)) {
                    lowestDefect = Math.min(lowestDefect, c.classify(larger.image(v)).score());
                }
            }
        }
        assertThat(lowestDefect).isGreaterThanOrEqualTo(threshold);
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("for recall 1.000 on validation"));
    }

    @Test
    void train_nonZeroExit_saysCodeAndLastOutput() {
        assertThatThrownBy(() -> trainer("echo 'out of memory' >&2; exit 3 # {out}").train(data, Map.of(), 1, progress))
                .isInstanceOf(TrainingException.class).hasMessageContaining("code 3").hasMessageContaining("out of memory");
    }

    @Test
    void train_noModelWritten_isAClearError() {
        assertThatThrownBy(() -> trainer("true {out}").train(data, Map.of(), 1, progress))
                .isInstanceOf(TrainingException.class).hasMessageContaining("wrote no");
    }

    @Test
    void export_writesImageFolderAndManifest() throws IOException {
        new ImageFolderExport().export(data, dir.resolve("export"));
        List<String> manifest = Files.readAllLines(dir.resolve("export/manifest.csv"));
        assertThat(manifest.getFirst()).isEqualTo("file,label,split,source_path,lighting,variant");
        assertThat(manifest).hasSize(13);
        String first = manifest.get(1).split(",")[0];
        assertThat(dir.resolve("export").resolve(first)).isRegularFile();
    }
}
