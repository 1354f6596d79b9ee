package dev.loupe.edge.infer;

import dev.loupe.edge.source.Capture;

/**
 * How the station scores an image: in-process ({@link LocalInference}), on the prediction server
 * ({@link InspectClient}), or the server with the station's model as a fallback ({@link FallbackInference}).
 * Called from the pipeline thread.
 */
public interface Inference {

    /** @throws InferenceFailure when nothing answered (the record says why) */
    Answer infer(Capture capture) throws InferenceFailure;

    /** A short description for the status line ({@code local covers/3}). */
    String describe();
}
