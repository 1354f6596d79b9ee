package dev.loupe.cli;

import dev.loupe.store.jdbc.PostgresTestServer;
import dev.loupe.store.s3.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code loupe doctor} on the embedded defaults and on the shared backends (PostgreSQL and S3). */
class DoctorCommandTest {

    private static PostgresTestServer postgres;
    private static S3TestServer s3;

    @TempDir
    Path home;

    @BeforeAll
    static void startServers() throws Exception {
        postgres = PostgresTestServer.start();
        s3 = S3TestServer.start();
    }

    @AfterAll
    static void stopServers() throws Exception {
        s3.close();
        postgres.close();
    }

    @Test
    void doctor_freshHome_allFourChecksOk() {
        CliRun r = CliRun.of("doctor", "--home", home.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("ok +java ").containsPattern("ok +home ")
                .containsPattern("ok +database +sqlite ").containsPattern("ok +store ")
                .doesNotContain("FAIL");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void doctor_unreachableDatabase_exits1WithOneLineAndNoStackTrace() {
        CliRun r = CliRun.of("doctor", "--home", home.toString(), "--db", "jdbc:postgresql://127.0.0.1:1/nothing");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err().lines().toList()).singleElement().asString()
                .startsWith("loupe doctor: database: ").contains("127.0.0.1:1");
        assertThat(r.out()).containsPattern("FAIL +database ").containsPattern("ok +store ");
        assertThat(r.out() + r.err()).doesNotContain("\tat ", "Exception:");
    }

    @Test
    void doctor_postgresAndS3_allChecksOk() throws Exception {
        String bucket = "doctor-ok";
        s3.createBucket(bucket);
        writeS3Config(S3TestServer.SECRET_KEY);
        String db = postgres.newDatabase() + "?user=" + postgres.user();
        CliRun r = CliRun.of("doctor", "--home", home.toString(), "--db", db, "--store", "s3://" + bucket + "/loupe");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("ok +database +postgresql ").containsPattern("schema V[0-9]+ \\([0-9]+ migrations applied, none pending\\)")
                .containsPattern("ok +store +s3://" + bucket + "/loupe is writable")
                .contains("s3.endpoint", s3.endpoint().toString(), "[config.yaml:")
                .doesNotContain(S3TestServer.SECRET_KEY);
        assertThat(s3.admin().listObjectsV2(b -> b.bucket(bucket)).contents()).as("the probe blob is deleted").isEmpty();
    }

    @Test
    void doctor_s3WithWrongSecret_exits1NamingTheCredentials() throws Exception {
        s3.createBucket("doctor-denied");
        writeS3Config("not-the-secret");
        CliRun r = CliRun.of("doctor", "--home", home.toString(), "--store", "s3://doctor-denied");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err().lines().toList()).singleElement().asString()
                .startsWith("loupe doctor: store: ").contains("access denied", "s3.secret-access-key");
    }

    @Test
    void doctor_unknownKeyInConfig_exits3NamingTheLine() throws IOException {
        Files.writeString(home.resolve("config.yaml"), """
                db:
                  url: jdbc:sqlite:/tmp/x.db
                s3:
                  endpoitn: http://127.0.0.1:9000
                """);
        CliRun r = CliRun.of("doctor", "--home", home.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.err().lines().toList()).singleElement().asString()
                .contains("config.yaml line 4", "unknown setting 's3.endpoitn'");
    }

    private void writeS3Config(String secret) throws IOException {
        Files.writeString(home.resolve("config.yaml"), """
                s3:
                  endpoint: %s
                  access-key-id: %s
                  secret-access-key: %s
                  path-style: true
                """.formatted(s3.endpoint(), S3TestServer.ACCESS_KEY, secret));
    }
}
