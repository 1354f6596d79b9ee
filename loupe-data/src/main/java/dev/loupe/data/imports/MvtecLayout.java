package dev.loupe.data.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The MVTec AD layout: {@code train/good/}, {@code test/good/}, {@code test/<defect>/} and
 * {@code ground_truth/<defect>/<name>_mask.png}, either for one category at the root or for several
 * categories in sub-directories.
 *
 * <p>Labels: {@code ok} for {@code good}, {@code defect} otherwise, with metadata {@code defect_type} (the
 * folder), {@code mvtec_split} (MVTec's own train/test, kept as metadata: its train set has no defects, so
 * a classifier needs Loupe's stratified split), {@code mask} (the ground-truth mask's path, when present)
 * and {@code category} (with several categories). Mask images are not imported as samples.
 */
final class MvtecLayout implements Layout {

    /** True when the directory is one MVTec category or holds some. */
    static boolean matches(Path root) throws IOException {
        if (isCategory(root)) {
            return true;
        }
        try (var s = Files.list(root)) {
            return s.anyMatch(MvtecLayout::isCategory);
        }
    }

    private static boolean isCategory(Path dir) {
        return Files.isDirectory(dir.resolve("train").resolve("good")) && Files.isDirectory(dir.resolve("test"));
    }

    @Override
    public Scan scan(Path root) throws IOException {
        List<SourceFile> files = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        if (isCategory(root)) {
            scanCategory(root, root, null, files, skipped);
        } else {
            try (var s = Files.list(root)) {
                for (Path dir : s.filter(MvtecLayout::isCategory).sorted().toList()) {
                    scanCategory(root, dir, dir.getFileName().toString(), files, skipped);
                }
            }
        }
        return new Scan(files, skipped);
    }

    private static void scanCategory(Path root, Path category, String name, List<SourceFile> files,
                                     List<String> skipped) throws IOException {
        for (String mvtecSplit : new String[]{"train", "test"}) {
            Path splitDir = category.resolve(mvtecSplit);
            if (!Files.isDirectory(splitDir)) {
                continue;
            }
            for (Path p : Layout.files(splitDir)) {
                String rel = Layout.relative(root, p);
                if (!Layout.isImageName(p)) {
                    skipped.add(rel + ": " + Layout.IMAGE_NAMES);
                    continue;
                }
                String folder = Layout.relative(splitDir, p).split("/")[0];
                Map<String, String> meta = new HashMap<>();
                meta.put("mvtec_split", mvtecSplit);
                if (name != null) {
                    meta.put("category", name);
                }
                boolean good = folder.equals("good");
                if (!good) {
                    meta.put("defect_type", folder);
                    String stem = p.getFileName().toString().replaceFirst("\\.[^.]+$", "");
                    Path mask = category.resolve("ground_truth").resolve(folder).resolve(stem + "_mask.png");
                    if (Files.isRegularFile(mask)) {
                        meta.put("mask", Layout.relative(root, mask));
                    }
                }
                files.add(SourceFile.labelled(rel, p, good ? "ok" : "defect", meta));
            }
        }
    }
}
