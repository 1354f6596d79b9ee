package dev.loupe.edge.source;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FolderSourceTest {
    @TempDir
    Path dir;

    private Path drop(String name, Instant mtime) throws Exception {
        Path p = dir.resolve("in").resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, name.getBytes());
        Files.setLastModifiedTime(p, FileTime.from(mtime));
        return p;
    }

    private List<String> take(FolderSource s, int n) throws Exception {
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Optional<Capture> c = s.next(Duration.ofMillis(100));
            if (c.isEmpty()) {
                break;
            }
            refs.add(new String(c.get().encoded()));
            s.done(c.get());
        }
        return refs;
    }

    @Test
    void next_givesFilesInArrivalOrder_andIgnoresPartialNames() throws Exception {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        drop("c.png", t);
        drop("a.png", t.plusSeconds(2));
        drop("b.png", t.plusSeconds(1));
        drop("d.png.part", t);
        drop(".e.png", t);
        try (FolderSource s = new FolderSource(dir.resolve("in"), dir.resolve("ledger"), "st", Optional.empty(), Duration.ofMillis(5))) {
            assertThat(take(s, 10)).containsExactly("c.png", "b.png", "a.png");
        }
    }

    @Test
    void restart_givesOnlyFilesNotDoneBefore() throws Exception {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        drop("1.png", t);
        drop("2.png", t.plusSeconds(1));
        try (FolderSource s = new FolderSource(dir.resolve("in"), dir.resolve("ledger"), "st", Optional.empty(), Duration.ofMillis(5))) {
            assertThat(take(s, 10)).containsExactly("1.png", "2.png");
        }
        drop("3.png", t.plusSeconds(2));
        try (FolderSource s = new FolderSource(dir.resolve("in"), dir.resolve("ledger"), "st", Optional.empty(), Duration.ofMillis(5))) {
            assertThat(take(s, 10)).containsExactly("3.png");
        }
    }

    @Test
    void restart_afterCrashBetweenSpoolAndLedger_doesNotRepeatTheSpooledFile() throws Exception {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        drop("1.png", t);
        drop("2.png", t.plusSeconds(1));
        String spooledId;
        try (FolderSource s = new FolderSource(dir.resolve("in"), dir.resolve("ledger"), "st", Optional.empty(), Duration.ofMillis(5))) {
            Capture c = s.next(Duration.ofMillis(100)).orElseThrow();
            spooledId = c.id(); // spooled, then the agent died before done()
        }
        try (FolderSource s = new FolderSource(dir.resolve("in"), dir.resolve("ledger"), "st", Optional.of(spooledId), Duration.ofMillis(5))) {
            assertThat(take(s, 10)).containsExactly("2.png");
        }
    }

    /** Cuts the ledger's last line after {@code keep} of its bytes, as a power cut while it was written would. */
    private void tearLastLedgerLine(int keep) throws Exception {
        byte[] ledger = Files.readAllBytes(dir.resolve("ledger"));
        int start = ledger.length - 1;
        while (start > 0 && ledger[start - 1] != '\n') {
            start--;
        }
        Files.write(dir.resolve("ledger"), java.util.Arrays.copyOf(ledger, start + keep));
    }

    @Test
    void restart_afterATornLastLedgerLine_neverRepeatsAFile() throws Exception {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        drop("1.png", t);
        drop("2.png", t.plusSeconds(1));
        String spooledId;
        try (FolderSource s = new FolderSource(dir.resolve("in"), dir.resolve("ledger"), "st", Optional.empty(), Duration.ofMillis(5))) {
            assertThat(take(s, 1)).containsExactly("1.png");
            Capture c = s.next(Duration.ofMillis(100)).orElseThrow();
            spooledId = c.id(); // spooled; its ledger line torn by a power cut
            s.done(c);
        }
        tearLastLedgerLine(4);
        drop("3.png", t.plusSeconds(2));
        String lastId;
        try (FolderSource s = new FolderSource(dir.resolve("in"), dir.resolve("ledger"), "st", Optional.of(spooledId), Duration.ofMillis(5))) {
            Capture c = s.next(Duration.ofMillis(100)).orElseThrow();
            assertThat(new String(c.encoded())).isEqualTo("3.png");
            lastId = c.id();
            s.done(c);
            assertThat(take(s, 10)).isEmpty();
        }
        try (FolderSource s = new FolderSource(dir.resolve("in"), dir.resolve("ledger"), "st", Optional.of(lastId), Duration.ofMillis(5))) {
            assertThat(take(s, 10)).as("2.png's ledger line was written again on a line of its own").isEmpty();
        }
    }

    @Test
    void restart_afterALedgerLineTornInsideACharacter_starts() throws Exception {
        drop("\u00e9.png", Instant.parse("2025-01-01T00:00:00Z"));
        String spooledId;
        try (FolderSource s = new FolderSource(dir.resolve("in"), dir.resolve("ledger"), "st", Optional.empty(), Duration.ofMillis(5))) {
            Capture c = s.next(Duration.ofMillis(100)).orElseThrow();
            spooledId = c.id();
            s.done(c);
        }
        tearLastLedgerLine(1); // the first of the two bytes of the e with an accent
        try (FolderSource s = new FolderSource(dir.resolve("in"), dir.resolve("ledger"), "st", Optional.of(spooledId), Duration.ofMillis(5))) {
            assertThat(take(s, 10)).isEmpty();
        }
    }

    @Test
    void retryLater_handsTheSameFileOutFirst_onceThePauseIsOver() throws Exception {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        drop("1.png", t);
        drop("2.png", t.plusSeconds(1));
        AtomicLong now = new AtomicLong();
        List<String> warnings = new ArrayList<>();
        try (FolderSource s = new FolderSource(dir.resolve("in"), dir.resolve("ledger"), "st", Optional.empty(),
                Duration.ofMillis(5), now::get, warnings::add)) {
            Capture first = s.next(Duration.ofMillis(100)).orElseThrow();
            s.retryLater(first, "cannot write the spool: No space left on device");
            assertThat(s.next(Duration.ofMillis(20))).isEmpty();

            now.addAndGet(FolderSource.FIRST_BACKOFF.toNanos());
            Capture again = s.next(Duration.ofMillis(100)).orElseThrow();
            assertThat(again.id()).isEqualTo(first.id());
            s.done(again);
            assertThat(take(s, 10)).containsExactly("2.png");
            assertThat(warnings).hasSize(2);
            assertThat(warnings.get(0)).contains("No space left on device", "the files stay in the folder");
            assertThat(warnings.get(1)).contains("the disk takes writes again");
        }
    }

    @Test
    void retryLater_whileTheDiskKeepsRefusing_pausesTwiceAsLong_andWarnsOnce() throws Exception {
        drop("1.png", Instant.parse("2025-01-01T00:00:00Z"));
        AtomicLong now = new AtomicLong();
        List<String> warnings = new ArrayList<>();
        try (FolderSource s = new FolderSource(dir.resolve("in"), dir.resolve("ledger"), "st", Optional.empty(),
                Duration.ofMillis(5), now::get, warnings::add)) {
            s.retryLater(s.next(Duration.ofMillis(100)).orElseThrow(), "No space left on device");
            now.addAndGet(FolderSource.FIRST_BACKOFF.toNanos());
            s.retryLater(s.next(Duration.ofMillis(100)).orElseThrow(), "No space left on device");

            now.addAndGet(FolderSource.FIRST_BACKOFF.toNanos());
            assertThat(s.next(Duration.ofMillis(20))).isEmpty();
            now.addAndGet(FolderSource.FIRST_BACKOFF.toNanos());
            assertThat(s.next(Duration.ofMillis(100))).isPresent();
            assertThat(warnings).hasSize(1);
        }
    }

    @Test
    void done_ledgerOnAFullDisk_keepsHandingOutFiles_andWritesEachLineOnceTheDiskTakesThem() throws Exception {
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.exists(full), "needs Linux's /dev/full");
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        drop("1.png", t);
        drop("2.png", t.plusSeconds(1));
        Path ledger = dir.resolve("ledger");
        List<String> warnings = new ArrayList<>();
        try (FolderSource s = new FolderSource(dir.resolve("in"), ledger, "st", Optional.empty(), Duration.ofMillis(5),
                System::nanoTime, warnings::add)) {
            Files.createSymbolicLink(ledger, full); // the ledger opens for its first line: every write ENOSPC
            assertThat(take(s, 10)).containsExactly("1.png", "2.png");
            assertThat(warnings).singleElement().asString().contains("cannot write the folder ledger", "No space left on device");

            Files.delete(ledger); // space again
            drop("3.png", t.plusSeconds(2));
            assertThat(take(s, 10)).containsExactly("3.png");
            assertThat(warnings).hasSize(2);
        }
        assertThat(Files.readAllLines(ledger)).filteredOn(l -> !l.isBlank()).hasSize(3).doesNotHaveDuplicates();
        try (FolderSource s = new FolderSource(dir.resolve("in"), ledger, "st", Optional.empty(), Duration.ofMillis(5))) {
            assertThat(take(s, 10)).isEmpty();
        }
    }

    @Test
    void next_folderGone_waitsAndWarnsOnce_thenGoesOnWhenItIsBack() throws Exception {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        drop("1.png", t);
        Path in = dir.resolve("in");
        AtomicLong now = new AtomicLong();
        List<String> warnings = new ArrayList<>();
        try (FolderSource s = new FolderSource(in, dir.resolve("ledger"), "st", Optional.empty(), Duration.ofMillis(5),
                now::get, warnings::add)) {
            assertThat(take(s, 10)).containsExactly("1.png");
            Files.move(in, dir.resolve("unmounted")); // the share dropped

            assertThat(s.next(Duration.ofMillis(20))).isEmpty();
            assertThat(s.next(Duration.ofMillis(20))).isEmpty();
            assertThat(warnings).singleElement().asString().contains("cannot list it", "NoSuchFileException");

            Files.move(dir.resolve("unmounted"), in);
            drop("2.png", t.plusSeconds(1));
            assertThat(s.next(Duration.ofMillis(20))).isEmpty(); // not listed before the pause is over
            now.addAndGet(FolderSource.FIRST_BACKOFF.toNanos());
            assertThat(take(s, 10)).containsExactly("2.png");
            assertThat(warnings).hasSize(2).last().asString().contains("listed again");
        }
    }

    @Test
    void start_folderNotThereYet_waitsAndWarnsOnce_thenGivesItsFiles() throws Exception {
        AtomicLong now = new AtomicLong();
        List<String> warnings = new ArrayList<>();
        try (FolderSource s = new FolderSource(dir.resolve("in"), dir.resolve("ledger"), "st", Optional.empty(),
                Duration.ofMillis(5), now::get, warnings::add)) {
            assertThat(s.next(Duration.ofMillis(20))).isEmpty();
            assertThat(warnings).singleElement().asString().contains("cannot list it at start-up", "NoSuchFileException",
                    "waiting for it");

            drop("1.png", Instant.parse("2025-01-01T00:00:00Z")); // the share is mounted
            now.addAndGet(FolderSource.FIRST_BACKOFF.toNanos());
            assertThat(take(s, 10)).containsExactly("1.png");
            assertThat(warnings).hasSize(2).last().asString().contains("listed again");
        }
    }

    @Test
    void start_folderNotThereYet_afterCrashBetweenSpoolAndLedger_doesNotRepeatTheSpooledFile() throws Exception {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        drop("1.png", t);
        drop("2.png", t.plusSeconds(1));
        String spooledId;
        try (FolderSource s = new FolderSource(dir.resolve("in"), dir.resolve("ledger"), "st", Optional.empty(), Duration.ofMillis(5))) {
            spooledId = s.next(Duration.ofMillis(100)).orElseThrow().id(); // spooled, then the agent died before done()
        }
        Files.move(dir.resolve("in"), dir.resolve("unmounted")); // the box restarts before the share is back
        AtomicLong now = new AtomicLong();
        try (FolderSource s = new FolderSource(dir.resolve("in"), dir.resolve("ledger"), "st", Optional.of(spooledId),
                Duration.ofMillis(5), now::get, m -> { })) {
            Files.move(dir.resolve("unmounted"), dir.resolve("in"));
            now.addAndGet(FolderSource.FIRST_BACKOFF.toNanos());
            assertThat(take(s, 10)).containsExactly("2.png");
        }
    }

    @Test
    void start_pathIsAFile_isRefusedAtOnce() throws Exception {
        Path file = drop("1.png", Instant.parse("2025-01-01T00:00:00Z"));
        assertThatThrownBy(() -> new FolderSource(file, dir.resolve("ledger"), "st", Optional.empty(), Duration.ofMillis(5)))
                .isInstanceOf(java.io.IOException.class).hasMessage(file + " is a file, not a folder to watch");
    }

    @Test
    void next_folderStillGone_listsAgainAfterPausesTwiceAsLong() throws Exception {
        drop("1.png", Instant.parse("2025-01-01T00:00:00Z"));
        Path in = dir.resolve("in");
        AtomicLong now = new AtomicLong();
        AtomicInteger listings = new AtomicInteger();
        List<String> warnings = new ArrayList<>();
        try (FolderSource s = new FolderSource(in, dir.resolve("ledger"), "st", Optional.empty(), Duration.ofMillis(5),
                now::get, warnings::add)) {
            Files.move(in, dir.resolve("unmounted"));
            assertThat(s.next(Duration.ofMillis(20))).isEmpty(); // refused; next listing after 1 s
            now.addAndGet(FolderSource.FIRST_BACKOFF.toNanos());
            assertThat(s.next(Duration.ofMillis(20))).isEmpty(); // refused again; next after 2 s
            Files.move(dir.resolve("unmounted"), in);

            now.addAndGet(FolderSource.FIRST_BACKOFF.toNanos());
            assertThat(s.next(Duration.ofMillis(20))).isEmpty();
            now.addAndGet(FolderSource.FIRST_BACKOFF.toNanos());
            assertThat(take(s, 10)).containsExactly("1.png");
            assertThat(warnings).hasSize(2);
        }
    }

    @Test
    void next_fileVanishedBeforeItWasRead_isSkipped_andTheOthersCome() throws Exception {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        drop("1.png", t);
        drop("2.png", t.plusSeconds(1));
        List<String> warnings = new ArrayList<>();
        FolderSource.FileReads cameraMovesOne = file -> {
            if (file.getFileName().toString().equals("1.png")) {
                Files.delete(file); // the camera software moved it after the listing
            }
            return Files.readAllBytes(file);
        };
        try (FolderSource s = new FolderSource(dir.resolve("in"), dir.resolve("ledger"), "st", Optional.empty(),
                Duration.ofMillis(5), System::nanoTime, warnings::add, cameraMovesOne)) {
            assertThat(take(s, 10)).containsExactly("2.png");
            assertThat(warnings).isEmpty();
        }
    }

    @Test
    void next_fileStillBeingWritten_isHandedOutOnce_atItsFinalSize() throws Exception {
        Path file = drop("1.png", Instant.parse("2025-01-01T00:00:00Z"));
        AtomicInteger reads = new AtomicInteger();
        FolderSource.FileReads cameraStillWriting = f -> {
            if (reads.getAndIncrement() == 0) {
                Files.write(f, "1.png, whole".getBytes()); // the camera writes on after the listing
            }
            return Files.readAllBytes(f);
        };
        try (FolderSource s = new FolderSource(dir.resolve("in"), dir.resolve("ledger"), "st", Optional.empty(),
                Duration.ofMillis(5), System::nanoTime, m -> { }, cameraStillWriting)) {
            assertThat(take(s, 10)).containsExactly("1.png, whole");
        }
        assertThat(Files.readAllLines(dir.resolve("ledger"))).singleElement().asString()
                .startsWith("1.png\t" + Files.size(file) + "\t");
    }

    @Test
    void next_unreadableFile_isTriedAgainWhileTheOthersCome_thenHandedOutAsUnreadableOnce() throws Exception {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        drop("locked.png", t);
        drop("2.png", t.plusSeconds(1));
        AtomicLong now = new AtomicLong();
        List<String> warnings = new ArrayList<>();
        FolderSource.FileReads denied = file -> { // what EACCES gives; root reads any file, so a seam
            if (file.getFileName().toString().equals("locked.png")) {
                throw new AccessDeniedException(file.toString());
            }
            return Files.readAllBytes(file);
        };
        try (FolderSource s = new FolderSource(dir.resolve("in"), dir.resolve("ledger"), "st", Optional.empty(),
                Duration.ofMillis(5), now::get, warnings::add, denied)) {
            assertThat(take(s, 10)).containsExactly("2.png");
            for (int i = 1; i < FolderSource.READ_TRIES - 1; i++) {
                now.addAndGet(FolderSource.MAX_BACKOFF.toNanos());
                assertThat(s.next(Duration.ofMillis(20))).isEmpty();
            }
            now.addAndGet(FolderSource.MAX_BACKOFF.toNanos());
            Capture unreadable = s.next(Duration.ofMillis(100)).orElseThrow();
            assertThat(unreadable.ref()).startsWith("folder:locked.png");
            assertThat(unreadable.unreadable()).get().asString()
                    .contains("locked.png", FolderSource.READ_TRIES + " tries", "AccessDeniedException");
            s.done(unreadable);

            now.addAndGet(FolderSource.MAX_BACKOFF.toNanos());
            assertThat(s.next(Duration.ofMillis(20))).isEmpty();
            assertThat(warnings).hasSize(2);
            assertThat(warnings.get(0)).contains("cannot read locked.png", "other files go on");
            assertThat(warnings.get(1)).contains("recorded for review");
        }
        try (FolderSource s = new FolderSource(dir.resolve("in"), dir.resolve("ledger"), "st", Optional.empty(),
                Duration.ofMillis(5), System::nanoTime, m -> { }, denied)) {
            assertThat(s.next(Duration.ofMillis(20))).isEmpty();
        }
    }

    @Test
    void next_fileReadableAgainBeforeTheLastTry_isHandedOutWithItsBytes() throws Exception {
        drop("1.png", Instant.parse("2025-01-01T00:00:00Z"));
        AtomicLong now = new AtomicLong();
        AtomicInteger reads = new AtomicInteger();
        List<String> warnings = new ArrayList<>();
        FolderSource.FileReads deniedOnce = file -> {
            if (reads.getAndIncrement() == 0) {
                throw new AccessDeniedException(file.toString()); // permissions not yet set by the camera
            }
            return Files.readAllBytes(file);
        };
        try (FolderSource s = new FolderSource(dir.resolve("in"), dir.resolve("ledger"), "st", Optional.empty(),
                Duration.ofMillis(5), now::get, warnings::add, deniedOnce)) {
            assertThat(s.next(Duration.ofMillis(20))).isEmpty();
            now.addAndGet(FolderSource.FIRST_BACKOFF.toNanos());
            assertThat(take(s, 10)).containsExactly("1.png");
            assertThat(warnings).hasSize(2).last().asString().contains("files are read again");
        }
    }
    @Test
    void next_readsFailingWhileTheFolderCannotBeListed_countNoTries_andTheFilesComeWhenItIsBack() throws Exception {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        drop("1.png", t);
        drop("2.png", t.plusSeconds(1));
        Path in = dir.resolve("in");
        AtomicLong now = new AtomicLong();
        List<String> warnings = new ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean shareDown = new java.util.concurrent.atomic.AtomicBoolean();
        FolderSource.FileReads share = file -> { // what a dropped network share gives: EIO, on every path in it
            if (shareDown.get()) {
                throw new java.io.IOException("Input/output error");
            }
            return Files.readAllBytes(file);
        };
        try (FolderSource s = new FolderSource(in, dir.resolve("ledger"), "st", Optional.empty(), Duration.ofMillis(5),
                now::get, warnings::add, share)) {
            assertThat(take(s, 1)).containsExactly("1.png"); // both listed, 2.png waits its turn
            shareDown.set(true);
            Files.move(in, dir.resolve("away"));
            Files.writeString(in, "not a folder"); // listing it fails too, as on a dropped share
            for (int i = 0; i < 2 * FolderSource.READ_TRIES; i++) {
                now.addAndGet(FolderSource.MAX_BACKOFF.toNanos());
                assertThat(s.next(Duration.ofMillis(20))).as("nothing handed out while the share is down").isEmpty();
            }
            assertThat(warnings).hasSize(1).first().asString().contains("cannot list it");

            Files.delete(in);
            Files.move(dir.resolve("away"), in);
            shareDown.set(false);
            now.addAndGet(FolderSource.MAX_BACKOFF.toNanos());
            assertThat(take(s, 2)).containsExactly("2.png"); // read as any file, not recorded as unreadable
        }
    }
}
