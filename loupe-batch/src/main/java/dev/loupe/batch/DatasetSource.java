package dev.loupe.batch;

import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.dataset.Sample;
import dev.loupe.data.version.DatasetCatalog;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The samples of a dataset version, identified by their paths, read from the blob store. */
public final class DatasetSource implements ImageSource {
    private final DatasetCatalog catalog;
    private final DatasetVersion version;
    private final Map<String, Sample> byPath = new LinkedHashMap<>();

    public DatasetSource(DatasetCatalog catalog, DatasetVersion version) {
        this.catalog = catalog;
        this.version = version;
        for (Sample s : catalog.samples(version)) {
            byPath.putIfAbsent(s.path(), s);
        }
    }

    @Override
    public List<String> items() {
        return byPath.keySet().stream().sorted().toList();
    }

    @Override
    public byte[] read(String item) throws IOException {
        Sample s = byPath.get(item);
        if (s == null) {
            throw new IOException("no sample " + item + " in " + version);
        }
        return catalog.bytes(s);
    }

    @Override
    public String describe() {
        return version.toString();
    }
}
