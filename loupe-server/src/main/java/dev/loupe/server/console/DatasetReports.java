package dev.loupe.server.console;

import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.dataset.Sample;
import dev.loupe.core.store.BlobStore;
import dev.loupe.data.labels.LabelCheck;
import dev.loupe.data.labels.LabelReport;
import dev.loupe.data.labels.LabelTable;
import dev.loupe.data.validate.DatasetValidator;
import dev.loupe.data.validate.ValidationReport;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validation and label-quality reports of dataset versions, computed on first view and kept (a version
 * never changes, so neither do its reports). Keeps the {@value #KEPT} most recently viewed. Thread-safe.
 */
final class DatasetReports {
    static final int KEPT = 32;

    /** Both reports of one version; {@code labels} is empty when no sample has annotator labels. */
    record Reports(ValidationReport validation, Optional<LabelReport> labels) {
    }

    private final BlobStore blobs;
    private final Map<String, Reports> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Reports> eldest) {
            return size() > KEPT;
        }
    };

    DatasetReports(BlobStore blobs) {
        this.blobs = blobs;
    }

    Reports of(DatasetVersion version, List<Sample> samples, List<String> labelOrder) throws IOException {
        String key = version.toString();
        synchronized (cache) {
            Reports r = cache.get(key);
            if (r != null) {
                return r;
            }
        }
        ValidationReport validation = DatasetValidator.of(blobs).validate(version, samples);
        LabelTable table = LabelTable.fromSamples(samples, labelOrder);
        Optional<LabelReport> labels = table.itemCount() == 0 ? Optional.empty()
                : Optional.of(LabelCheck.run(table, List.of(), Optional.of(labelOrder.getFirst()), LabelCheck.DEFAULT_THRESHOLD,
                version.toString()));
        Reports r = new Reports(validation, labels);
        synchronized (cache) {
            cache.put(key, r);
        }
        return r;
    }
}
