package dev.loupe.cli;

import dev.loupe.core.config.LoupeConfig;
import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.SchemaStatus;
import dev.loupe.store.BlobStores;
import dev.loupe.store.jdbc.JdbcMetadataStore;
import dev.loupe.store.jdbc.MetadataStores;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code loupe doctor}: prints the effective configuration and checks each part Loupe needs. Exits 1
 * with one line per failed check.
 */
@Command(name = "doctor", description = "Print the effective configuration and check the JDK, home, database and blob store.")
final class DoctorCommand implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions global;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    record Check(String name, boolean ok, String detail) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        LoupeConfig config = global.config();
        out.printf("Loupe home  %s  (%s)%n", config.home(), config.homeSource().name().toLowerCase().replace('_', ' '));
        out.println("Configuration (flags > LOUPE_* environment > config.yaml > defaults):");
        for (LoupeConfig.Value v : config.values()) {
            out.printf("  %-22s %s  [%s]%n", v.setting().key(), v.display(), v.origin());
        }
        List<Check> checks = new ArrayList<>();
        checks.add(checkJava());
        checks.add(checkHome(config.home()));
        checks.add(checkDatabase(config));
        checks.add(checkStore(config));
        out.println("Checks:");
        for (Check c : checks) {
            out.printf("  %-4s %-9s %s%n", c.ok ? "ok" : "FAIL", c.name, c.detail);
        }
        List<Check> failed = checks.stream().filter(c -> !c.ok).toList();
        for (Check c : failed) {
            spec.commandLine().getErr().println("loupe doctor: " + c.name + ": " + c.detail);
        }
        return failed.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    static Check checkJava() {
        int feature = Runtime.version().feature();
        String detail = "java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ") at " + System.getProperty("java.home");
        return feature >= 21 ? new Check("java", true, detail) : new Check("java", false, detail + ": Loupe needs Java 21 or newer");
    }

    static Check checkHome(Path home) {
        try {
            Files.createDirectories(home);
            Path probe = Files.createTempFile(home, ".doctor-", ".tmp");
            Files.delete(probe);
            return new Check("home", true, home + " is writable");
        } catch (IOException | SecurityException e) {
            return new Check("home", false, home + " is not writable: " + e.getMessage());
        }
    }

    static Check checkDatabase(LoupeConfig config) {
        try (JdbcMetadataStore store = MetadataStores.open(config)) {
            store.ping();
            SchemaStatus s = store.schema();
            if (!s.upToDate()) {
                return new Check("database", false, store.location() + ": schema not up to date, pending " + s.pending());
            }
            return new Check("database", true, store.backend() + " " + store.location() + ", schema V" + s.current()
                    + " (" + s.applied().size() + " migrations applied, none pending)");
        } catch (RuntimeException e) {
            return new Check("database", false, oneLine(e));
        }
    }

    static Check checkStore(LoupeConfig config) {
        try (BlobStore store = BlobStores.open(config)) {
            byte[] probe = ("loupe doctor " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
            BlobId id = store.put(probe);
            boolean roundTrip = java.util.Arrays.equals(store.read(id), probe);
            store.delete(id);
            if (!roundTrip) {
                return new Check("store", false, store.location() + ": a blob read back differs from what was written");
            }
            return new Check("store", true, store.location() + " is writable (put, verified read, delete)");
        } catch (IOException | RuntimeException e) {
            return new Check("store", false, config.storeUrl() + ": " + oneLine(e));
        }
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
