package dev.loupe.train.cnn;

/**
 * What the network reads during training: the images' channels and, when the detail channels are on,
 * their detail channels after them ({@link DetailChannels}), NCHW, image-major.
 *
 * @param data        {@code N·channels·H·W} floats
 * @param labels      N labels, 0 = ok, 1 = defect
 * @param rawChannels the image's own channels, the first {@code rawChannels} of each image
 * @param channels    all channels per image: {@code rawChannels}, or twice it with detail channels
 * @param height      H
 * @param width       W
 */
record InputPlanes(float[] data, int[] labels, int rawChannels, int channels, int height, int width) {

    /** The images as they are, without detail channels (shares the array). */
    static InputPlanes of(ImageTensors t) {
        return new InputPlanes(t.data(), t.labels(), t.channels(), t.channels(), t.height(), t.width());
    }

    int size() {
        return labels.length;
    }

    int imageLength() {
        return channels * height * width;
    }
}
