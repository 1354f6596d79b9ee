package dev.loupe.data.labels;

import java.util.List;

/** Builds label tables for tests. */
final class Tables {
    private Tables() {
    }

    /** Rows of labels by annotators {@code r1, r2...}; null is a missing label. Items are {@code i1, i2...}. */
    static LabelTable rows(String[]... rows) {
        LabelTable.Builder b = LabelTable.builder();
        for (int i = 0; i < rows.length; i++) {
            for (int a = 0; a < rows[i].length; a++) {
                b.put("i" + (i + 1), "r" + (a + 1), rows[i][a]);
            }
        }
        return b.build(List.of());
    }

    /** Integer-coded rows (0 = missing), as published tables print them. */
    static LabelTable coded(int[][] rows) {
        String[][] s = new String[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            s[i] = new String[rows[i].length];
            for (int a = 0; a < rows[i].length; a++) {
                s[i][a] = rows[i][a] == 0 ? null : "c" + rows[i][a];
            }
        }
        return rows(s);
    }

    /** Two annotators from a contingency table: cell [x][y] items where r1 said x and r2 said y. */
    static LabelTable contingency(int[][] cells) {
        LabelTable.Builder b = LabelTable.builder();
        int item = 0;
        for (int x = 0; x < cells.length; x++) {
            for (int y = 0; y < cells[x].length; y++) {
                for (int n = 0; n < cells[x][y]; n++) {
                    item++;
                    b.put("i" + item, "r1", "c" + x);
                    b.put("i" + item, "r2", "c" + y);
                }
            }
        }
        return b.build(List.of());
    }

    /** Many raters from per-item category counts (Fleiss' layout): rater identities are arbitrary. */
    static LabelTable counts(int[][] counts) {
        LabelTable.Builder b = LabelTable.builder();
        for (int i = 0; i < counts.length; i++) {
            int rater = 0;
            for (int c = 0; c < counts[i].length; c++) {
                for (int n = 0; n < counts[i][c]; n++) {
                    rater++;
                    b.put("i" + (i + 1), String.format("r%02d", rater), "c" + c);
                }
            }
        }
        return b.build(List.of());
    }
}
