package dev.loupe.core.monitoring;

/** What the line did with a part after the model's answer. */
public enum Decision {
    /** Accepted automatically. */
    PASS,
    /** Rejected automatically (the model said defect). */
    REJECT,
    /** Sent to a person: the score fell in the model's review band. */
    REVIEW;

    /** Items a person looks at or that leave the line: their images are always kept when sampling. */
    public boolean keepImage() {
        return this != PASS;
    }
}
