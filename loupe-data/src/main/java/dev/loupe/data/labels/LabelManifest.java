package dev.loupe.data.labels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the annotator columns of a CSV manifest into a {@link LabelTable}, so labels can be checked
 * before (or without) importing a dataset. The manifest has a header row with a {@code file} column and
 * one {@code annotator_<name>} column per annotator; an empty cell is a missing label; other columns are
 * ignored. CSV as in RFC 4180 (quoted fields, doubled quotes, CRLF or LF), UTF-8 with or without a BOM.
 */
public final class LabelManifest {
    static final String FILE = "file";
    static final String ANNOTATOR_PREFIX = "annotator_";

    private LabelManifest() {
    }

    /**
     * @throws IllegalArgumentException naming the line, when the header lacks {@code file} or annotator
     *                                  columns, a row has the wrong number of fields, or a file repeats
     */
    public static LabelTable read(Path csv, List<String> labelOrder) throws IOException {
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<List<String>> rows = parse(text, csv);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(csv + ": empty manifest (expected a header with file and annotator_* columns)");
        }
        List<String> header = rows.getFirst();
        int fileColumn = header.indexOf(FILE);
        if (fileColumn < 0) {
            throw new IllegalArgumentException(csv + ":1: no 'file' column in the header " + header);
        }
        List<Integer> columns = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            if (header.get(c).startsWith(ANNOTATOR_PREFIX) && header.get(c).length() > ANNOTATOR_PREFIX.length()) {
                columns.add(c);
            }
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException(csv + ":1: no annotator_<name> columns in the header " + header);
        }
        LabelTable.Builder b = LabelTable.builder();
        Set<String> files = new HashSet<>();
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() == 1 && row.getFirst().isBlank()) {
                continue;
            }
            if (row.size() != header.size()) {
                throw new IllegalArgumentException(csv + ":" + (r + 1) + ": " + row.size() + " fields, the header has " + header.size());
            }
            String file = row.get(fileColumn);
            if (!files.add(file)) {
                throw new IllegalArgumentException(csv + ":" + (r + 1) + ": file '" + file + "' appears twice");
            }
            for (int c : columns) {
                b.put(file, header.get(c).substring(ANNOTATOR_PREFIX.length()), row.get(c));
            }
        }
        return b.build(labelOrder);
    }

    /** RFC 4180 records; a record may span lines inside quotes. */
    static List<List<String>> parse(String text, Path source) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    line += ch == '\n' ? 1 : 0;
                    field.append(ch);
                }
            } else if (ch == '"' && field.isEmpty()) {
                quoted = true;
            } else if (ch == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                line++;
            } else {
                field.append(ch);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(source + ":" + line + ": unterminated quoted field");
        }
        if (!field.isEmpty() || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
