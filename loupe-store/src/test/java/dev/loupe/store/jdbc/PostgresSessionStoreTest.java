package dev.loupe.store.jdbc;

import dev.loupe.core.auth.SessionStoreContract;
import dev.loupe.core.store.MetadataStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The SessionStore contract on a real PostgreSQL server; a new database per test. */
class PostgresSessionStoreTest extends SessionStoreContract {

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
