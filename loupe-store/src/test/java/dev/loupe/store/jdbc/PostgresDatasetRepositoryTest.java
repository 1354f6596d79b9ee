package dev.loupe.store.jdbc;

import dev.loupe.core.dataset.DatasetRepositoryContract;
import dev.loupe.core.store.MetadataStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The dataset repository contract on a real PostgreSQL server; one server for the class, a database per test. */
class PostgresDatasetRepositoryTest extends DatasetRepositoryContract {

    private static PostgresTestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresTestServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected MetadataStore newStore() throws Exception {
        return new PostgresMetadataStore(server.newDatabase(), server.user(), null);
    }
}
