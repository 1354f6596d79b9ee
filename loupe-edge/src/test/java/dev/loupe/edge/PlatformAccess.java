package dev.loupe.edge;

import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.ModelResolver;
import dev.loupe.core.registry.ModelVersion;
import dev.loupe.store.jdbc.SqliteMetadataStore;

import java.nio.file.Path;
import java.util.Map;

/** Test access to a {@link Platform} from other packages: its URL, store and registry. */
public final class PlatformAccess implements AutoCloseable {
    private final Platform platform;

    public PlatformAccess(Path dir, ModelPackage served) throws Exception {
        this.platform = new Platform(dir, served);
    }

    public String url() {
        return platform.platformUrl();
    }

    public SqliteMetadataStore store() {
        return platform.store;
    }

    /** Stores the package as a blob and registers it as the next version of its model. */
    public ModelVersion register(ModelPackage pkg) {
        String source = ModelResolver.source(pkg.store(platform.blobs));
        return platform.store.registry().register("test", pkg.descriptor().name(), source, null, "", Map.of());
    }

    @Override
    public void close() {
        platform.close();
    }
}
