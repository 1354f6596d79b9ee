package dev.loupe.train;

import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;
import dev.loupe.core.image.ImageStats;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.store.BlobStore;
import dev.loupe.data.generate.Factors;
import dev.loupe.data.generate.Frame;
import dev.loupe.data.generate.LineOptions;
import dev.loupe.data.generate.ProductionLine;
import dev.loupe.data.generate.Scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A dataset of frames from Loupe's synthetic production line (the stable line, 25% defects): phone back
 * covers on a conveyor with lighting, colour variants, glare and dust. Metadata: {@code defect_type},
 * {@code defect_size}, {@code variant}, {@code dust}, {@code glare}. Splits by frame index: 60% train, 40% test, no validation.
 */
public final class LineDataset {
    private LineDataset() {
    }

    public static TrainingData create(BlobStore blobs, int n, int size, long seed) {
        ProductionLine line = new ProductionLine(Scenario.STABLE, seed, LineOptions.defaults().withSize(size));
        List<Frame> frames = IntStream.range(0, n).parallel().mapToObj(line::frame).toList();
        List<Sample> samples = new ArrayList<>(n);
        for (Frame frame : frames) {
            Factors f = frame.factors();
            String label = f.defective() ? "defect" : "ok";
            int i = (int) frame.index();
            Split split = i % 5 < 3 ? Split.TRAIN : Split.TEST;
            Map<String, String> meta = Map.of("defect_type", f.defectType().name().toLowerCase(Locale.ROOT),
                    "defect_size", String.format(Locale.ROOT, "%.4f", f.defectSize()), "variant", f.variant().csv(),
                    "dust", Integer.toString(f.dust()), "glare", String.format(Locale.ROOT, "%.4f", f.glare()));
            samples.add(new Sample(String.format("images/%06d.png", i), blobs.put(frame.png()), Optional.of(label),
                    Map.of(), split, meta, new Sample.ImageInfo.Decoded("png", size, size, 3, ImageStats.of(frame.image()))));
        }
        return new TrainingData("line@" + seed, samples, blobs, List.of("ok", "defect"), "defect", size, size,
                ModelDescriptor.Colour.RGB);
    }
}
