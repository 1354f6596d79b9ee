package dev.loupe.store.jdbc;

import dev.loupe.core.rollout.RolloutRepositoryContract;
import dev.loupe.core.store.MetadataStore;

/** The RolloutRepository contract on a real PostgreSQL server; a new database per test. */
class PostgresRolloutRepositoryTest extends RolloutRepositoryContract {
    @Override
    protected MetadataStore newStore() throws Exception {
        return PostgresTestServer.shared().newStore();
    }
}
