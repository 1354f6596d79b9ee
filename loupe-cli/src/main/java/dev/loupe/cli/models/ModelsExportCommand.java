package dev.loupe.cli.models;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.UserException;
import dev.loupe.cli.model.ModelStores;
import dev.loupe.core.model.ModelPackage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code loupe models export REF --out FILE.zip|DIR}: a registered version's package out of the registry, for a
 * box with no access to it (an edge station, {@code loupe serve --model FILE.zip}, another plant's home). The zip
 * is the package's canonical zip, so its SHA-256 is the version's package id; a directory gets
 * {@code model.onnx} and {@code loupe-model.json}, as {@code loupe train --out} writes them.
 */
@Command(name = "export", description = "Write a model version's package to a zip file or a directory, to serve or ship it elsewhere.")
final class ModelsExportCommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "REF", description = "NAME@ALIAS, NAME/VERSION or sha256:ID")
    String ref;

    @Option(names = "--out", required = true, paramLabel = "FILE.zip|DIR",
            description = "a path ending in .zip gets the package's zip; any other path a directory with model.onnx and loupe-model.json")
    Path out;

    @Option(names = "--force", description = "replace an existing zip, or write the package's two files over those in an existing directory")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        boolean zip = out.getFileName() != null && out.getFileName().toString().endsWith(".zip");
        if (Files.exists(out) && !force && (zip || !isEmptyDirectory(out))) {
            throw new UserException(ExitCodes.USAGE, out + " already exists; pass --force to replace it");
        }
        if (!zip && Files.isRegularFile(out)) {
            throw new UserException(ExitCodes.USAGE, out + " is a file; give a directory, or a path ending in .zip for the zip");
        }
        if (zip && Files.isDirectory(out)) {
            throw new UserException(ExitCodes.USAGE, out + " is a directory; give the zip a path of its own, or drop .zip to write a directory");
        }
        ModelPackage pkg;
        try (ModelStores stores = ModelStores.open(global.config())) {
            pkg = stores.model(ref);
        }
        if (zip) {
            pkg.writeZip(out);
        } else {
            pkg.writeDirectory(out);
        }
        spec.commandLine().getOut().printf("wrote %s (%s, sha256:%s) to %s%n", ref, pkg.descriptor().name(), pkg.sha256(), out);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
