package dev.loupe.pipeline.step;

import dev.loupe.core.dataset.DatasetRef;
import dev.loupe.core.dataset.DatasetRepository;
import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.monitoring.LabelledPrediction;
import dev.loupe.core.monitoring.LoggedImages;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.pipeline.PipelineState;
import dev.loupe.core.project.RetrainingSection;
import dev.loupe.core.registry.ModelVersion;
import dev.loupe.core.store.BlobId;
import dev.loupe.data.imports.DatasetImporter;
import dev.loupe.data.version.SplitRatios;
import dev.loupe.data.version.StableSplitter;
import dev.loupe.data.version.VersionId;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Assembles the training data: the champion's dataset version plus the production images labelled since
 * (logged predictions whose image was kept, with their newest feedback label), saved as a new dataset
 * version whose lineage parent is the champion's dataset. New images are marked {@code origin=production}
 * and split by {@code retraining.data.split} with the stable splitter, so their test share is the "new
 * conditions" the gate checks. Same content gives the same version id, so a re-run saves nothing twice.
 */
public final class AssembleStep implements Step {

    /** The metadata column that marks images from production. */
    public static final String ORIGIN = "origin";
    public static final String PRODUCTION = "production";

    /** What the step produced. */
    public record Assembled(String dataset, String parent, int baseSamples, int newImages, int newTest) {
    }

    @Override
    public StepOutcome run(RunContext rc) throws IOException {
        Optional<ModelVersion> champion = rc.champion();
        if (champion.isEmpty()) {
            return new StepOutcome.Finish(new PipelineState.Failed("model " + rc.model()
                    + " has no champion to retrain (set one: loupe models alias " + rc.model() + " champion VERSION)"), null, "");
        }
        ModelPackage pkg = rc.load(champion.get());
        String lineage = pkg.descriptor().lineage().dataset();
        DatasetRepository datasets = rc.ctx().metadata().datasets();
        Optional<DatasetVersion> base = lineage == null || lineage.isBlank() ? Optional.empty()
                : datasets.resolve(DatasetRef.parse(lineage));
        if (base.isEmpty()) {
            return new StepOutcome.Finish(new PipelineState.Failed("the champion " + champion.get().ref()
                    + " was trained on '" + lineage + "', which is not a stored dataset version"), null, "");
        }
        List<Sample> baseSamples = datasets.samples(base.get());
        RetrainingSection.DataPolicy policy = rc.ctx().retraining().data();
        List<LabelledPrediction> fresh = newLabelled(rc, baseSamples, policy.maxNewImages());
        if (fresh.size() < policy.minNewLabels() || fresh.isEmpty()) {
            return new StepOutcome.Finish(new PipelineState.Aborted("nothing new to learn: " + fresh.size()
                    + " newly labelled production images with a kept image (retraining.data.min_new_labels is "
                    + policy.minNewLabels() + ")"), null, "");
        }
        SplitRatios ratios = new SplitRatios(policy.train(), policy.validation(), policy.test());
        List<Sample> added = samples(rc, fresh, ratios);
        List<Sample> all = new ArrayList<>(baseSamples);
        all.addAll(added);
        all.sort(Comparator.comparing(Sample::path));
        DatasetVersion version = new DatasetVersion(base.get().name(), VersionId.of(all, ratios),
                Optional.of(base.get().toString()), "pipeline:" + rc.run().id(), RunContext.ACTOR,
                rc.ctx().clock().instant(), all.size(), labelCounts(all), splitCounts(all));
        datasets.save(version, all);
        DatasetVersion saved = datasets.resolve(version.ref()).orElse(version);
        int newTest = (int) added.stream().filter(s -> s.split() == Split.TEST).count();
        return new StepOutcome.Continue(new Assembled(saved.toString(), base.get().toString(), baseSamples.size(),
                added.size(), newTest), saved + ": " + baseSamples.size() + " from " + base.get() + " + " + added.size()
                + " new production images (" + newTest + " for test)");
    }

    private static List<LabelledPrediction> newLabelled(RunContext rc, List<Sample> base, int max) {
        Set<String> known = new HashSet<>();
        base.forEach(s -> known.add(s.path()));
        Set<String> labels = Set.copyOf(rc.ctx().project().labelNames());
        List<LabelledPrediction> out = new ArrayList<>();
        for (LabelledPrediction lp : rc.ctx().metadata().feedback().labelled(rc.model(), Instant.EPOCH, Integer.MAX_VALUE)) {
            if (lp.prediction().image().isPresent() && labels.contains(lp.feedback().label())
                    && !known.contains(path(lp.prediction()))) {
                out.add(lp);
            }
        }
        out.sort(Comparator.comparing((LabelledPrediction lp) -> lp.prediction().time()).reversed());
        return out.size() > max ? out.subList(0, max) : out;
    }

    private static String path(LoggedPrediction p) {
        return PRODUCTION + "/" + p.requestId().replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static List<Sample> samples(RunContext rc, List<LabelledPrediction> fresh, SplitRatios ratios)
            throws IOException {
        List<StableSplitter.Item> items = fresh.stream().map(lp -> new StableSplitter.Item(lp.feedback().label(),
                lp.prediction().image().get().sha256(), path(lp.prediction()))).toList();
        Map<String, Split> splits = new StableSplitter(ratios).assign(new ArrayList<>(items));
        List<Sample> out = new ArrayList<>();
        LoggedImages images = new LoggedImages(rc.ctx().blobs(), rc.ctx().metadata().packedImages());
        for (LabelledPrediction lp : fresh) {
            LoggedPrediction p = lp.prediction();
            // a dataset's samples are blobs of their own; a logged image may sit in a pack (same id either way)
            byte[] image = images.read(p.image().get());
            BlobId blob = rc.ctx().blobs().put(image);
            Map<String, String> meta = new TreeMap<>();
            meta.put(ORIGIN, PRODUCTION);
            meta.put("station", p.station());
            meta.put("served_by", p.model() + "/" + p.version());
            meta.put("label_source", lp.feedback().source());
            out.add(new Sample(path(p), blob, Optional.of(lp.feedback().label()), Map.of(),
                    splits.get(path(p)), meta, DatasetImporter.describe(image)));
        }
        return out;
    }

    private static Map<String, Integer> labelCounts(List<Sample> samples) {
        Map<String, Integer> m = new TreeMap<>();
        samples.forEach(s -> m.merge(s.label().orElse(""), 1, Integer::sum));
        return m;
    }

    private static Map<Split, Integer> splitCounts(List<Sample> samples) {
        Map<Split, Integer> m = new EnumMap<>(Split.class);
        samples.forEach(s -> m.merge(s.split(), 1, Integer::sum));
        return m;
    }
}
