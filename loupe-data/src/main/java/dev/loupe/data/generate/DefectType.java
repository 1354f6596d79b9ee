package dev.loupe.data.generate;

/** The kind of defect on a generated product; {@link #NONE} for a good part. */
public enum DefectType {
    NONE, SCRATCH, DENT, PITS, DISCOLORATION,
    /** Never on the stable line: appears only in {@link Scenario#NEW_DEFECT}. */
    CRACK;

    /** The manifest spelling: {@code none}, {@code scratch}, {@code dent}, {@code pits}, {@code discoloration}, {@code crack}. */
    public String csv() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
