package dev.loupe.data.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.dataset.Split;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A manifest: a CSV file (header row), a JSON array of objects, or JSON Lines, one record per image.
 *
 * <p>Columns: {@code file} (required; relative to the manifest's directory), {@code label} (optional),
 * {@code annotator_*} (one label per annotator, optional), {@code split} (optional: train, validation or
 * test fixes the split), and every other column becomes metadata. A blank value means "not given". Without
 * a {@code label} value the label is the annotators' {@link Consensus#majority majority vote}. A CSV row
 * with more or fewer fields than the header is skipped and reported.
 */
final class ManifestLayout implements Layout {
    static final List<String> NAMES = List.of("manifest.csv", "manifest.json", "manifest.jsonl");

    /** The manifest a path names: the file itself, or a {@code manifest.*} inside the directory. */
    static Optional<Path> find(Path path) {
        if (Files.isRegularFile(path)) {
            String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
            return n.endsWith(".csv") || n.endsWith(".json") || n.endsWith(".jsonl") ? Optional.of(path) : Optional.empty();
        }
        return NAMES.stream().map(path::resolve).filter(Files::isRegularFile).findFirst();
    }

    @Override
    public Scan scan(Path path) throws IOException {
        Path manifest = find(path).orElseThrow(() -> new IOException(
                "no manifest at " + path + " (a .csv, .json or .jsonl file, or a directory holding " + NAMES + ")"));
        Path base = manifest.toAbsolutePath().getParent();
        List<String> skipped = new ArrayList<>();
        List<Map<String, String>> records = read(manifest, skipped);
        List<SourceFile> files = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int line = 1;
        for (Map<String, String> r : records) {
            line++;
            if (r == null) {
                continue; // a CSV row of the wrong width, already reported
            }
            String file = r.getOrDefault("file", "").strip();
            if (file.isEmpty()) {
                skipped.add(manifest.getFileName() + " record " + (line - 1) + ": no 'file' value");
                continue;
            }
            String rel = Path.of(file).normalize().toString().replace('\\', '/');
            Path p = base.resolve(rel).normalize();
            if (!seen.add(rel)) {
                skipped.add(rel + ": listed twice in " + manifest.getFileName() + ", first kept");
                continue;
            }
            if (!Files.isRegularFile(p)) {
                skipped.add(rel + ": listed in " + manifest.getFileName() + " but missing");
                continue;
            }
            try {
                files.add(toSource(rel, p, r));
            } catch (IllegalArgumentException e) {
                skipped.add(rel + ": " + e.getMessage());
            }
        }
        return new Scan(files, skipped);
    }

    private static SourceFile toSource(String rel, Path p, Map<String, String> r) {
        Map<String, String> annotations = new TreeMap<>();
        Map<String, String> metadata = new TreeMap<>();
        String label = "";
        Optional<Split> split = Optional.empty();
        for (var e : r.entrySet()) {
            String k = e.getKey();
            String v = e.getValue() == null ? "" : e.getValue().strip();
            if (v.isEmpty() || k.equals("file")) {
                continue;
            }
            if (k.equals("label")) {
                label = v;
            } else if (k.equals("split")) {
                split = Optional.of(Split.parse(v));
            } else if (k.startsWith("annotator_")) {
                annotations.put(k, v);
            } else {
                metadata.put(k, v);
            }
        }
        Optional<String> l = label.isEmpty() ? Consensus.majority(annotations.values()) : Optional.of(label);
        return new SourceFile(rel, p, l, annotations, metadata, split);
    }

    /**
     * The manifest's records in order. A CSV row with more or fewer fields than the header is {@code null}
     * (reported in {@code skipped}): its values cannot be matched to columns (an unquoted comma in a value
     * shifts the label into the next column), so importing it would give a sample a wrong label.
     */
    private static List<Map<String, String>> read(Path manifest, List<String> skipped) throws IOException {
        String name = manifest.getFileName().toString().toLowerCase(Locale.ROOT);
        String text = Files.readString(manifest);
        List<Map<String, String>> out = new ArrayList<>();
        if (name.endsWith(".csv")) {
            List<List<String>> rows = Csv.parse(text);
            if (rows.isEmpty()) {
                return out;
            }
            List<String> header = rows.getFirst().stream().map(String::strip).toList();
            if (!header.contains("file")) {
                throw new IOException(manifest + ": the header has no 'file' column: " + header);
            }
            int record = 0;
            for (List<String> row : rows.subList(1, rows.size())) {
                record++;
                if (row.size() != header.size()) {
                    skipped.add(manifest.getFileName() + " record " + record + " (" + row.getFirst() + "): " + row.size()
                            + " fields, the header has " + header.size() + " (an unquoted comma?)");
                    out.add(null);
                    continue;
                }
                Map<String, String> m = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    m.put(header.get(i), row.get(i));
                }
                out.add(m);
            }
            return out;
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> nodes = new ArrayList<>();
        if (name.endsWith(".jsonl")) {
            List<String> lines = text.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).isBlank()) {
                    nodes.add(parse(json, lines.get(i), manifest, i + 1));
                }
            }
        } else {
            JsonNode root = parse(json, text, manifest, 0);
            if (!root.isArray()) {
                throw new IOException(manifest + ": expected a JSON array of objects, one per image");
            }
            root.forEach(nodes::add);
        }
        for (JsonNode n : nodes) {
            Map<String, String> m = new LinkedHashMap<>();
            n.properties().forEach(e -> m.put(e.getKey(), e.getValue().isNull() ? ""
                    : e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
            out.add(m);
        }
        return out;
    }

    /**
     * One JSON document, or an {@link IOException} in one line naming the file and where it broke (Jackson's own
     * message puts the location on a second line, which a CLI that prints one line drops).
     *
     * @param line the JSON Lines line number of {@code text}, or 0 for a whole file
     */
    private static JsonNode parse(ObjectMapper json, String text, Path manifest, int line) throws IOException {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : line > 0 ? " (line " + line + ", column " + at.getColumnNr() + ")"
                    : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new IOException(manifest + ": not valid JSON" + where + ": " + e.getOriginalMessage(), e);
        }
    }
}
