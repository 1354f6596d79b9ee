package dev.loupe.data;

import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.data.imports.DatasetImporter;
import dev.loupe.data.imports.ImportRequest;
import dev.loupe.data.imports.ImportResult;
import dev.loupe.data.validate.DatasetValidator;
import dev.loupe.data.validate.ValidationReport;
import dev.loupe.store.jdbc.SqliteMetadataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.stream.IntStream;

/**
 * Import and validation speed on 2,000 varied 128x128 PNGs (1,000 per label). Run with:
 * {@code ./mvnw -B -q -ntp -pl loupe-data -am verify -Dtest=DataBench -Dsurefire.failIfNoSpecifiedTests=false -Dloupe.bench=true}
 * and read the figures: {@code grep -h bench: loupe-data/target/surefire-reports/TEST-dev.loupe.data.DataBench.xml}.
 * Besides wall time it reports the process's CPU seconds per phase, which a busy shared machine distorts less.
 */
@EnabledIfSystemProperty(named = "loupe.bench", matches = "true")
class DataBench {
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    @TempDir
    Path tmp;

    @Test
    void importAndValidate_2000Images() throws Exception {
        Path src = tmp.resolve("src");
        long t0 = System.nanoTime();
        IntStream.range(0, 2000).parallel().forEach(i -> TestImages.write(src,
                String.format("%s/%04d.png", i % 2 == 0 ? "ok" : "defect", i), TestImages.png(TestImages.varied(i, 128, 128))));
        long t1 = System.nanoTime();
        long c1 = cpuNanos();
        try (SqliteMetadataStore md = new SqliteMetadataStore(tmp.resolve("loupe.db"));
             FileBlobStore blobs = new FileBlobStore(tmp.resolve("blobs"))) {
            DatasetImporter importer = DatasetImporter.of(md.datasets(), blobs);
            ImportResult r = importer.importFrom(ImportRequest.of(src, "bench"));
            long t2 = System.nanoTime();
            long c2 = cpuNanos();
            importer.importFrom(ImportRequest.of(src, "bench"));
            long t3 = System.nanoTime();
            long c3 = cpuNanos();
            DatasetVersion v = r.version();
            ValidationReport report = DatasetValidator.of(blobs).validate(v, md.datasets().samples(v));
            long t4 = System.nanoTime();
            long c4 = cpuNanos();
            System.out.printf("bench: write 2000 PNGs %.2f s; import %.2f s (%.0f images/s, %.2f CPU s); re-import %.2f s"
                            + " (%.2f CPU s); validate %.2f s (%.2f CPU s); verdict %s, %d findings; %d cores, load %.1f%n",
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9, 2000 / ((t2 - t1) / 1e9), (c2 - c1) / 1e9, (t3 - t2) / 1e9,
                    (c3 - c2) / 1e9, (t4 - t3) / 1e9, (c4 - c3) / 1e9, report.verdict(), report.findings().size(),
                    Runtime.getRuntime().availableProcessors(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
