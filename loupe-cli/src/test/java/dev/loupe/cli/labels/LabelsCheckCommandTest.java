package dev.loupe.cli.labels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.LoupeCommand;
import dev.loupe.cli.UserException;
import dev.loupe.core.dataset.DatasetRef;
import dev.loupe.core.dataset.DatasetRepository;
import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;
import dev.loupe.core.project.ProjectFile;
import dev.loupe.core.store.BlobId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelsCheckCommandTest {

    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        CommandLine cl = LoupeCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** 300 items, 30% defects; annotators right with the given probability on defects and on good parts. */
    Path manifest(long seed, double carolOnDefects) throws IOException {
        Random rnd = new Random(seed);
        StringBuilder csv = new StringBuilder("file,label,annotator_alice,annotator_bob,annotator_carol,annotator_dave\n");
        for (int i = 0; i < 300; i++) {
            boolean defect = rnd.nextDouble() < 0.3;
            csv.append("img/").append(i).append(".png,").append(defect ? "defect" : "ok");
            for (String a : List.of("alice", "bob", "carol", "dave")) {
                double right = a.equals("carol") && defect ? carolOnDefects : 0.98;
                csv.append(',').append(rnd.nextDouble() < right == defect ? "defect" : "ok");
            }
            csv.append('\n');
        }
        Path m = dir.resolve("manifest.csv");
        Files.writeString(m, csv);
        return m;
    }

    Path project() throws IOException {
        Path p = dir.resolve("loupe.yaml");
        Files.writeString(p, ProjectFile.template());
        return p;
    }

    @Test
    void check_carefulAnnotators_exitsZeroAndPrintsTheLabelBook() throws IOException {
        int code = run("labels", "check", "--manifest", manifest(1, 0.98).toString(), "--project", project().toString());

        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("Krippendorff's alpha", "Label book", "pit mark", "human_level_recall");
    }

    @Test
    void check_json_namesTheAnnotatorWhoMissesDefects() throws IOException {
        int code = run("labels", "check", "--manifest", manifest(2, 0.4).toString(), "--project", project().toString(),
                "--json", "--threshold", "0.9");

        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.at("/biases/0/annotator").asText()).isEqualTo("carol");
        assertThat(json.at("/biases/0/given").asText()).isEqualTo("ok");
        assertThat(json.get("threshold").asDouble()).isEqualTo(0.9);
        assertThat(json.get("positive").asText()).isEqualTo("defect");
        assertThat(code).isEqualTo(json.get("failed").asBoolean() ? ExitCodes.FAILED : ExitCodes.OK);
    }

    @Test
    void check_json_namesEveryFieldInSnakeCase() throws IOException {
        run("labels", "check", "--manifest", manifest(2, 0.4).toString(), "--project", project().toString(), "--json");

        JsonNode json = new ObjectMapper().readTree(out.toString());
        List<String> names = new java.util.ArrayList<>();
        fieldNames(json, names);
        assertThat(names).isNotEmpty().allMatch(n -> n.matches("[a-z][a-z0-9_]*"), "snake_case");
        assertThat(json.at("/agreement/krippendorff_alpha/value").isNumber()).isTrue();
        assertThat(json.at("/agreement/krippendorff_alpha/undefined").isNull()).isTrue();
        assertThat(json.at("/agreement/fleiss_kappa/value").isNumber()).isTrue();
        assertThat(json.at("/agreement/cohen_kappa").size()).isEqualTo(6);
        assertThat(json.at("/consensus/differs_from_majority").isInt()).isTrue();
        assertThat(json.at("/annotator_scores/2/annotator").asText()).isEqualTo("carol");
        assertThat(json.at("/annotator_scores/2/positive_recall").asDouble()).isLessThan(0.6);
        assertThat(json.at("/annotator_scores/2/estimated_accuracy").isNumber()).isTrue();
        assertThat(json.at("/human_level/best_recall").isNumber()).isTrue();
        assertThat(json.at("/label_book/0/name").asText()).isNotEmpty();
        assertThat(json.get("relabel_queue").isArray()).isTrue();
        assertThat(json.at("/biases/0/others_rate").isNumber()).isTrue();
        assertThat(json.at("/disagreements/0/minority_reliability").isNumber()).isTrue();
    }

    @Test
    void check_json_undefinedNumbersAreNullAndEmptyListsAreArrays() throws IOException {
        Path same = dir.resolve("same.csv");
        StringBuilder csv = new StringBuilder("file,annotator_a,annotator_b\n");
        for (int i = 0; i < 20; i++) {
            csv.append(i).append(",ok,ok\n");
        }
        Files.writeString(same, csv);

        run("labels", "check", "--manifest", same.toString(), "--json");

        assertThat(out.toString()).doesNotContain("NaN", "Infinity");
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("positive").isNull()).isTrue();
        assertThat(json.at("/agreement/krippendorff_alpha/value").isNull()).isTrue();
        assertThat(json.at("/agreement/krippendorff_alpha/observed").isNull()).isTrue();
        assertThat(json.at("/agreement/krippendorff_alpha/undefined").asText()).contains("single label");
        assertThat(json.at("/human_level/positive_recall").isNull()).isTrue();
        assertThat(json.at("/annotator_scores/0/positive_recall").isNull()).isTrue();
        assertThat(json.get("disagreements").isArray()).isTrue();
        assertThat(json.get("disagreements").size()).isZero();
        assertThat(json.get("label_book").isArray()).isTrue();
        assertThat(json.get("label_book").size()).isZero();
    }

    static void fieldNames(JsonNode n, List<String> into) {
        n.fieldNames().forEachRemaining(into::add);
        n.elements().forEachRemaining(e -> fieldNames(e, into));
    }

    @Test
    void check_randomLabels_exitsOneWithLowAgreement() throws IOException {
        Path random = dir.resolve("random.csv");
        Random rnd = new Random(4);
        StringBuilder csv = new StringBuilder("file,annotator_a,annotator_b\n");
        for (int i = 0; i < 100; i++) {
            csv.append(i).append(',').append(rnd.nextBoolean() ? "ok" : "defect").append(',')
                    .append(rnd.nextBoolean() ? "ok" : "defect").append('\n');
        }
        Files.writeString(random, csv);

        int code = run("labels", "check", "--manifest", random.toString(), "--project", project().toString());

        assertThat(code).isEqualTo(ExitCodes.FAILED);
        assertThat(out.toString()).contains("ERROR", "low-agreement");
    }

    @Test
    void check_neitherDatasetNorManifest_isAUsageError() {
        assertThat(run("labels", "check")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("NAME@VERSION or --manifest");
    }

    @Test
    void check_missingProjectFileNamedExplicitly_isAConfigurationError() throws IOException {
        int code = run("labels", "check", "--manifest", manifest(1, 0.98).toString(), "--project",
                dir.resolve("nope.yaml").toString());

        assertThat(code).isEqualTo(ExitCodes.CONFIG);
    }

    @Test
    void fromDataset_readsTheAnnotationsOfTheResolvedVersion() {
        DatasetVersion v = new DatasetVersion("covers", "abcd1234", Optional.empty(), "test", "me", Instant.EPOCH, 2,
                Map.of(), Map.of());
        List<Sample> samples = List.of(
                sample("a.png", Map.of("alice", "ok", "bob", "ok")),
                sample("b.png", Map.of("alice", "defect", "bob", "ok")));
        DatasetRepository repo = new InMemoryDatasets(v, samples);

        LabelsCheckCommand.Input input = LabelsCheckCommand.fromDataset(repo, DatasetRef.parse("covers@abcd"), List.of("ok", "defect"));

        assertThat(input.source()).isEqualTo("covers@abcd1234");
        assertThat(input.table().items()).containsExactly("a.png", "b.png");
        assertThat(input.table().row(1)).containsEntry("alice", "defect");
        assertThatThrownBy(() -> LabelsCheckCommand.fromDataset(repo, DatasetRef.parse("other"), List.of()))
                .isInstanceOf(UserException.class).hasMessageContaining("no dataset version other");
    }

    private static Sample sample(String path, Map<String, String> annotations) {
        return new Sample(path, BlobId.of("0".repeat(64)), Optional.empty(), annotations, Split.TRAIN, Map.of(),
                new Sample.ImageInfo.Unreadable("test"));
    }

    /** One version in memory, resolved by name and id prefix as the port documents. */
    private record InMemoryDatasets(DatasetVersion version, List<Sample> samples) implements DatasetRepository {
        @Override
        public boolean save(DatasetVersion v, List<Sample> s) {
            throw new UnsupportedOperationException("read-only");
        }

        @Override
        public Optional<DatasetVersion> resolve(DatasetRef ref) {
            boolean match = ref.name().equals(version.name())
                    && ref.version().map(version.id()::startsWith).orElse(true);
            return match ? Optional.of(version) : Optional.empty();
        }

        @Override
        public List<DatasetVersion> list() {
            return List.of(version);
        }

        @Override
        public List<DatasetVersion> list(String name) {
            return name.equals(version.name()) ? List.of(version) : List.of();
        }

        @Override
        public List<Sample> samples(DatasetVersion v) {
            return samples;
        }
    }
}
