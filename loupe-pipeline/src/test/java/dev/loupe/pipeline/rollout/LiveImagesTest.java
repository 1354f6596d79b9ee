package dev.loupe.pipeline.rollout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LiveImagesTest {
    @TempDir
    Path dir;

    @Test
    void folder_listsTheFormatsTheDecoderReads_notGif() throws Exception {
        for (String name : new String[]{"ok/a.png", "ok/b.JPG", "ok/c.bmp", "defect/d.tif", "defect/e.TIFF", "f.gif", "g.txt"}) {
            Path f = dir.resolve(name);
            Files.createDirectories(f.getParent());
            Files.write(f, new byte[]{1});
        }
        var images = LiveImages.folder(dir, Set.of("ok", "defect"));
        assertThat(images).extracting(LiveImage::id)
                .containsExactly("defect/d.tif", "defect/e.TIFF", "ok/a.png", "ok/b.JPG", "ok/c.bmp");
        assertThat(images.getFirst().label()).isEqualTo(Optional.of("defect"));
    }
}
