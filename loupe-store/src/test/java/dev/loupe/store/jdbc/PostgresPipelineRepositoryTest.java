package dev.loupe.store.jdbc;

import dev.loupe.core.pipeline.PipelineRepositoryContract;
import dev.loupe.core.store.MetadataStore;

/** The PipelineRepository contract on a real PostgreSQL server; a new database per test. */
class PostgresPipelineRepositoryTest extends PipelineRepositoryContract {
    @Override
    protected MetadataStore newStore() throws Exception {
        return PostgresTestServer.shared().newStore();
    }
}
