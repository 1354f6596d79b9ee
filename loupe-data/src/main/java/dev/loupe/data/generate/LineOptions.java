package dev.loupe.data.generate;

/**
 * How a {@link ProductionLine} renders and schedules frames. Validated when built.
 *
 * @param size         side of the square RGB images, pixels (16..1024)
 * @param defectRate   probability that a frame shows a defective part, 0..1 (ignored by
 *                     {@link Scenario#DEFECT_SURGE}, which has its own)
 * @param streamLength frames over which a scenario plays out: its change starts at 30% of this and
 *                     reaches full strength at the end (see {@link Scenario})
 */
public record LineOptions(int size, double defectRate, long streamLength) {

    public static final int DEFAULT_SIZE = 128;
    /** Default for dataset generation: enough defects of every type to train on. */
    public static final double DEFAULT_DEFECT_RATE = 0.25;
    /** Default stream length for endless in-process streams (an edge agent's synthetic camera). */
    public static final long DEFAULT_STREAM_LENGTH = 10_000;

    public LineOptions {
        if (size < 16 || size > 1024) {
            throw new IllegalArgumentException("image size must be 16..1024 pixels, got " + size);
        }
        if (!(defectRate >= 0 && defectRate <= 1)) {
            throw new IllegalArgumentException("defect rate must be in [0, 1], got " + defectRate);
        }
        if (streamLength <= 0) {
            throw new IllegalArgumentException("stream length must be > 0, got " + streamLength);
        }
    }

    /** 128 px, defect rate 0.25, a stream of 10,000 frames. */
    public static LineOptions defaults() {
        return new LineOptions(DEFAULT_SIZE, DEFAULT_DEFECT_RATE, DEFAULT_STREAM_LENGTH);
    }

    public LineOptions withSize(int newSize) {
        return new LineOptions(newSize, defectRate, streamLength);
    }

    public LineOptions withDefectRate(double rate) {
        return new LineOptions(size, rate, streamLength);
    }

    public LineOptions withStreamLength(long length) {
        return new LineOptions(size, defectRate, length);
    }
}
