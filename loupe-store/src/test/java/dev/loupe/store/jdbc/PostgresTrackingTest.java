package dev.loupe.store.jdbc;

import dev.loupe.core.tracking.TrackingStoreContract;
import dev.loupe.core.store.MetadataStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The TrackingStore contract on a real PostgreSQL server; one server for the class, a new database per test. */
class PostgresTrackingTest extends TrackingStoreContract {

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
