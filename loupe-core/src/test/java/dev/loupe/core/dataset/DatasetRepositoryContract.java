package dev.loupe.core.dataset;

import dev.loupe.core.image.ImageStats;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.core.store.Sha256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link DatasetRepository} contract. Every metadata store adapter's test extends this and supplies a
 * fresh, empty, migrated store.
 */
public abstract class DatasetRepositoryContract {

    protected MetadataStore store;

    protected abstract MetadataStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private DatasetRepository repo() {
        return store.datasets();
    }

    @Test
    void save_thenSamples_roundTripsEveryField() {
        DatasetVersion v = version("parts", "ab12" + "0".repeat(60), 1_000);
        List<Sample> samples = List.of(
                new Sample("ok/1.png", Sha256.of(bytes("a")), Optional.of("ok"), Map.of("annotator_1", "ok", "annotator_2", "defect"),
                        Split.TRAIN, Map.of("lighting", "dim", "variant", "blue"),
                        new Sample.ImageInfo.Decoded("png", 128, 96, 3, new ImageStats(0.5, 0.1, 0.02, 0.4, 0.5, 0.6, 0.3))),
                new Sample("bad/2.png", Sha256.of(bytes("b")), Optional.empty(), Map.of(), Split.TEST, Map.of(),
                        new Sample.ImageInfo.Unreadable("truncated PNG: no IEND chunk (40 bytes)")));

        assertThat(repo().save(v, samples)).isTrue();

        DatasetVersion back = repo().resolve(v.ref()).orElseThrow();
        assertThat(back).isEqualTo(v);
        assertThat(repo().samples(back)).containsExactly(samples.get(1), samples.get(0)); // path order
    }

    @Test
    void save_sameVersionTwice_isNoOpAndKeepsFirst() {
        DatasetVersion v = version("parts", "cd34" + "0".repeat(60), 1_000);
        assertThat(repo().save(v, List.of(sample("a.png")))).isTrue();
        DatasetVersion again = version("parts", v.id(), 9_000);
        assertThat(repo().save(again, List.of(sample("a.png"), sample("b.png")))).isFalse();
        assertThat(repo().resolve(v.ref()).orElseThrow().createdAt()).isEqualTo(v.createdAt());
        assertThat(repo().samples(v)).hasSize(1);
        assertThat(repo().list()).hasSize(1);
    }

    @Test
    void resolve_byName_givesNewest() {
        DatasetVersion first = version("parts", "1111" + "0".repeat(60), 1_000);
        DatasetVersion second = version("parts", "2222" + "0".repeat(60), 2_000);
        repo().save(first, List.of());
        repo().save(second, List.of());
        repo().save(version("other", "3333" + "0".repeat(60), 3_000), List.of());
        assertThat(repo().resolve(DatasetRef.parse("parts")).orElseThrow().id()).isEqualTo(second.id());
        assertThat(repo().resolve(DatasetRef.parse("nothing"))).isEmpty();
    }

    @Test
    void resolve_byIdPrefix_findsTheVersionAndRejectsAmbiguity() {
        repo().save(version("parts", "abcd1" + "0".repeat(59), 1_000), List.of());
        repo().save(version("parts", "abcd2" + "0".repeat(59), 2_000), List.of());
        assertThat(repo().resolve(DatasetRef.parse("parts@abcd1")).orElseThrow().id()).startsWith("abcd1");
        assertThat(repo().resolve(DatasetRef.parse("parts@ffff"))).isEmpty();
        assertThat(repo().resolve(DatasetRef.parse("other@abcd1"))).isEmpty();
        assertThatThrownBy(() -> repo().resolve(DatasetRef.parse("parts@abcd")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ambiguous");
    }

    @Test
    void list_isNewestFirst_andFiltersByName() {
        repo().save(version("a", "1" + "0".repeat(63), 1_000), List.of());
        repo().save(version("b", "2" + "0".repeat(63), 2_000), List.of());
        repo().save(version("a", "3" + "0".repeat(63), 3_000), List.of());
        assertThat(repo().list()).extracting(DatasetVersion::id).extracting(id -> id.substring(0, 1))
                .containsExactly("3", "2", "1");
        assertThat(repo().list("a")).extracting(DatasetVersion::name).containsExactly("a", "a");
    }

    @Test
    void save_sameIdUnderTwoNames_keepsBoth() {
        String id = "9" + "0".repeat(63);
        repo().save(version("a", id, 1_000), List.of(sample("x.png")));
        repo().save(version("b", id, 2_000), List.of(sample("x.png")));
        assertThat(repo().samples(repo().resolve(DatasetRef.parse("b@9000")).orElseThrow())).hasSize(1);
        assertThat(repo().list()).hasSize(2);
    }

    @Test
    void save_manySamples_allComeBack() {
        List<Sample> many = new java.util.ArrayList<>();
        for (int i = 0; i < 1_234; i++) {
            many.add(sample(String.format("ok/%05d.png", i)));
        }
        DatasetVersion v = version("big", "b" + "0".repeat(63), 1_000);
        repo().save(v, many);
        assertThat(repo().samples(v)).hasSize(1_234).first().extracting(Sample::path).isEqualTo("ok/00000.png");
    }

    private static DatasetVersion version(String name, String id, long createdAtMs) {
        return new DatasetVersion(name, id, Optional.of("parts@" + "f".repeat(64)), "/data/parts", "alice",
                Instant.ofEpochMilli(createdAtMs), 2, Map.of("ok", 1, "", 1), Map.of(Split.TRAIN, 1, Split.TEST, 1));
    }

    private static Sample sample(String path) {
        return new Sample(path, Sha256.of(bytes(path)), Optional.of("ok"), Map.of(), Split.TRAIN, Map.of(),
                new Sample.ImageInfo.Decoded("png", 8, 8, 1, new ImageStats(0, 0, 0, 0, 0, 0, 0)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
