package dev.loupe.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.cli.CliRun;
import dev.loupe.cli.Main;
import dev.loupe.core.project.ProjectFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code loupe train} then {@code loupe eval} through {@link Main#run}, on an imported folder with planted defects. */
class TrainEvalCommandTest {

    @TempDir
    static Path dir;
    static Path home;
    static Path project;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        dev.loupe.cli.CliRun r = dev.loupe.cli.CliRun.of(args);
        return new Run(r.exitCode(), r.out(), r.err());
    }

    /** A 32x32 grey cover with noise and, unless {@code scratch} is negative, a 9-pixel scratch of that grey level. */
    static BufferedImage cover(Random rnd, int scratch) {
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                img.getRaster().setSample(x, y, 0, 120 + (int) (rnd.nextGaussian() * 4));
            }
        }
        if (scratch >= 0) {
            int cx = 8 + rnd.nextInt(16), cy = 8 + rnd.nextInt(16);
            for (int t = -4; t <= 4; t++) {
                img.getRaster().setSample(cx + t, cy, 0, scratch);
            }
        }
        return img;
    }

    @BeforeAll
    static void importDataset() throws IOException {
        home = dir.resolve("home");
        Path images = dir.resolve("images");
        Random rnd = new Random(1);
        for (int i = 0; i < 80; i++) {
            boolean defect = i % 2 == 0;
            BufferedImage img = cover(rnd, defect ? 60 : -1);
            Path f = images.resolve((defect ? "defect" : "ok") + "/" + i + ".png");
            Files.createDirectories(f.getParent());
            ImageIO.write(img, "png", f.toFile());
        }
        project = dir.resolve("loupe.yaml");
        Files.writeString(project, ProjectFile.template().replace("width: 128", "width: 32").replace("height: 128", "height: 32")
                .replace("recall: 0.98", "recall: 0.9"));
        Run r = run("data", "import", images.toString(), "--name", "covers", "--home", home.toString());
        assertThat(r.code()).as(r.out()).isZero();
    }

    @Test
    void trainBaselineThenEval_printsPackageAndMetrics_writesWorstExamples() throws IOException {
        Path pkgDir = dir.resolve("pkg");
        Run train = run("train", "--dataset", "covers", "--trainer", "baseline", "--name", "covers-baseline",
                "--project", project.toString(), "--home", home.toString(), "--out", pkgDir.toString());
        assertThat(train.code()).as(train.out()).isZero();
        assertThat(train.out()).contains("model covers-baseline", "train.auroc");
        Matcher m = Pattern.compile("package sha256:([0-9a-f]{64}) stored in").matcher(train.out());
        assertThat(m.find()).as(train.out()).isTrue();
        assertThat(pkgDir.resolve("loupe-model.json")).isRegularFile();

        Path report = dir.resolve("report");
        Run eval = run("eval", "--model", "sha256:" + m.group(1), "--dataset", "covers", "--split", "test",
                "--project", project.toString(), "--home", home.toString(), "--out", report.toString());
        assertThat(eval.code()).as(eval.out()).isZero();
        assertThat(eval.out()).contains("AUROC", "for the target recall 0.900", "latency per image");
        assertThat(report.resolve("report.json")).isRegularFile();

        Run json = run("eval", "--model", pkgDir.toString(), "--dataset", "covers", "--json",
                "--project", project.toString(), "--home", home.toString());
        assertThat(json.code()).isZero();
        assertThat(json.out()).contains("\"model\" : \"covers-baseline\"", "\"auroc\"");
    }

    @Test
    void eval_json_isOneSnakeCaseDocument_andTheReportOutWrites() throws IOException {
        Path pkgDir = trainBaseline("covers-json");
        Path report = dir.resolve("report-json");

        CliRun r = CliRun.of("eval", "--model", pkgDir.toString(), "--dataset", "covers", "--json", "--out", report.toString(),
                "--project", project.toString(), "--home", home.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode doc = r.json();
        assertThat(doc.get("model").asText()).isEqualTo("covers-json");
        assertThat(doc.get("model_sha256").asText()).matches("[0-9a-f]{64}");
        assertThat(doc.get("dataset").asText()).startsWith("covers@");
        assertThat(doc.get("split").asText()).isEqualTo("test");
        JsonNode c = doc.at("/overall/confusion");
        assertThat(doc.at("/overall/count").asInt()).isPositive()
                .isEqualTo(c.get("tp").asInt() + c.get("fp").asInt() + c.get("tn").asInt() + c.get("fn").asInt());
        assertThat(doc.at("/overall/positives").asInt()).isEqualTo(c.get("tp").asInt() + c.get("fn").asInt());
        assertThat(doc.at("/overall/false_reject_rate").isNumber()).isTrue();
        assertThat(doc.at("/at_target_recall/target_recall").asDouble()).isEqualTo(0.9);
        assertThat(doc.at("/at_target_recall/recall").asDouble()).isGreaterThanOrEqualTo(0.9);
        assertThat(doc.at("/latency/count").asInt()).isEqualTo(doc.at("/overall/count").asInt());
        assertThat(doc.at("/latency/p99_ms").isNumber()).isTrue();
        assertThat(doc.at("/skipped/unreadable").asInt(-1)).isZero();
        assertThat(doc.get("slices").isArray()).isTrue();
        assertThat(new ObjectMapper().readTree(report.resolve("report.json").toFile())).isEqualTo(doc);
    }

    @Test
    void eval_outTwice_worstHoldsOnlyTheLastEvaluationsExamples() throws IOException {
        Path pkgDir = trainBaseline("covers-worst");
        Path report = dir.resolve("report-twice");
        Files.createDirectories(report.resolve("worst/all"));
        Files.createDirectories(report.resolve("worst/variant=gone"));
        Files.write(report.resolve("worst/all/0.9999_earlier.png"), new byte[]{1});
        Files.write(report.resolve("worst/variant=gone/0.0001_earlier.png"), new byte[]{1});
        Files.writeString(report.resolve("worst/notes.txt"), "mine");

        Run eval = run("eval", "--model", pkgDir.toString(), "--dataset", "covers", "--split", "train", "--worst", "50",
                "--out", report.toString(), "--project", project.toString(), "--home", home.toString());

        assertThat(eval.code()).as(eval.out() + eval.err()).isZero();
        Matcher m = Pattern.compile("and (\\d+) worst examples").matcher(eval.out());
        assertThat(m.find()).as(eval.out()).isTrue();
        List<Path> pngs;
        try (var files = Files.walk(report.resolve("worst"))) {
            pngs = files.filter(f -> f.toString().endsWith(".png")).toList();
        }
        assertThat(pngs).hasSize(Integer.parseInt(m.group(1)))
                .noneMatch(f -> f.getFileName().toString().contains("earlier"));
        assertThat(report.resolve("worst/variant=gone")).doesNotExist();
        assertThat(report.resolve("worst/notes.txt")).hasContent("mine");
    }

    @Test
    void eval_json_splitWithoutDefects_hasAtTargetRecallNullAndNoNaN() throws IOException {
        Path pkgDir = trainBaseline("covers-ok-model");
        Path images = dir.resolve("ok-images");
        for (int i = 0; i < 40; i++) {
            BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    img.getRaster().setSample(x, y, 0, 120);
                }
            }
            Path f = images.resolve("ok/" + i + ".png");
            Files.createDirectories(f.getParent());
            ImageIO.write(img, "png", f.toFile());
        }
        assertThat(run("data", "import", images.toString(), "--name", "covers-ok", "--home", home.toString()).code()).isZero();

        CliRun r = CliRun.of("eval", "--model", pkgDir.toString(), "--dataset", "covers-ok", "--json",
                "--project", project.toString(), "--home", home.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).doesNotContain("NaN", "Infinity");
        JsonNode doc = r.json();
        assertThat(doc.has("at_target_recall")).isTrue();
        assertThat(doc.get("at_target_recall").isNull()).isTrue();
        assertThat(doc.at("/overall/positives").asInt(-1)).isZero();
        assertThat(doc.at("/overall/recall").isNull()).as("recall without defects is undefined").isTrue();
        assertThat(doc.at("/overall/auroc").isNull()).isTrue();
    }

    @Test
    void labelsOutsideTheProject_trainSaysItLeavesThemOut_evalCountsThemApartFromUnlabelled() throws IOException {
        Path images = dir.resolve("capital-images");
        Random rnd = new Random(3);
        for (int i = 0; i < 40; i++) {
            BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    img.getRaster().setSample(x, y, 0, 120 + (int) (rnd.nextGaussian() * 4));
                }
            }
            Path f = images.resolve((i % 2 == 0 ? "Defect" : "ok") + "/" + i + ".png"); // 'Defect' is not the project's 'defect'
            Files.createDirectories(f.getParent());
            ImageIO.write(img, "png", f.toFile());
        }
        assertThat(run("data", "import", images.toString(), "--name", "capital", "--home", home.toString()).code()).isZero();

        Run train = run("train", "--dataset", "capital", "--experiment", "exp-capital", "--project", project.toString(),
                "--home", home.toString());

        assertThat(train.code()).isEqualTo(1);
        assertThat(train.out()).contains("left out 20 samples whose label is not one of the project's (ok, defect): Defect 20");

        CliRun eval = CliRun.of("eval", "--model", trainBaseline("covers-for-capital").toString(), "--dataset", "capital",
                "--split", "train", "--json", "--project", project.toString(), "--home", home.toString());
        assertThat(eval.exitCode()).as(eval.toString()).isZero();
        JsonNode doc = eval.json();
        assertThat(doc.at("/skipped/unlabelled").asInt(-1)).isZero();
        JsonNode counts = CliRun.of("data", "show", "capital", "--json", "--home", home.toString()).json().path("counts");
        assertThat(doc.at("/skipped/unknown_label").asInt(-1)).isPositive()
                .isEqualTo(counts.at("/Defect/train").asInt());
        assertThat(doc.at("/overall/count").asInt()).isEqualTo(counts.at("/ok/train").asInt());
        assertThat(doc.at("/overall/positives").asInt(-1)).isZero();
    }

    /** A baseline package of {@code covers} under its name, in a directory of its own. */
    static Path trainBaseline(String name) {
        Path pkgDir = dir.resolve("pkg-" + name);
        Run train = run("train", "--dataset", "covers", "--trainer", "baseline", "--name", name,
                "--project", project.toString(), "--home", home.toString(), "--out", pkgDir.toString());
        assertThat(train.code()).as(train.out() + train.err()).isZero();
        return pkgDir;
    }

    @Test
    void train_logsRunAndRegistersVersion_evalResolvesRegistryReferences() {
        Run first = run("train", "--dataset", "covers", "--name", "covers-baseline", "--experiment", "exp-a",
                "--project", project.toString(), "--home", home.toString());
        assertThat(first.code()).as(first.out()).isZero();
        assertThat(first.out()).containsPattern("run [0-9a-f]{32}").contains("model covers-baseline/1,");
        Run second = run("train", "--dataset", "covers", "--name", "covers-baseline", "--seed", "7",
                "--project", project.toString(), "--home", home.toString());
        assertThat(second.out()).as(second.out()).contains("model covers-baseline/2,");

        Run alias = run("models", "alias", "covers-baseline", "champion", "1", "--home", home.toString());
        assertThat(alias.code()).as(alias.out()).isZero();
        Run byAlias = run("eval", "--model", "covers-baseline@champion", "--dataset", "covers", "--json",
                "--project", project.toString(), "--home", home.toString());
        assertThat(byAlias.code()).as(byAlias.out()).isZero();
        assertThat(byAlias.out()).contains("\"model\" : \"covers-baseline\"");
        Run missing = run("eval", "--model", "covers-baseline/9", "--dataset", "covers",
                "--project", project.toString(), "--home", home.toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("no registered model covers-baseline/9");

        Run runs = run("runs", "list", "--experiment", "exp-a", "--home", home.toString());
        assertThat(runs.code()).as(runs.out() + runs.err()).isZero();
        assertThat(runs.out()).contains("covers-baseline");
    }

    @Test
    void trainCnn_logsEveryEpochToTheRun_keepsTheFinalMetricsLatest() {
        Run train = run("train", "--dataset", "covers", "--trainer", "cnn", "--name", "covers-cnn", "--experiment", "exp-epochs",
                "--param", "epochs=2", "--param", "input_size=16", "--param", "rule_branch=false",
                "--project", project.toString(), "--home", home.toString());
        assertThat(train.code()).as(train.out() + train.err()).isZero();
        Matcher id = Pattern.compile("run ([0-9a-f]{32})").matcher(train.out());
        assertThat(id.find()).as(train.out()).isTrue();

        Run show = run("runs", "show", id.group(1), "--home", home.toString());
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).contains("FINISHED");
        // METRIC VALUE STEP POINTS: one point per epoch, the last at step 2; the final AUROC once, at step 0
        assertThat(show.out()).containsPattern("epoch\\.validation_auroc\\s+\\S+\\s+2\\s+2")
                .containsPattern("epoch\\.train_loss\\s+\\S+\\s+2\\s+2")
                .containsPattern("\\svalidation\\.auroc\\s+\\S+\\s+0\\s+1");
    }

    @Test
    void train_stoppedWithTermWhileTraining_endsItsRunFailed() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path"), "dev.loupe.cli.Main",
                "train", "--dataset", "covers", "--trainer", "cnn", "--experiment", "exp-stopped", "--param", "epochs=1000",
                "--param", "patience=1000", "--param", "input_size=16", "--param", "rule_branch=false",
                "--project", project.toString(), "--home", home.toString());
        Path out = dir.resolve("stopped.out");
        Process train = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!Files.readString(out).contains("epoch 2/1000")) { // training, its run open
                assertThat(train.isAlive()).as(Files.readString(out)).isTrue();
                assertThat(System.nanoTime()).as("no second epoch within 120 s").isLessThan(deadline);
                train.waitFor(100, TimeUnit.MILLISECONDS);
            }
            assertThat(run("runs", "list", "--experiment", "exp-stopped", "--home", home.toString()).out()).contains("RUNNING");
            train.destroy(); // SIGTERM
            assertThat(train.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            train.destroyForcibly();
        }
        Run runs = run("runs", "list", "--experiment", "exp-stopped", "--home", home.toString());
        assertThat(runs.out()).contains("FAILED").doesNotContain("RUNNING");
    }

    @Test
    void train_reservedParamOrBadName_isRefusedBeforeTrainingAndLogsNoRun() {
        Run seed = run("train", "--dataset", "covers", "--param", "seed=3", "--experiment", "exp-refused",
                "--project", project.toString(), "--home", home.toString());
        assertThat(seed.code()).isEqualTo(2);
        assertThat(seed.err()).contains("use --seed");
        Run trainer = run("train", "--dataset", "covers", "--param", "trainer=mine", "--experiment", "exp-refused",
                "--project", project.toString(), "--home", home.toString());
        assertThat(trainer.code()).isEqualTo(2);
        assertThat(trainer.err()).contains("use --trainer");
        Run name = run("train", "--dataset", "covers", "--name", "bad/name", "--experiment", "exp-refused",
                "--project", project.toString(), "--home", home.toString());
        assertThat(name.code()).isEqualTo(2);
        assertThat(name.err()).contains("bad model name 'bad/name'");
        assertThat(name.out()).doesNotContain("training ");

        Run runs = run("runs", "list", "--experiment", "exp-refused", "--home", home.toString());
        assertThat(runs.out() + runs.err()).doesNotContainPattern("[0-9a-f]{32}");
    }

    @Test
    void trainExternal_failingCommand_exitsOneWithTheReason() {
        Run r = run("train", "--dataset", "covers", "--trainer", "external", "--command", "echo nope; exit 4 # {out}",
                "--experiment", "exp-failing", "--project", project.toString(), "--home", home.toString());
        assertThat(r.code()).isEqualTo(1);
        // stderr is one line: it has to carry the program's own last words, not announce output it cuts off
        assertThat(r.err().strip()).startsWith("loupe: the external trainer exited with code 4; its last line: nope"
                + " (work folder kept at ").doesNotContain("\n");
        // the run opened for it is ended, not left running
        Run runs = run("runs", "list", "--experiment", "exp-failing", "--home", home.toString());
        assertThat(runs.out()).contains("FAILED").doesNotContain("RUNNING");
    }

    @Test
    void trainExternal_failingRun_hasItsParamsAndReason_andTheFilterFindsIt() {
        Run r = run("train", "--dataset", "covers", "--trainer", "external", "--command", "echo broke; exit 3 # {out}",
                "--param", "epochs=5", "--seed", "9", "--experiment", "exp-failed-params",
                "--project", project.toString(), "--home", home.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);

        CliRun found = CliRun.of("runs", "list", "--experiment", "exp-failed-params", "--filter",
                "params.trainer = 'external'", "--json", "--home", home.toString());
        assertThat(found.exitCode()).as(found.toString()).isZero();
        JsonNode runs = found.json().get("runs");
        assertThat(runs).hasSize(1);
        JsonNode failed = runs.get(0);
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        JsonNode params = failed.get("params");
        assertThat(params.get("trainer").asText()).isEqualTo("external");
        assertThat(params.get("seed").asText()).isEqualTo("9");
        assertThat(params.get("epochs").asText()).isEqualTo("5");
        assertThat(params.get("target_recall").asText()).isEqualTo("0.9");
        assertThat(params.get("dataset").asText()).startsWith("covers@");
        assertThat(params.get("command").asText()).isEqualTo("echo broke; exit 3 # {out}");
        assertThat(failed.get("tags").get("loupe.error").asText())
                .startsWith("the external trainer exited with code 3; its last line: broke");

        Run show = run("runs", "show", failed.get("run_id").asText(), "--home", home.toString());
        assertThat(show.out()).doesNotContain("Params: none").contains("loupe.error");
    }

    @Test
    void train_finishedRun_keepsTheGivenParamsAndAddsTheTrainersDefaults() {
        Run r = run("train", "--dataset", "covers", "--param", "l2=0.5", "--experiment", "exp-finished-params",
                "--project", project.toString(), "--home", home.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode run = CliRun.of("runs", "list", "--experiment", "exp-finished-params", "--json",
                "--home", home.toString()).json().get("runs").get(0);
        assertThat(run.get("status").asText()).isEqualTo("FINISHED");
        JsonNode params = run.get("params");
        assertThat(params.get("l2").asText()).isEqualTo("0.5");
        assertThat(params.get("trainer").asText()).isEqualTo("baseline");
        assertThat(params.get("seed").asText()).isEqualTo("42");
        assertThat(params.get("dataset").asText()).startsWith("covers@");
        assertThat(params.has("kernel")).as(params.toString()).isTrue(); // a default, logged at the finish
        assertThat(run.get("tags").has("loupe.error")).isFalse();
    }

    @Test
    void train_paramThatIsNotANumber_isAUsageErrorNamingTheParam() {
        for (String trainer : List.of("baseline", "external")) {
            Run r = run("train", "--dataset", "covers", "--trainer", trainer, "--command", "touch {out}/ran",
                    "--param", "target_recall=abc", "--experiment", "exp-bad-param",
                    "--project", project.toString(), "--home", home.toString());
            assertThat(r.code()).as(trainer + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).as(trainer).isEqualTo("loupe: --param target_recall: expected a number, got 'abc'"
                    + System.lineSeparator());
        }
        Run range = run("train", "--dataset", "covers", "--param", "kernel=99", "--experiment", "exp-bad-param",
                "--project", project.toString(), "--home", home.toString());
        assertThat(range.code()).isEqualTo(2);
        assertThat(range.err()).startsWith("loupe: --param kernel: expected 3..63, got 99");
    }

    @Test
    void trainExternal_brokenMetricsJson_saysWhereInOneLineAndKeepsTheWorkFolder() {
        Run r = run("train", "--dataset", "covers", "--trainer", "external", "--experiment", "exp-garbage",
                "--command", "echo x > {out}/model.onnx; printf '{\"auroc\": 0.9,' > {out}/metrics.json",
                "--project", project.toString(), "--home", home.toString());

        assertThat(r.code()).isEqualTo(1);
        Matcher m = Pattern.compile("^loupe: (\\S+)/out/metrics\\.json is not valid JSON: .+ \\(line 1, column \\d+\\)"
                + " \\(work folder kept at (\\S+)\\)$").matcher(r.err().strip());
        assertThat(m.matches()).as(r.err()).isTrue();
        assertThat(m.group(1)).isEqualTo(m.group(2));
        assertThat(Path.of(m.group(2)).resolve("out/metrics.json")).isRegularFile();
    }

    @Test
    void eval_sliceRanking_showsEachSlicesDefectsAndGoodParts() throws IOException {
        // camera b's defects are faint: its recall drops, on 10 defects and 10 good parts
        Path images = dir.resolve("cams");
        Random rnd = new Random(3);
        StringBuilder manifest = new StringBuilder("file,label,split,camera\n");
        for (int i = 0; i < 40; i++) {
            boolean defect = i % 2 == 0;
            String camera = i % 4 < 2 ? "a" : "b";
            BufferedImage img = cover(rnd, !defect ? -1 : camera.equals("a") ? 60 : 119);
            Path f = images.resolve(i + ".png");
            Files.createDirectories(f.getParent());
            ImageIO.write(img, "png", f.toFile());
            manifest.append(i).append(".png,").append(defect ? "defect" : "ok").append(",test,").append(camera).append('\n');
        }
        Files.writeString(images.resolve("manifest.csv"), manifest);
        assertThat(run("data", "import", images.resolve("manifest.csv").toString(), "--name", "cams",
                "--home", home.toString()).code()).isZero();
        Run train = run("train", "--dataset", "covers", "--name", "covers-slices", "--experiment", "exp-slices",
                "--project", project.toString(), "--home", home.toString());
        assertThat(train.code()).as(train.toString()).isZero();

        Run text = run("eval", "--model", "covers-slices/1", "--dataset", "cams", "--split", "test",
                "--project", project.toString(), "--home", home.toString());
        assertThat(text.code()).as(text.toString()).isZero();
        assertThat(text.out()).containsPattern("camera=b\\s+n=20 \\(10 defects, 10 good\\)\\s+loses");

        CliRun json = CliRun.of("eval", "--model", "covers-slices/1", "--dataset", "cams", "--split", "test", "--json",
                "--project", project.toString(), "--home", home.toString());
        JsonNode b = null;
        for (JsonNode slice : json.json().get("slices")) {
            if (slice.get("column").asText().equals("camera") && slice.get("value").asText().equals("b")) {
                b = slice;
            }
        }
        assertThat(b).as(json.out()).isNotNull();
        assertThat(b.at("/metrics/positives").asInt()).isEqualTo(10);
        assertThat(b.at("/metrics/negatives").asInt()).isEqualTo(10);
    }

    @Test
    void eval_unknownModel_failsNamingWhatWasLookedFor() {
        Run r = run("eval", "--model", "no-such-model-here", "--dataset", "covers", "--home", home.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no model package at 'no-such-model-here'", "NAME@ALIAS");
    }
}
