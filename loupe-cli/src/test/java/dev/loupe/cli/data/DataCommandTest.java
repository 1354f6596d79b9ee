package dev.loupe.cli.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.cli.CliRun;
import dev.loupe.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The data commands end to end through {@link Main#run}, on a fresh home. */
class DataCommandTest {
    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    private Run loupe(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--home";
        all[args.length + 1] = tmp.resolve("home").toString();
        java.io.StringWriter out = new java.io.StringWriter(), err = new java.io.StringWriter();
        int code = Main.run(new java.io.PrintWriter(out), new java.io.PrintWriter(err), all);
        return new Run(code, out.toString(), err.toString());
    }

    private Path folder(int perLabel) throws Exception {
        Path src = tmp.resolve("src");
        Random rnd = new Random(7);
        for (String label : List.of("ok", "defect")) {
            for (int i = 0; i < perLabel; i++) {
                BufferedImage img = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = img.createGraphics();
                for (int k = 0; k < 8; k++) {
                    g.setColor(new Color(rnd.nextInt(0xFFFFFF)));
                    g.fillOval(rnd.nextInt(40) - 10, rnd.nextInt(40) - 10, 5 + rnd.nextInt(30), 5 + rnd.nextInt(30));
                }
                g.dispose();
                Files.createDirectories(src.resolve(label));
                ImageIO.write(img, "png", src.resolve(label + "/" + i + ".png").toFile());
            }
        }
        return src;
    }

    @Test
    void importValidateShowListExport_endToEnd() throws Exception {
        Path src = folder(20);

        Run imp = loupe("data", "import", src.toString(), "--name", "parts");
        assertThat(imp.exit()).as(imp.err()).isZero();
        Matcher m = Pattern.compile("^parts@([0-9a-f]{12})$", Pattern.MULTILINE).matcher(imp.out());
        assertThat(m.find()).as(imp.out()).isTrue();
        String ref = "parts@" + m.group(1);
        assertThat(imp.out()).contains("imagefolder, 40 samples").contains("train 28, validation 6, test 6")
                .contains("defect 20, ok 20").contains("new version").contains("40 new blobs");

        Run again = loupe("data", "import", src.toString(), "--name", "parts");
        assertThat(again.out()).contains(ref).contains("unchanged").contains("0 new blobs");

        Run validate = loupe("data", "validate", ref);
        assertThat(validate.exit()).as(validate.out() + validate.err()).isZero();
        assertThat(validate.out()).contains("no findings").contains("verdict: pass");

        Run show = loupe("data", "show", ref);
        assertThat(show.exit()).isZero();
        assertThat(show.out()).contains("source      " + src.toAbsolutePath()).contains("samples     40 (0 unreadable)")
                .containsPattern("ok\\s+14\\s+3\\s+3\\s+20").contains("brightness");

        assertThat(loupe("data", "list").out()).contains(ref).contains("defect 20, ok 20");

        Path out = tmp.resolve("export");
        Run export = loupe("data", "export", ref, "--out", out.toString(), "--split", "test");
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.out()).contains("exported 6 images");
        List<String> manifest = Files.readAllLines(out.resolve("manifest.csv"));
        assertThat(manifest.getFirst()).isEqualTo("file,label,split,source_path");
        assertThat(manifest).hasSize(7);
        String[] first = manifest.get(1).split(",");
        assertThat(Files.readAllBytes(out.resolve(first[0]))).isEqualTo(Files.readAllBytes(src.resolve(first[3])));
        assertThat(first[2]).isEqualTo("test");
        assertThat(first[0]).startsWith(first[1] + "/");
    }

    @Test
    void export_intoAFolderThatHoldsAnything_isRefusedAndWritesNothing() throws Exception {
        Path src = folder(5);
        assertThat(loupe("data", "import", src.toString(), "--name", "parts").exit()).isZero();
        Path out = tmp.resolve("export");
        assertThat(loupe("data", "export", "parts", "--out", out.toString()).exit()).isZero();
        long images;
        try (var files = Files.walk(out)) {
            images = files.filter(f -> f.toString().endsWith(".png")).count();
        }
        assertThat(images).isEqualTo(10);
        byte[] fullManifest = Files.readAllBytes(out.resolve("manifest.csv"));

        // a test-split export over the full one would leave the training images under ok/ and defect/
        Run again = loupe("data", "export", "parts", "--out", out.toString(), "--split", "test");

        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.out()).isEmpty();
        assertThat(again.err().strip()).isEqualTo("loupe: --out " + out + " is not empty; give a new or empty folder"
                + " (an export's images would mix with what is there)");
        assertThat(out.resolve("manifest.csv")).hasBinaryContent(fullManifest);

        Path file = tmp.resolve("notes.txt");
        Files.writeString(file, "mine");
        Run onFile = loupe("data", "export", "parts", "--out", file.toString());
        assertThat(onFile.exit()).isEqualTo(2);
        assertThat(onFile.err()).contains("--out " + file + " is a file");
        assertThat(file).hasContent("mine");

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThat(loupe("data", "export", "parts", "--out", empty.toString(), "--split", "test").out()).contains("exported");
    }

    @Test
    void export_twoSamplesThatWouldShareAFile_getOneEach() throws Exception {
        Path src = folder(2);
        // ok/0.png and a top-level 0.png, both labelled ok: both would be written as ok/0.png
        Files.copy(src.resolve("defect/0.png"), src.resolve("0.png"));
        Files.writeString(src.resolve("manifest.csv"), "file,label\nok/0.png,ok\n0.png,ok\nok/1.png,ok\n");
        assertThat(loupe("data", "import", src.resolve("manifest.csv").toString(), "--name", "clash").exit()).isZero();
        Path out = tmp.resolve("clash-export");

        assertThat(loupe("data", "export", "clash", "--out", out.toString()).exit()).isZero();

        List<String> rows = Files.readAllLines(out.resolve("manifest.csv"));
        List<String> files = rows.stream().skip(1).map(r -> r.substring(0, r.indexOf(','))).toList();
        assertThat(files).hasSize(3).doesNotHaveDuplicates();
        for (String row : rows.subList(1, rows.size())) {
            String file = row.substring(0, row.indexOf(','));
            String source = row.split(",")[3];
            assertThat(out.resolve(file)).as(row).hasSameBinaryContentAs(src.resolve(source));
        }
    }

    @Test
    void import_missingFolder_isAUsageErrorNamingThePath() {
        Path missing = tmp.resolve("nope");

        Run r = loupe("data", "import", missing.toString(), "--name", "parts");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("loupe: PATH " + missing + ": no such file or directory\n");
    }

    @Test
    void import_emptyFolder_isAUsageErrorNamingThePath() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));

        Run r = loupe("data", "import", empty.toString(), "--name", "parts");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("loupe: no image files found in " + empty).hasLineCount(1);
    }

    @Test
    void import_brokenJsonManifest_isOneLineNamingTheFileAndWhere() throws Exception {
        Path src = folder(2);
        Files.writeString(src.resolve("manifest.json"), "[{\"file\": \"ok/0.png\", \"label\": \"ok\"},\n {\"file\": ");
        Files.writeString(src.resolve("lines.jsonl"), "{\"file\": \"ok/0.png\"}\n\n{\"file\" \"ok/1.png\"}\n");

        Run json = loupe("data", "import", src.resolve("manifest.json").toString(), "--name", "parts");
        Run jsonl = loupe("data", "import", src.resolve("lines.jsonl").toString(), "--name", "parts");

        assertThat(json.exit()).isEqualTo(1);
        assertThat(json.err()).startsWith("loupe: " + src.resolve("manifest.json") + ": not valid JSON (line 2, column ")
                .hasLineCount(1);
        assertThat(jsonl.exit()).isEqualTo(1);
        assertThat(jsonl.err()).startsWith("loupe: " + src.resolve("lines.jsonl") + ": not valid JSON (line 3, column 9): ")
                .hasLineCount(1);
    }

    @Test
    void list_json_givesEachVersionsIdCountsAndTime() throws Exception {
        Path src = folder(5);
        Run imp = loupe("data", "import", src.toString(), "--name", "parts");
        assertThat(imp.exit()).as(imp.err()).isZero();
        CliRun list = CliRun.of("data", "list", "--json", "--home", tmp.resolve("home").toString());
        assertThat(list.exitCode()).as(list.toString()).isZero();
        JsonNode versions = list.json().path("versions");
        assertThat(versions).hasSize(1);
        JsonNode v = versions.get(0);
        assertThat(v.path("name").asText()).isEqualTo("parts");
        assertThat(v.path("id").asText()).matches("[0-9a-f]{64}");
        assertThat(v.path("ref").asText()).isEqualTo("parts@" + v.path("id").asText());
        assertThat(imp.out()).contains("parts@" + v.path("id").asText().substring(0, 12));
        assertThat(v.path("parent").isNull()).isTrue();
        assertThat(v.path("samples").isInt()).isTrue();
        assertThat(v.path("samples").asInt()).isEqualTo(10);
        assertThat(v.path("labels").path("ok").asInt()).isEqualTo(5);
        assertThat(v.path("labels").path("defect").asInt()).isEqualTo(5);
        assertThat(v.path("splits").path("train").asInt() + v.path("splits").path("validation").asInt()
                + v.path("splits").path("test").asInt()).isEqualTo(10);
        assertThat(Instant.parse(v.path("created_at").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(loupe("data", "list").out()).startsWith("VERSION").contains("defect 5, ok 5");
        assertThat(CliRun.of("data", "list", "nothing", "--json", "--home", tmp.resolve("home").toString()).json()
                .path("versions")).isEmpty();
    }

    @Test
    void show_json_givesCountsLineageAndTheValidationReportsStatistics() throws Exception {
        Path src = folder(5);
        Run imp = loupe("data", "import", src.toString(), "--name", "parts");
        assertThat(imp.exit()).as(imp.err()).isZero();
        String home = tmp.resolve("home").toString();
        CliRun show = CliRun.of("data", "show", "parts", "--json", "--home", home);
        assertThat(show.exitCode()).as(show.toString()).isZero();
        JsonNode v = show.json();
        assertThat(v.path("ref").asText()).isEqualTo("parts@" + v.path("id").asText());
        assertThat(v.path("samples").asInt()).isEqualTo(10);
        assertThat(v.path("unreadable").isIntegralNumber()).isTrue();
        assertThat(v.path("unreadable").asInt()).isZero();
        assertThat(v.path("lineage")).hasSize(1);
        assertThat(v.path("lineage").get(0).asText()).isEqualTo(v.path("ref").asText());
        JsonNode ok = v.path("counts").path("ok");
        assertThat(ok.path("train").asInt() + ok.path("validation").asInt() + ok.path("test").asInt())
                .isEqualTo(ok.path("total").asInt()).isEqualTo(5);
        assertThat(v.path("metadata_columns").isArray()).isTrue();
        JsonNode brightness = v.path("statistics").path("all").path("brightness");
        assertThat(brightness.path("n").asInt()).isEqualTo(10);
        assertThat(brightness.path("p50").isNumber()).isTrue();
        assertThat(v.path("statistics").path("by_label").path("defect").path("brightness").path("n").asInt()).isEqualTo(5);
        // the same statistics as data validate --json reports
        JsonNode validate = new com.fasterxml.jackson.databind.ObjectMapper().readTree(loupe("data", "validate", "parts", "--json").out());
        assertThat(v.path("statistics")).isEqualTo(validate.path("statistics"));
        assertThat(loupe("data", "show", "parts").out()).contains("samples     10 (0 unreadable)").doesNotContain("{");

        CliRun unknown = CliRun.of("data", "show", "nothing@abcd", "--json", "--home", home);
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.out()).isEmpty();
        assertThat(unknown.err()).startsWith("loupe: ");
    }

    @Test
    void validate_corruptFile_failsWithExitOne_andJsonNamesIt() throws Exception {
        Path src = folder(5);
        Files.writeString(src.resolve("ok/broken.png"), "not a png");
        assertThat(loupe("data", "import", src.toString(), "--name", "parts").out()).contains("1 unreadable");

        Run text = loupe("data", "validate", "parts");
        assertThat(text.exit()).isEqualTo(1);
        assertThat(text.out()).contains("error   unreadable").contains("ok/broken.png").contains("verdict: fail");

        Run json = loupe("data", "validate", "parts", "--json");
        assertThat(json.exit()).isEqualTo(1);
        assertThat(json.out()).contains("\"verdict\" : \"fail\"").contains("\"files\" : [ \"ok/broken.png\" ]");
    }

    private Path project(String okLabel, String defectLabel) throws Exception {
        Path file = tmp.resolve(okLabel + "-" + defectLabel + ".yaml");
        Files.writeString(file, dev.loupe.core.project.ProjectFile.template().replace("    ok:\n", "    " + okLabel + ":\n")
                .replace("    defect:\n", "    " + defectLabel + ":\n").replace("positive: defect", "positive: " + defectLabel));
        return file;
    }

    @Test
    void validate_noSampleWithAProjectLabel_failsWithUnknownLabelAndItsCounts() throws Exception {
        loupe("data", "import", folder(5).toString(), "--name", "parts");

        Run r = loupe("data", "validate", "parts", "--project", project("good", "bad").toString(), "--json");

        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        JsonNode doc = new CliRun(r.exit(), r.out(), r.err()).json();
        assertThat(doc.get("verdict").asText()).isEqualTo("fail");
        JsonNode f = doc.get("findings").get(0);
        assertThat(f.get("type").asText()).isEqualTo("unknown_label");
        assertThat(f.get("severity").asText()).isEqualTo("error");
        assertThat(f.get("files")).hasSize(10);
        assertThat(f.at("/details/counts/ok").asInt()).isEqualTo(5);
        assertThat(f.at("/details/counts/defect").asInt()).isEqualTo(5);
        assertThat(f.at("/details/project_labels").toString()).isEqualTo("[\"good\",\"bad\"]");
    }

    @Test
    void validate_someSamplesOutsideTheLabelBook_warnsNamingThem() throws Exception {
        loupe("data", "import", folder(5).toString(), "--name", "parts");

        Run r = loupe("data", "validate", "parts", "--project", project("ok", "bad").toString());

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("warning unknown_label", "5 samples have a label not in the project's (ok, bad): 'defect' 5",
                "verdict: warn");
    }

    @Test
    void validate_missingProjectFile_isAConfigError() throws Exception {
        loupe("data", "import", folder(2).toString(), "--name", "parts");

        Run r = loupe("data", "validate", "parts", "--project", tmp.resolve("nope.yaml").toString());

        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).startsWith("loupe: ").contains("nope.yaml");
    }

    @Test
    void validate_json_noReadableImage_givesNullStatisticsNotZeros() throws Exception {
        Path src = tmp.resolve("broken");
        Files.createDirectories(src.resolve("ok"));
        for (int i = 0; i < 3; i++) {
            Files.writeString(src.resolve("ok/" + i + ".png"), "not a png");
        }
        assertThat(loupe("data", "import", src.toString(), "--name", "broken").exit()).isZero();

        Run r = loupe("data", "validate", "broken", "--json");

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).doesNotContain("NaN");
        JsonNode doc = new CliRun(r.exit(), r.out(), r.err()).json();
        assertThat(doc.get("schema").asText()).isEqualTo("loupe.data.validation/1");
        assertThat(doc.get("readable").asInt(-1)).isZero();
        JsonNode brightness = doc.at("/statistics/all/brightness");
        assertThat(brightness.get("n").asInt(-1)).isZero();
        for (String f : List.of("mean", "min", "p05", "p25", "p50", "p75", "p95", "max")) {
            assertThat(brightness.has(f)).as(f).isTrue();
            assertThat(brightness.get(f).isNull()).as(f + " of no image is unknown").isTrue();
        }
        assertThat(doc.at("/findings/0/type").asText()).isEqualTo("unreadable");
    }

    @Test
    void labelsCheck_onImportedVersion_readsItsAnnotations() throws Exception {
        Path src = folder(6);
        StringBuilder csv = new StringBuilder("file,annotator_1,annotator_2\n");
        for (String label : List.of("ok", "defect")) {
            for (int i = 0; i < 6; i++) {
                String second = label.equals("ok") && i == 0 ? "defect" : label;
                csv.append(label).append('/').append(i).append(".png,").append(label).append(',').append(second).append('\n');
            }
        }
        Files.writeString(src.resolve("manifest.csv"), csv);
        assertThat(loupe("data", "import", src.toString(), "--name", "annotated").exit()).isZero();

        Run r = loupe("labels", "check", "annotated", "--json");

        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("annotator_1").contains("annotator_2");
    }

    @Test
    void help_listsSubcommandsAndOptions() {
        Run data = loupe("data", "--help");
        assertThat(data.exit()).isZero();
        assertThat(data.out()).contains("import", "validate", "list", "show", "export");
        Run imp = loupe("data", "import", "--help");
        assertThat(imp.exit()).isZero();
        assertThat(imp.out()).contains("--name", "--format", "--split", "--parent");
    }

    @Test
    void show_unknownVersion_isOneLineError() {
        Run r = loupe("data", "show", "nothing@abcd");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("loupe: no dataset version nothing@abcd (see 'loupe data list')");
    }
}
