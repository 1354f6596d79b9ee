package dev.loupe.data.generate;

/** The label of a generated frame: the truth, or what a simulated annotator said. */
public enum Label {
    OK, DEFECT;

    /** The manifest spelling: {@code ok} or {@code defect}. */
    public String csv() {
        return this == OK ? "ok" : "defect";
    }
}
