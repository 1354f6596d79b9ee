package dev.loupe.cli.monitor;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.UserException;
import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.monitoring.StoredReference;
import dev.loupe.monitor.embedding.EmbeddingReference;
import dev.loupe.monitor.reference.Reference;
import dev.loupe.monitor.reference.ReferenceEmbeddings;
import dev.loupe.monitor.replay.FolderImage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code loupe monitor reference --model NAME@VERSION --images DIR}: builds and saves a monitoring reference.
 * The model's scores on the images come from {@code --scores}, else, when the version is in the registry, from
 * its model (same inference path as serving), so the version gets its score and defect-share detectors. When its
 * model also gives an embedding, the images are embedded too: an embedding drift detector.
 */
@Command(name = "reference", description = {"Build a model version's monitoring reference from a folder of images.",
        "The folder is e.g. its validation images. The reference also holds the model's scores on them: from --scores",
        "(with the images' labels when the CSV has a label column), else a registered version's model scores them.",
        "A registered model with an embedding output also embeds the images (embedding drift detector)."})
final class MonitorReferenceCommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions global;

    @CommandLine.Mixin
    ReferenceOptions decision;

    @Option(names = "--model", required = true, paramLabel = "NAME@VERSION", description = "the model version the reference is for")
    String model;

    @Option(names = "--images", required = true, paramLabel = "DIR", description = "the reference images")
    Path images;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        MonitorStatusCommand.ModelRef ref = MonitorStatusCommand.ModelRef.parse(model);
        String version = ref.version().orElseThrow(() -> new UserException(ExitCodes.USAGE, "--model needs NAME@VERSION"));
        try (MonitorSession s = new MonitorSession(global.config())) {
            PrintWriter out = spec.commandLine().getOut();
            Optional<ModelPackage> registered = s.registered(ref.name(), version);
            List<FolderImage> folder = ReferenceOptions.images("--images", images, out);
            Reference built = decision.build(ref.name(), version, images, folder,
                    decision.scores(folder, registered, ref.name(), version, out), Instant.now(),
                    registered.map(ModelPackage::descriptor));
            if (built.scores().length == 0) {
                out.println("no score and defect-share detectors: give --scores CSV, or register " + ref.name()
                        + " version " + version + " so that its model scores the images");
            }
            Optional<EmbeddingReference> embedding = embed(registered, ref.name(), version, folder, out);
            Reference r = embedding.map(built::withEmbedding).orElse(built);
            StoredReference stored = s.references().save(r);
            out.printf(Locale.ROOT, "reference for %s version %s: %d images, %d scores%s, predicted %s share %s at threshold %s; saved as %s%n",
                    r.model(), r.version(), r.size(), r.scores().length, r.labelled() ? " with labels" : "", r.positive(),
                    Double.isNaN(r.predictedPositiveShare()) ? "-" : String.format(Locale.ROOT, "%.3f", r.predictedPositiveShare()),
                    String.format(Locale.ROOT, "%.4g", r.threshold()), stored.blob());
            embedding.ifPresent(e -> out.printf(Locale.ROOT, "embedding: %d images, %d features reduced to %d coordinates%n",
                    e.size(), e.features(), e.projection().dimensions()));
            out.flush();
        }
        return ExitCodes.OK;
    }

    /** The model's embeddings of the images, when the version is registered and its model gives one. */
    private Optional<EmbeddingReference> embed(Optional<ModelPackage> registered, String name, String version,
                                               List<FolderImage> folder, PrintWriter out) throws IOException {
        if (registered.isEmpty()) {
            out.println("no embedding detector: " + name + " version " + version + " is not in the registry");
            return Optional.empty();
        }
        ModelPackage pkg = registered.get();
        if (pkg.descriptor().embeddingOutput().isEmpty()) {
            out.println("no embedding detector: the model has no embedding output");
            return Optional.empty();
        }
        try (ImageClassifier classifier = ImageClassifier.load(pkg, Runtime.getRuntime().availableProcessors())) {
            Optional<EmbeddingReference> e = ReferenceEmbeddings.of(classifier, folder);
            if (e.isEmpty()) {
                out.println("no embedding detector: it needs at least " + EmbeddingReference.MIN_SIZE + " reference images");
            }
            return e;
        } catch (InferenceException e) {
            throw new UserException(ExitCodes.FAILED, "cannot embed the reference images with " + name + " version "
                    + version + ": " + e.getMessage());
        }
    }
}
