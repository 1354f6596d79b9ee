package dev.loupe.batch;

import java.io.IOException;
import java.util.List;

/** Where a batch job's images come from: a list of item ids, each readable as encoded image bytes. */
public interface ImageSource {

    /** Every item, in a stable order (the same on every run over the same input). */
    List<String> items() throws IOException;

    /** The item's encoded bytes. */
    byte[] read(String item) throws IOException;

    /** For people: the folder or dataset version. */
    String describe();
}
