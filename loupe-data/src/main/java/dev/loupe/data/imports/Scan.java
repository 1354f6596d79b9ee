package dev.loupe.data.imports;

import java.util.List;

/**
 * What a layout found under a root: the image files to import and the entries it passed over, each with
 * a reason ({@code notes.txt: not an image file name}, {@code a/7.png: listed in the manifest but missing}).
 */
public record Scan(List<SourceFile> files, List<String> skipped) {
    public Scan {
        files = List.copyOf(files);
        skipped = List.copyOf(skipped);
    }
}
