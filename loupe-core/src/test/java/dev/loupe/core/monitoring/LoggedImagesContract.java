package dev.loupe.core.monitoring;

import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;
import dev.loupe.core.image.ImageStats;
import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.BlobIntegrityException;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.core.store.NoSuchBlobException;
import dev.loupe.core.store.Sha256;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.core.tracking.Artifact;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link PackedImages} contract, through {@link LoggedImages} on a file blob store. Every metadata
 * store adapter's test extends this and supplies a fresh, empty, migrated store.
 */
public abstract class LoggedImagesContract {

    /** A time after every pack a test writes: reclaim may take all of them. */
    private static final Instant LATER = Instant.now().plusSeconds(3600);

    protected MetadataStore store;
    private FileBlobStore blobs;
    private LoggedImages images;

    @TempDir
    Path blobDir;

    protected abstract MetadataStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
        blobs = new FileBlobStore(blobDir);
        images = new LoggedImages(blobs, store.packedImages());
    }

    @AfterEach
    void close() {
        store.close();
        blobs.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keep_writesOnePackAndReadsEachImageBack() throws IOException {
        List<BlobId> ids = images.keep(List.of(bytes("first image"), bytes("second"), bytes("first image"), bytes("3")));

        assertThat(ids).containsExactly(Sha256.of(bytes("first image")), Sha256.of(bytes("second")),
                Sha256.of(bytes("first image")), Sha256.of(bytes("3")));
        assertThat(blobs.list()).as("one blob for the batch, duplicates stored once").hasSize(1);
        assertThat(blobs.size(blobs.list().getFirst())).isEqualTo("first imagesecond3".length());
        assertThat(images.read(ids.get(0))).isEqualTo(bytes("first image"));
        assertThat(images.read(ids.get(1))).isEqualTo(bytes("second"));
        assertThat(images.read(ids.get(3))).isEqualTo(bytes("3"));
        assertThat(images.size(ids.get(1))).isEqualTo(6);
    }

    @Test
    void add_imageAlreadyPacked_movesToItsNewestPack() throws IOException {
        BlobId shared = images.keep(List.of(bytes("a"), bytes("shared"))).get(1);
        BlobId firstPack = store.packedImages().find(shared).orElseThrow().pack();

        images.keep(List.of(bytes("b"), bytes("shared")));

        PackedImages.PackedImage now = store.packedImages().find(shared).orElseThrow();
        assertThat(now.pack()).isNotEqualTo(firstPack);
        assertThat(now.offset()).isEqualTo(1);
        assertThat(images.read(shared)).isEqualTo(bytes("shared"));
        assertThat(store.packedImages().packsHolding(List.of(shared), LATER))
                .as("the first pack now holds only what was first logged alone in it")
                .containsOnlyKeys(now.pack()).containsEntry(now.pack(), Set.of(Sha256.of(bytes("b")), shared));
    }

    @Test
    void read_imageStoredAsItsOwnBlob_readsThatBlob() throws IOException {
        BlobId own = blobs.put(bytes("kept before packs"));
        assertThat(store.packedImages().find(own)).isEmpty();
        assertThat(images.read(own)).isEqualTo(bytes("kept before packs"));
        assertThat(images.size(own)).isEqualTo(17);
    }

    @Test
    void read_unknownImage_isNoSuchBlob() {
        assertThatThrownBy(() -> images.read(Sha256.of(bytes("never kept")))).isInstanceOf(NoSuchBlobException.class);
    }

    @Test
    void read_packChangedOnDisk_isAnIntegrityError() throws IOException {
        BlobId id = images.keep(List.of(bytes("good bytes"))).getFirst();
        BlobId pack = store.packedImages().find(id).orElseThrow().pack();
        Path file = blobDir.resolve("blobs").resolve(pack.shard()).resolve(pack.sha256());
        Files.write(file, bytes("evil bytes"));

        assertThatThrownBy(() -> images.read(id)).isInstanceOf(BlobIntegrityException.class);
    }

    @Test
    void keep_nothing_writesNothing() throws IOException {
        assertThat(images.keep(List.of())).isEmpty();
        assertThat(blobs.list()).isEmpty();
    }

    // --- reclaim: what retention deletes

    @Test
    void reclaim_packNobodyRefersTo_deletesItsBlobAndIndex() throws IOException {
        List<BlobId> ids = images.keep(List.of(bytes("first"), bytes("second")));
        BlobId pack = store.packedImages().find(ids.get(0)).orElseThrow().pack();

        LoggedImages.Reclaimed r = images.reclaim(ids, store.blobReferences(), LATER);

        assertThat(r).isEqualTo(new LoggedImages.Reclaimed(1, 0, "firstsecond".length()));
        assertThat(blobs.exists(pack)).isFalse();
        assertThat(store.packedImages().find(ids.get(0))).isEmpty();
        assertThat(store.packedImages().find(ids.get(1))).isEmpty();
        assertThat(images.reclaim(ids, store.blobReferences(), LATER)).as("again: nothing left")
                .isEqualTo(new LoggedImages.Reclaimed(0, 0, 0));
    }

    @Test
    void reclaim_packPlacedSinceTheGivenTime_staysForItsPredictionsMayNotBeWrittenYet() throws IOException {
        Instant before = Instant.now().minusSeconds(600);
        List<BlobId> ids = images.keep(List.of(bytes("just logged"), bytes("its neighbour")));

        assertThat(images.reclaim(ids, store.blobReferences(), before)).isEqualTo(new LoggedImages.Reclaimed(0, 0, 0));
        assertThat(images.read(ids.get(0))).isEqualTo(bytes("just logged"));
        assertThat(images.reclaim(ids, store.blobReferences(), LATER).packs()).as("once it is old enough").isEqualTo(1);
    }

    @Test
    void reclaim_oneImagePackPlacedSince_isNotDeletedAsABlobOfItsOwn() throws IOException {
        BlobId alone = images.keep(List.of(bytes("alone, just logged"))).getFirst();

        assertThat(images.reclaim(List.of(alone), store.blobReferences(), Instant.now().minusSeconds(600)))
                .isEqualTo(new LoggedImages.Reclaimed(0, 0, 0));
        assertThat(images.read(alone)).isEqualTo(bytes("alone, just logged"));
    }

    @Test
    void reclaim_packWithAnImageStillLogged_staysWholeUntilThatOneGoesToo() throws IOException {
        List<BlobId> ids = images.keep(List.of(bytes("old reject"), bytes("still logged")));
        store.predictions().append(List.of(Predictions.of("m", 1).withImage(ids.get(1))));

        assertThat(images.reclaim(List.of(ids.get(0)), store.blobReferences(), LATER)).isEqualTo(new LoggedImages.Reclaimed(0, 0, 0));
        assertThat(images.read(ids.get(1))).isEqualTo(bytes("still logged"));

        store.predictions().deleteOlderThan(Predictions.T0.plusSeconds(60));
        assertThat(images.reclaim(List.of(ids.get(1)), store.blobReferences(), LATER))
                .as("the image that held the pack goes, and with it the one deleted before")
                .isEqualTo(new LoggedImages.Reclaimed(1, 0, "old rejectstill logged".length()));
        assertThat(blobs.list()).isEmpty();
    }

    @Test
    void reclaim_imageCopiedIntoADatasetVersion_deletesThePackAndReadsTheCopy() throws IOException {
        List<BlobId> ids = images.keep(List.of(bytes("reviewed part"), bytes("other")));
        BlobId pack = store.packedImages().find(ids.get(0)).orElseThrow().pack();
        BlobId copy = blobs.put(bytes("reviewed part")); // what the pipeline's assemble step does
        store.datasets().save(new DatasetVersion("line", "c".repeat(64), Optional.empty(), "production", "pipeline",
                        Predictions.T0, 1, Map.of("defect", 1), Map.of(Split.TRAIN, 1)),
                List.of(new Sample("production/r-1", copy, Optional.of("defect"), Map.of(), Split.TRAIN, Map.of(),
                        new Sample.ImageInfo.Decoded("png", 8, 8, 1, new ImageStats(0, 0, 0, 0, 0, 0, 0)))));

        assertThat(images.reclaim(ids, store.blobReferences(), LATER))
                .isEqualTo(new LoggedImages.Reclaimed(1, 0, "reviewed partother".length()));
        assertThat(blobs.exists(pack)).isFalse();
        assertThat(images.read(copy)).as("the dataset's copy stays, and the log reads it").isEqualTo(bytes("reviewed part"));
        assertThatThrownBy(() -> images.read(ids.get(1))).isInstanceOf(NoSuchBlobException.class);
    }

    @Test
    void reclaim_everyImageOfAPackCopiedIntoADatasetVersion_deletesThePack() throws IOException {
        List<BlobId> ids = images.keep(List.of(bytes("reviewed one"), bytes("reviewed two")));
        BlobId pack = store.packedImages().find(ids.get(0)).orElseThrow().pack();
        List<Sample> copies = List.of(
                new Sample("production/r-1", blobs.put(bytes("reviewed one")), Optional.of("defect"), Map.of(), Split.TRAIN,
                        Map.of(), new Sample.ImageInfo.Decoded("png", 8, 8, 1, new ImageStats(0, 0, 0, 0, 0, 0, 0))),
                new Sample("production/r-2", blobs.put(bytes("reviewed two")), Optional.of("defect"), Map.of(), Split.TRAIN,
                        Map.of(), new Sample.ImageInfo.Decoded("png", 8, 8, 1, new ImageStats(0, 0, 0, 0, 0, 0, 0))));
        store.datasets().save(new DatasetVersion("line", "f".repeat(64), Optional.empty(), "production", "pipeline",
                Predictions.T0, 2, Map.of("defect", 2), Map.of(Split.TRAIN, 2)), copies);

        assertThat(images.reclaim(ids, store.blobReferences(), LATER))
                .isEqualTo(new LoggedImages.Reclaimed(1, 0, "reviewed onereviewed two".length()));
        assertThat(blobs.exists(pack)).isFalse();
        assertThat(images.read(ids.get(0))).as("the log reads the dataset's copies").isEqualTo(bytes("reviewed one"));
        assertThat(images.read(ids.get(1))).isEqualTo(bytes("reviewed two"));
    }

    @Test
    void reclaim_onePartPackThatIsADatasetSample_staysForItIsThatBlob() throws IOException {
        BlobId image = images.keep(List.of(bytes("alone in its pack"))).getFirst();
        assertThat(store.packedImages().find(image).orElseThrow().pack()).as("a pack of one image is that image's blob").isEqualTo(image);
        store.datasets().save(new DatasetVersion("line", "e".repeat(64), Optional.empty(), "production", "pipeline",
                        Predictions.T0, 1, Map.of("defect", 1), Map.of(Split.TRAIN, 1)),
                List.of(new Sample("production/r-2", blobs.put(bytes("alone in its pack")), Optional.of("defect"), Map.of(),
                        Split.TRAIN, Map.of(), new Sample.ImageInfo.Decoded("png", 8, 8, 1, new ImageStats(0, 0, 0, 0, 0, 0, 0)))));

        assertThat(images.reclaim(List.of(image), store.blobReferences(), LATER)).isEqualTo(new LoggedImages.Reclaimed(0, 0, 0));
        assertThat(blobs.read(image)).isEqualTo(bytes("alone in its pack"));
    }

    @Test
    void reclaim_packedImageWithABlobOfItsOwn_deletesThePackAndLeavesThatBlob() throws IOException {
        List<BlobId> ids = images.keep(List.of(bytes("logged"), bytes("also logged")));
        BlobId own = blobs.put(bytes("logged")); // a copy some other record made; not the log's to delete

        assertThat(images.reclaim(ids, store.blobReferences(), LATER)).extracting(LoggedImages.Reclaimed::packs, LoggedImages.Reclaimed::ownBlobs)
                .containsExactly(1, 0);
        assertThat(blobs.exists(own)).isTrue();
        assertThat(images.read(own)).as("read from its own blob once the pack is gone").isEqualTo(bytes("logged"));
    }

    @Test
    void reclaim_imageKeptBeforePacks_deletesItsBlob() throws IOException {
        BlobId own = blobs.put(bytes("kept before packs"));

        assertThat(images.reclaim(List.of(own), store.blobReferences(), LATER)).isEqualTo(new LoggedImages.Reclaimed(0, 1, 17));
        assertThat(blobs.exists(own)).isFalse();
    }

    // --- sweep: the packs no deleted prediction leads retention to

    private static final LoggedImages.Reclaimed NOTHING = new LoggedImages.Reclaimed(0, 0, 0);

    private BlobId packOf(BlobId image) {
        return store.packedImages().find(image).orElseThrow().pack();
    }

    @Test
    void sweep_packWhoseEveryImageWasLoggedAgain_deletesItThoughReclaimNeverMeetsIt() throws IOException {
        BlobId first = packOf(images.keep(List.of(bytes("logged twice"), bytes("this too"))).getFirst());
        List<BlobId> again = images.keep(List.of(bytes("logged twice"), bytes("this too"), bytes("new")));

        assertThat(images.reclaim(again, store.blobReferences(), LATER)).as("retention, given every image, meets the newest pack only")
                .isEqualTo(new LoggedImages.Reclaimed(1, 0, "logged twicethis toonew".length()));
        assertThat(blobs.list()).as("the first pack is left behind").containsExactly(first);

        assertThat(images.sweep(store.blobReferences(), LATER, LATER))
                .isEqualTo(new LoggedImages.Reclaimed(1, 0, "logged twicethis too".length()));
        assertThat(blobs.list()).isEmpty();
        assertThat(store.packedImages().emptyPacks(LATER, Optional.empty(), 10)).isEmpty();
    }

    @Test
    void sweep_packWhosePredictionsWereNeverWritten_deletesItThoughReclaimNeverMeetsIt() throws IOException {
        List<BlobId> logged = images.keep(List.of(bytes("logged"), bytes("its neighbour")));
        store.predictions().append(List.of(Predictions.of("m", 1).withImage(logged.getFirst())));
        List<BlobId> lost = images.keep(List.of(bytes("append failed"), bytes("so did this")));
        BlobId orphan = packOf(lost.getFirst());
        store.predictions().deleteOlderThan(Predictions.T0.plusSeconds(60));

        assertThat(images.reclaim(store.predictions().imagesBefore(LATER), store.blobReferences(), LATER)).isEqualTo(NOTHING);
        assertThat(images.reclaim(logged, store.blobReferences(), LATER).packs()).as("retention meets the logged pack only").isEqualTo(1);
        assertThat(blobs.list()).as("the orphan is left behind").containsExactly(orphan);

        assertThat(images.sweep(store.blobReferences(), LATER, LATER))
                .isEqualTo(new LoggedImages.Reclaimed(1, 0, "append failedso did this".length()));
        assertThat(blobs.list()).isEmpty();
        assertThat(store.packedImages().find(lost.get(1))).isEmpty();
    }

    @Test
    void sweep_packAPredictionStillRefersTo_stays() throws IOException {
        List<BlobId> ids = images.keep(List.of(bytes("still logged"), bytes("its neighbour")));
        store.predictions().append(List.of(Predictions.of("m", 1).withImage(ids.get(1))));

        assertThat(images.sweep(store.blobReferences(), LATER, LATER)).isEqualTo(NOTHING);
        assertThat(images.read(ids.get(0))).isEqualTo(bytes("still logged"));
    }

    @Test
    void sweep_packsWrittenWithinTheGracePeriod_stay() throws IOException {
        Instant grace = Instant.now().minusSeconds(600);
        images.keep(List.of(bytes("predictions on their way"), bytes("its neighbour")));
        images.keep(List.of(bytes("logged twice"), bytes("this too")));
        images.keep(List.of(bytes("logged twice"), bytes("this too"), bytes("new")));

        assertThat(images.sweep(store.blobReferences(), LATER, grace)).as("the retention's cutoff later: grace still holds")
                .isEqualTo(NOTHING);
        assertThat(blobs.list()).hasSize(3);
        assertThat(images.sweep(store.blobReferences(), LATER, LATER).packs()).as("once they are old enough").isEqualTo(3);
    }

    @Test
    void sweep_packWrittenSinceTheRetentionCutoff_staysForItsPredictionsMayStillCome() throws IOException {
        BlobId id = images.keep(List.of(bytes("an edge upload's"), bytes("predictions still coming"))).getFirst();

        assertThat(images.sweep(store.blobReferences(), Instant.now().minusSeconds(3600), LATER)).isEqualTo(NOTHING);
        assertThat(images.read(id)).isEqualTo(bytes("an edge upload's"));
    }

    @Test
    void sweep_oneImagePackLoggedAgainThatIsADatasetSample_staysForItIsThatBlob() throws IOException {
        BlobId image = images.keep(List.of(bytes("alone, then again"))).getFirst();
        images.keep(List.of(bytes("alone, then again"), bytes("with another")));
        saveSample("production/r-3", blobs.put(bytes("alone, then again")));

        assertThat(images.sweep(store.blobReferences(), LATER, LATER))
                .as("the second pack goes: its only image a record needs has a blob of its own, the first pack")
                .isEqualTo(new LoggedImages.Reclaimed(1, 0, "alone, then againwith another".length()));
        assertThat(blobs.read(image)).isEqualTo(bytes("alone, then again"));
        assertThat(images.sweep(store.blobReferences(), LATER, LATER)).as("again: the sample still needs it").isEqualTo(NOTHING);
    }

    @Test
    void sweep_oneImagePackNeverLoggedThatIsADatasetSample_staysForItIsThatBlob() throws IOException {
        BlobId image = images.keep(List.of(bytes("alone, never logged"))).getFirst();
        saveSample("production/r-4", blobs.put(bytes("alone, never logged")));

        assertThat(images.sweep(store.blobReferences(), LATER, LATER)).isEqualTo(NOTHING);
        assertThat(images.read(image)).isEqualTo(bytes("alone, never logged"));
    }

    @Test
    void sweep_stoppedBetweenBlobAndRows_nextSweepDeletesTheRows() throws IOException {
        BlobId empty = packOf(images.keep(List.of(bytes("logged twice"), bytes("this too"))).getFirst());
        images.keep(List.of(bytes("logged twice"), bytes("this too"), bytes("new")));
        BlobId orphanImage = images.keep(List.of(bytes("never logged"), bytes("nor this"))).getFirst();
        blobs.delete(empty); // as a sweep stopped after deleting the blobs
        blobs.delete(packOf(orphanImage));

        assertThat(images.sweep(store.blobReferences(), LATER, LATER)).as("only the pack whose blob was still there counts")
                .isEqualTo(new LoggedImages.Reclaimed(1, 0, "logged twicethis toonew".length()));
        assertThat(store.packedImages().emptyPacks(LATER, Optional.empty(), 10)).isEmpty();
        assertThat(store.packedImages().unloggedPacks(LATER, Optional.empty(), 10)).isEmpty();
        assertThat(store.packedImages().find(orphanImage)).isEmpty();
    }

    @Test
    void sweep_moreThanAPage_takesEveryPageAndLeavesWhatStays() throws IOException {
        List<PackedImages.PackedImage> rows = new ArrayList<>(); // the index only, as a sweep stopped after the blobs leaves it
        for (int i = 0; i < LoggedImages.SWEEP_PAGE + 3; i++) {
            rows.add(new PackedImages.PackedImage(Sha256.of(bytes("image " + i)), Sha256.of(bytes("pack " + i)), 0, 7));
        }
        store.packedImages().add(rows);
        BlobId sample = images.keep(List.of(bytes("alone, a dataset sample"))).getFirst();
        saveSample("production/r-5", blobs.put(bytes("alone, a dataset sample")));

        assertThat(images.sweep(store.blobReferences(), LATER, LATER)).isEqualTo(NOTHING);
        assertThat(store.packedImages().unloggedPacks(LATER, Optional.empty(), rows.size() + 1)).as("what stays")
                .isEqualTo(Map.of(sample, Set.of(sample)));
        assertThat(store.packedImages().find(rows.getLast().image())).isEmpty();
    }

    private void saveSample(String path, BlobId blob) {
        store.datasets().save(new DatasetVersion("line", path.replaceAll("\\D", "").repeat(64).substring(0, 64), Optional.empty(),
                        "production", "pipeline", Predictions.T0, 1, Map.of("defect", 1), Map.of(Split.TRAIN, 1)),
                List.of(new Sample(path, blob, Optional.of("defect"), Map.of(), Split.TRAIN, Map.of(),
                        new Sample.ImageInfo.Decoded("png", 8, 8, 1, new ImageStats(0, 0, 0, 0, 0, 0, 0)))));
    }

    @Test
    void blobReferences_seeEveryRecordThatNamesABlob() throws IOException {
        BlobId logged = blob("logged");
        BlobId sample = blob("sample");
        BlobId artifact = blob("artifact");
        BlobId reference = blob("reference");
        BlobId bare = blob("model, bare id");
        BlobId prefixed = blob("model, sha256:");
        BlobId uri = blob("model, blob:sha256:");
        BlobId nobody = blob("nobody");
        store.predictions().append(List.of(Predictions.of("m", 1).withImage(logged)));
        store.datasets().save(new DatasetVersion("d", "d".repeat(64), Optional.empty(), "/data", "ci", Predictions.T0, 1,
                        Map.of("ok", 1), Map.of(Split.TRAIN, 1)),
                List.of(new Sample("ok/1.png", sample, Optional.of("ok"), Map.of(), Split.TRAIN, Map.of(),
                        new Sample.ImageInfo.Decoded("png", 8, 8, 1, new ImageStats(0, 0, 0, 0, 0, 0, 0)))));
        String run = store.tracking().createRun(null, null, "ci", null, Map.of()).runId();
        store.tracking().logArtifact(run, new Artifact("worst/1.png", artifact, 6));
        store.monitoring().saveReference(new StoredReference("m", "1", "d@" + "d".repeat(64), reference, 400, Predictions.T0));
        store.registry().createModel("ci", "m", null, Map.of());
        store.registry().createVersion("ci", "m", bare.sha256(), null, null, Map.of());
        store.registry().createVersion("ci", "m", "sha256:" + prefixed.sha256(), null, null, Map.of());
        store.registry().createVersion("ci", "m", "blob:sha256:" + uri.sha256(), null, null, Map.of());

        assertThat(store.blobReferences().unreferenced(List.of(logged, sample, artifact, reference, bare, prefixed, uri, nobody)))
                .containsExactly(nobody);
    }

    private BlobId blob(String content) throws IOException {
        return blobs.put(bytes(content));
    }
}
