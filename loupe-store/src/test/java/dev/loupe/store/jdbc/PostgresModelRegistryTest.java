package dev.loupe.store.jdbc;

import dev.loupe.core.registry.ModelRegistryContract;
import dev.loupe.core.store.MetadataStore;

class PostgresModelRegistryTest extends ModelRegistryContract {
    @Override
    protected MetadataStore newStore() {
        return TestPostgres.freshStore();
    }
}
