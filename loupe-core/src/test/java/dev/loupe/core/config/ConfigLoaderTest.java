package dev.loupe.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @TempDir
    Path home;

    @Test
    void load_nothingSet_usesDefaultsUnderHome() {
        LoupeConfig c = ConfigLoader.load(home, Map.of(), Map.of());
        assertThat(c.dbUrl()).isEqualTo("jdbc:sqlite:" + home.resolve("loupe.db"));
        assertThat(c.storeUrl()).isEqualTo(home.resolve("blobs").toString());
        assertThat(c.homeSource()).isEqualTo(LoupeConfig.Source.FLAG);
    }

    @Test
    void load_precedence_flagOverEnvOverFileOverDefault() throws IOException {
        Files.writeString(home.resolve("config.yaml"), """
                db:
                  url: jdbc:sqlite:/from/file.db
                  user: file-user
                store.url: /from/file/blobs
                s3:
                  region: eu-west-1
                """);
        LoupeConfig c = ConfigLoader.load(home,
                Map.of("db.url", "jdbc:sqlite:/from/flag.db"),
                Map.of("LOUPE_DB_URL", "jdbc:sqlite:/from/env.db", "LOUPE_STORE_URL", "/from/env/blobs"));
        assertThat(c.dbUrl()).isEqualTo("jdbc:sqlite:/from/flag.db");
        assertThat(c.storeUrl()).isEqualTo("/from/env/blobs");
        assertThat(c.get(Settings.DB_USER)).contains("file-user");
        assertThat(c.get(Settings.S3_REGION)).contains("eu-west-1");
        assertThat(c.get(Settings.S3_ENDPOINT)).isEmpty();
        assertThat(valueOf(c, "db.user").origin()).isEqualTo("config.yaml:3");
        assertThat(valueOf(c, "store.url").source()).isEqualTo(LoupeConfig.Source.ENVIRONMENT);
    }

    @Test
    void load_homeFromEnvironment_whenNoFlag() {
        LoupeConfig c = ConfigLoader.load(null, Map.of(), Map.of("LOUPE_HOME", home.toString()));
        assertThat(c.home()).isEqualTo(home.toAbsolutePath());
        assertThat(c.homeSource()).isEqualTo(LoupeConfig.Source.ENVIRONMENT);
    }

    @Test
    void load_unknownKeyInFile_namesKeyAndLine() throws IOException {
        Files.writeString(home.resolve("config.yaml"), "db:\n  url: jdbc:sqlite:x.db\n  usr: typo\n");
        assertThatThrownBy(() -> ConfigLoader.load(home, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 3").hasMessageContaining("unknown setting 'db.usr'");
    }

    @Test
    void load_malformedYaml_namesLine() throws IOException {
        Files.writeString(home.resolve("config.yaml"), "db:\n  url: [unclosed\n");
        assertThatThrownBy(() -> ConfigLoader.load(home, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("config.yaml line");
    }

    @Test
    void display_redactsSecrets() {
        LoupeConfig c = ConfigLoader.load(home, Map.of("db.password", "hunter2"), Map.of());
        assertThat(valueOf(c, "db.password").display()).isEqualTo("********");
    }

    private static LoupeConfig.Value valueOf(LoupeConfig c, String key) {
        for (LoupeConfig.Value v : c.values()) {
            if (v.setting().key().equals(key)) {
                return v;
            }
        }
        throw new AssertionError("no setting " + key);
    }
}
