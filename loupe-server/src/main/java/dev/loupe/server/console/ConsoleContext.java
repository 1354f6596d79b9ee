package dev.loupe.server.console;

import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;

import java.time.Instant;

/** What every page reads and writes: the stores (not owned: whoever opened them closes them) and the config. */
record ConsoleContext(MetadataStore store, BlobStore blobs, ConsoleConfig config) {

    Instant now() {
        return config.clock().instant();
    }
}
