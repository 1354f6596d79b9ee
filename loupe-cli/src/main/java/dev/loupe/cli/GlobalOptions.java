package dev.loupe.cli;

import dev.loupe.core.config.ConfigLoader;
import dev.loupe.core.config.LoupeConfig;
import dev.loupe.core.config.Settings;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Options every command that touches the Loupe home takes; mixed into each such command, and into the root
 * {@code loupe} command so that they may come before the subcommand too ({@code loupe --home DIR init}), as
 * with git or docker. Given in both places, the subcommand's wins.
 */
public final class GlobalOptions {

    @Option(names = "--home", paramLabel = "DIR", description = "Loupe home (default: $LOUPE_HOME, else ~/.loupe)")
    Path home;

    @Option(names = "--db", paramLabel = "URL", description = "metadata database, jdbc:sqlite:FILE or jdbc:postgresql://... (env LOUPE_DB_URL)")
    String db;

    @Option(names = "--store", paramLabel = "URL", description = "blob store, a directory or s3://BUCKET/PREFIX (env LOUPE_STORE_URL)")
    String store;

    @Option(names = "--verbose", description = "print stack traces and library logs")
    boolean verbose;

    /** Takes each option not given here from {@code outer}, the root command's (given before the subcommand). */
    void inheritFrom(GlobalOptions outer) {
        home = home != null ? home : outer.home;
        db = db != null ? db : outer.db;
        store = store != null ? store : outer.store;
        verbose = verbose || outer.verbose;
    }

    /** The {@code --home} flag, null when not given. */
    public Path home() {
        return home;
    }

    /** Uses {@code dir} as the home unless {@code --home} was given. */
    public void defaultHome(Path dir) {
        if (home == null) {
            home = dir;
        }
    }

    /** The effective configuration: flags > LOUPE_* environment > config.yaml > defaults. */
    public LoupeConfig config() {
        Map<String, String> flags = new HashMap<>();
        if (db != null) {
            flags.put(Settings.DB_URL.key(), db);
        }
        if (store != null) {
            flags.put(Settings.STORE_URL.key(), store);
        }
        return ConfigLoader.load(home, flags, System.getenv());
    }
}
