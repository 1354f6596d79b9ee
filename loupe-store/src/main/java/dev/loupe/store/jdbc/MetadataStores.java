package dev.loupe.store.jdbc;

import dev.loupe.core.config.LoupeConfig;
import dev.loupe.core.config.Settings;
import dev.loupe.core.store.StoreException;

/** Opens the metadata store a configuration names, by URL scheme. For the wiring code of each binary. */
public final class MetadataStores {
    private MetadataStores() {
    }

    public static JdbcMetadataStore open(LoupeConfig config) {
        String url = config.dbUrl();
        if (url.startsWith("jdbc:sqlite:")) {
            return new SqliteMetadataStore(SqliteMetadataStore.fileOf(url));
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return new PostgresMetadataStore(url, config.get(Settings.DB_USER).orElse(null),
                    config.get(Settings.DB_PASSWORD).orElse(null));
        }
        throw new StoreException("unsupported database URL " + url + " (expected jdbc:sqlite:FILE or jdbc:postgresql://...)");
    }
}
