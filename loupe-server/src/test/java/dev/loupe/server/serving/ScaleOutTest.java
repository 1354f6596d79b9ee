package dev.loupe.server.serving;

import dev.loupe.server.LoupeServer;
import dev.loupe.store.jdbc.PostgresMetadataStore;
import dev.loupe.store.jdbc.PostgresTestServer;
import dev.loupe.store.s3.S3BlobStore;
import dev.loupe.store.s3.S3Location;
import dev.loupe.store.s3.S3TestServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.loupe.server.serving.ServingFixture.await;
import static dev.loupe.server.serving.ServingFixture.quietly;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two {@code loupe server} instances sharing one PostgreSQL and one S3 store serve the same champion; an
 * alias moved through one server's API is served by both within the stated bound: the poll interval
 * (100 ms here, 2 s by default) plus a model load, asserted with a generous 10 s deadline.
 */
class ScaleOutTest {

    @Test
    void aliasMovedThroughOneServer_isServedByBoth() throws Exception {
        try (PostgresTestServer pg = PostgresTestServer.start(); S3TestServer s3 = S3TestServer.start()) {
            s3.createBucket("models");
            String db = pg.newDatabase();
            S3Location where = new S3Location("models", "plant-1");
            try (PostgresMetadataStore storeA = new PostgresMetadataStore(db, pg.user(), null);
                 PostgresMetadataStore storeB = new PostgresMetadataStore(db, pg.user(), null);
                 S3BlobStore blobsA = S3BlobStore.open(where, s3.connection());
                 S3BlobStore blobsB = S3BlobStore.open(where, s3.connection())) {
                ServingFixture.register(storeA, blobsA, "covers", 0.5);
                ServingFixture.register(storeA, blobsA, "covers", 0.6);
                storeA.registry().setAlias("test", "covers", "champion", 1, null);
                try (LoupeServer a = ServingFixture.start(storeA, blobsA, ServingFixture.fastPolling());
                     LoupeServer b = ServingFixture.start(storeB, blobsB, ServingFixture.fastPolling())) {
                    assertThat(ServingFixture.servedVersion(a, "covers")).isEqualTo("1");
                    assertThat(ServingFixture.servedVersion(b, "covers")).isEqualTo("1");

                    var moved = ServingFixture.post(a, "/api/2.0/mlflow/registered-models/alias",
                            "{\"name\":\"covers\",\"alias\":\"champion\",\"version\":\"2\"}");
                    assertThat(moved.statusCode()).isEqualTo(200);

                    Duration tookA = await(Duration.ofSeconds(10), "server A serves version 2",
                            quietly(() -> "2".equals(ServingFixture.servedVersion(a, "covers"))));
                    Duration tookB = await(Duration.ofSeconds(10), "server B serves version 2",
                            quietly(() -> "2".equals(ServingFixture.servedVersion(b, "covers"))));
                    System.out.printf("alias moved: served by A after %d ms, by B after %d ms more%n", tookA.toMillis(), tookB.toMillis());
                }
            }
        }
    }
}
