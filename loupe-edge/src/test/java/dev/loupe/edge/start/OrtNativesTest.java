package dev.loupe.edge.start;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.assertj.core.api.Assertions.assertThat;

@EnabledOnOs(OS.LINUX)
class OrtNativesTest {
    @TempDir
    Path home;

    @Test
    void extract_twice_writesTheLibrariesOnceUnderTheHome() throws Exception {
        Path dir = OrtNatives.extract(home).orElseThrow();
        Path lib = dir.resolve("libonnxruntime.so");
        assertThat(dir).startsWith(home.resolve("native"));
        assertThat(Files.size(lib)).isGreaterThan(1 << 20);
        assertThat(dir.resolve("libonnxruntime4j_jni.so")).isRegularFile();
        FileTime written = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(lib, written);

        assertThat(OrtNatives.extract(home)).contains(dir);
        assertThat(Files.getLastModifiedTime(lib)).isEqualTo(written);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("libonnxruntime.so", "libonnxruntime4j_jni.so");
        }
    }

    @Test
    void extract_truncatedLibrary_isWrittenAgain() throws Exception {
        Path dir = OrtNatives.extract(home).orElseThrow();
        Path lib = dir.resolve("libonnxruntime.so");
        long size = Files.size(lib);
        Files.write(lib, new byte[10]);

        OrtNatives.extract(home);

        assertThat(Files.size(lib)).isEqualTo(size);
    }
}
