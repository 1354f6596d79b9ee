package dev.loupe.monitor.log;

/**
 * What a {@link PredictionRecorder} has done so far.
 *
 * @param offered      predictions offered
 * @param dropped      refused because the buffer was full or the recorder closed (never blocked a request)
 * @param written      written to the prediction log
 * @param failed       lost because the log refused them after retries
 * @param imagesKept   images written to the blob store
 * @param buffered     waiting in the buffer now
 * @param imagesSkipped images the sampling policy chose but the buffer had no room for (its image bytes at
 *                      {@link RecorderConfig#maxBufferedImageBytes}); their predictions were logged
 */
public record RecorderCounters(long offered, long dropped, long written, long failed, long imagesKept, int buffered,
                               long imagesSkipped) {
}
