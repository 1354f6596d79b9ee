package dev.loupe.data.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The layouts {@code loupe data import} reads. */
public enum ImportFormat {
    /** {@code <class>/<image>}: the folder is the label. */
    IMAGEFOLDER,
    /** MVTec AD: {@code train/good}, {@code test/<defect>}, {@code ground_truth}. */
    MVTEC,
    /** A CSV or JSON manifest with a {@code file} column. */
    MANIFEST;

    public static ImportFormat parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "imagefolder" -> IMAGEFOLDER;
            case "mvtec" -> MVTEC;
            case "manifest", "csv", "json" -> MANIFEST;
            default -> throw new IllegalArgumentException("unknown format '" + s + "' (imagefolder, mvtec, manifest)");
        };
    }

    /**
     * The layout of a path: a manifest file, or a directory holding {@code manifest.csv|json|jsonl}, is a
     * manifest; a directory with {@code train/good} and {@code test} (or sub-directories that have them) is
     * MVTec; any other directory is an ImageFolder.
     */
    public static ImportFormat detect(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new java.io.FileNotFoundException(path + " does not exist");
        }
        if (ManifestLayout.find(path).isPresent()) {
            return MANIFEST;
        }
        if (!Files.isDirectory(path)) {
            throw new IOException(path + " is neither a directory nor a .csv, .json or .jsonl manifest");
        }
        return MvtecLayout.matches(path) ? MVTEC : IMAGEFOLDER;
    }

    Layout layout() {
        return switch (this) {
            case IMAGEFOLDER -> new ImageFolderLayout();
            case MVTEC -> new MvtecLayout();
            case MANIFEST -> new ManifestLayout();
        };
    }

    public String lower() {
        return name().toLowerCase(Locale.ROOT);
    }
}
