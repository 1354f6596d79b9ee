package dev.loupe.edge.infer;

import dev.loupe.core.image.ImageDecodeException;
import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.model.Prediction;
import dev.loupe.edge.model.ActiveModel;
import dev.loupe.edge.record.EdgeRecord;
import dev.loupe.edge.source.Capture;

/** Scores images in-process with the station's current model ({@link ActiveModel}), the one inference path of loupe-core. */
public final class LocalInference implements Inference {
    private final ActiveModel model;

    public LocalInference(ActiveModel model) {
        this.model = model;
    }

    @Override
    public Answer infer(Capture capture) throws InferenceFailure {
        ActiveModel.Lease lease = model.lease().orElseThrow(() -> new InferenceFailure("no local model loaded"));
        try (lease) {
            Prediction p = lease.model().classifier().classify(capture.image());
            return new Answer(p.score(), p.label(), lease.model().name(), lease.model().version(),
                    lease.model().policy(), java.util.Optional.empty(), EdgeRecord.Via.LOCAL, "");
        } catch (ImageDecodeException e) {
            throw new InferenceFailure(InferenceFailure.Kind.CAMERA, "unreadable image: " + e.getMessage(), e);
        } catch (InferenceException e) {
            throw new InferenceFailure("local model failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return model.current().map(m -> "local " + m.name() + "/" + m.version()).orElse("local (no model)");
    }
}
