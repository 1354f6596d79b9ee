package dev.loupe.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;

/**
 * What build of Loupe is running: its version and the git commit it was built from. Model lineage
 * records these as the "code version" of every model Loupe trains.
 *
 * @param version   the Maven project version
 * @param gitSha    the full commit id, empty when built outside a git checkout
 * @param gitDirty  whether the working tree had uncommitted changes at build time
 */
public record BuildInfo(String version, Optional<String> gitSha, boolean gitDirty) {

    private static final BuildInfo CURRENT = load();

    /** The build information of the running code. */
    public static BuildInfo current() {
        return CURRENT;
    }

    /** The code version as lineage records it: the sha, suffixed "-dirty" when the tree was dirty. */
    public String codeVersion() {
        return gitSha.map(sha -> gitDirty ? sha + "-dirty" : sha).orElse("unknown+" + version);
    }

    private static BuildInfo load() {
        Properties version = read("version.properties");
        Properties git = read("git.properties");
        String sha = git.getProperty("git.commit.id.full", "").trim();
        return new BuildInfo(
                version.getProperty("version", "unknown"),
                sha.isEmpty() || sha.startsWith("${") ? Optional.empty() : Optional.of(sha),
                Boolean.parseBoolean(git.getProperty("git.dirty", "false")));
    }

    private static Properties read(String resource) {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(resource)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // a missing or unreadable build stamp only makes the version "unknown"
        }
        return p;
    }
}
