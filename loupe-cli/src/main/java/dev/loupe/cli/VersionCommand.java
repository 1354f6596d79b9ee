package dev.loupe.cli;

import dev.loupe.core.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** {@code loupe version}: Loupe's version and commit, the Java runtime, the OS. */
@Command(name = "version", description = "Print Loupe's version, git commit, Java and OS.")
final class VersionCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        for (String line : lines()) {
            out.println(line);
        }
    }

    static String[] lines() {
        BuildInfo b = BuildInfo.current();
        return new String[]{
                "loupe " + b.version(),
                "commit " + b.gitSha().orElse("unknown") + (b.gitDirty() ? " (dirty)" : ""),
                "java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + ")",
                "os " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch")
        };
    }

    /** Backs {@code loupe --version}. */
    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return lines();
        }
    }
}
