package dev.loupe.edge.start;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.jar.JarEntry;

/**
 * Keeps ONNX Runtime's native libraries extracted under the Loupe home, so a start does not inflate and
 * write ~22 MB into a temporary directory as the ONNX Runtime jar does on every start by default.
 *
 * <p>The libraries go to {@code <home>/native/onnxruntime-<crc32>-<platform>/}, named by the CRC-32 the
 * jar records for {@code libonnxruntime}, so another ONNX Runtime version gets its own directory. Each
 * file is written under a temporary name and renamed into place, so agents starting at once, or one
 * killed while extracting, never load a partial library. The directory is then handed to ONNX Runtime
 * with its {@code onnxruntime.native.path} property, which must happen before ONNX Runtime is first used.
 * Anything unexpected (another platform, a read-only home, libraries not in a jar) leaves ONNX Runtime
 * to its default.
 */
public final class OrtNatives {
    static final String PROPERTY = "onnxruntime.native.path";
    private static final List<String> LIBRARIES = List.of("libonnxruntime.so", "libonnxruntime4j_jni.so");

    private OrtNatives() {
    }

    /** The Loupe home: {@code LOUPE_HOME}, else {@code ~/.loupe}. */
    public static Path home() {
        String env = System.getenv("LOUPE_HOME");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".loupe");
    }

    /**
     * Points ONNX Runtime at the cached libraries under {@code home}, extracting them first if needed.
     *
     * @return the directory used, or empty when ONNX Runtime is left to its default
     */
    public static synchronized Optional<Path> useCache(Path home) {
        if (System.getProperty(PROPERTY) != null) {
            return Optional.empty();
        }
        Optional<Path> dir = extract(home);
        dir.ifPresent(d -> System.setProperty(PROPERTY, d.toString()));
        return dir;
    }

    /**
     * Extracts the libraries for this platform under {@code home} unless they are there already.
     *
     * @return their directory, or empty when they cannot be cached here
     */
    static Optional<Path> extract(Path home) {
        Optional<String> platform = platform();
        if (platform.isEmpty()) {
            return Optional.empty();
        }
        try {
            String prefix = "ai/onnxruntime/native/" + platform.get() + "/";
            URL main = OrtNatives.class.getClassLoader().getResource(prefix + LIBRARIES.getFirst());
            if (main == null || !(main.openConnection() instanceof JarURLConnection jar)) {
                return Optional.empty();
            }
            jar.setUseCaches(true);
            JarEntry entry = jar.getJarEntry();
            Path dir = home.resolve("native").resolve(String.format(Locale.ROOT, "onnxruntime-%08x-%s", entry.getCrc(), platform.get()));
            for (String lib : LIBRARIES) {
                JarEntry e = jar.getJarFile().getJarEntry(prefix + lib);
                if (e == null) {
                    return Optional.empty();
                }
                Path target = dir.resolve(lib);
                if (!Files.isRegularFile(target) || Files.size(target) != e.getSize()) {
                    Files.createDirectories(dir);
                    Path tmp = Files.createTempFile(dir, "." + lib, ".part");
                    try (InputStream in = jar.getJarFile().getInputStream(e)) {
                        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } finally {
                        Files.deleteIfExists(tmp);
                    }
                }
            }
            return Optional.of(dir);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.startsWith("linux")) {
            return Optional.empty();
        }
        return switch (arch) {
            case "amd64", "x86_64" -> Optional.of("linux-x64");
            case "aarch64" -> Optional.of("linux-aarch64");
            default -> Optional.empty();
        };
    }
}
