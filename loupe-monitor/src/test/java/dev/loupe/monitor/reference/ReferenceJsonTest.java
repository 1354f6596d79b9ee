package dev.loupe.monitor.reference;

import dev.loupe.core.image.ImageStats;
import dev.loupe.core.monitoring.Predictions;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.monitor.embedding.EmbeddingReference;
import dev.loupe.monitor.bench.EmbeddingLine;
import dev.loupe.monitor.watch.MemoryMonitoringRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ReferenceJsonTest {

    @TempDir
    Path dir;

    static Reference sample() {
        List<ImageStats> stats = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            stats.add(Predictions.of("m", i).stats().orElseThrow());
        }
        double[] scores = {0.1, 0.7, 0.2};
        return Reference.ofStats("m", "2", "parts@abcd", "defect", 0.5, stats, scores, new boolean[]{false, true, true},
                Instant.parse("2025-03-01T08:00:00Z"));
    }

    @Test
    void writeThenRead_givesTheSameReference() {
        Reference r = sample();
        Reference back = ReferenceJson.read(ReferenceJson.write(r));
        assertThat(back.model()).isEqualTo("m");
        assertThat(back.statistics().keySet()).containsExactlyElementsOf(ImageStats.NAMES);
        assertThat(back.statistics().get("brightness")).containsExactly(r.statistics().get("brightness"));
        assertThat(back.scores()).containsExactly(0.1, 0.7, 0.2);
        assertThat(back.positives()).containsExactly(false, true, true);
        assertThat(back.createdAt()).isEqualTo(r.createdAt());
        assertThat(back.predictedPositiveShare()).isEqualTo(1.0 / 3);
        assertThat(back.errorRate()).isEqualTo(1.0 / 3);
    }

    @Test
    void withoutEmbeddings_isStillWrittenAsFormat1() {
        assertThat(new String(ReferenceJson.write(sample()), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"format\":1").doesNotContain("embedding");
        assertThat(ReferenceJson.read(ReferenceJson.write(sample())).embedding()).isEmpty();
    }

    @Test
    void writeThenRead_keepsTheEmbeddingReference() {
        EmbeddingReference e = EmbeddingReference.of(new EmbeddingLine(0, 1).take(EmbeddingReference.MIN_SIZE), 4);
        Reference back = ReferenceJson.read(ReferenceJson.write(sample().withEmbedding(e)));
        assertThat(back.embedding()).contains(e);
        assertThat(back.embedding().orElseThrow().projection().project(new EmbeddingLine(0, 2).next(0)))
                .containsExactly(e.projection().project(new EmbeddingLine(0, 2).next(0)));
    }

    @Test
    void save_thenLoadByVersionOrNewest() throws Exception {
        try (FileBlobStore blobs = new FileBlobStore(dir)) {
            References refs = new References(new MemoryMonitoringRepository(), blobs);
            refs.save(sample());
            assertThat(refs.load("m", Optional.of("2"))).hasValueSatisfying(r -> assertThat(r.size()).isEqualTo(30));
            assertThat(refs.load("m", Optional.empty())).isPresent();
            assertThat(refs.load("m", Optional.of("9"))).isEmpty();
        }
    }
}
