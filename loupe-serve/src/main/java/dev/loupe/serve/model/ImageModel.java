package dev.loupe.serve.model;

import dev.loupe.core.decision.DecisionPolicy;
import dev.loupe.core.image.ImageDecodeException;
import dev.loupe.core.image.DecodedImage;
import dev.loupe.core.image.Images;
import dev.loupe.core.inference.Tensor;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.Preprocessor;
import dev.loupe.serve.ServeException;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A served model that classifies images (a Loupe model package): its classifier (descriptor,
 * preprocessing, ONNX Runtime) and the decision policy that turns its score into pass / reject /
 * review. Encoded images sent to its image input over V2 are decoded and preprocessed here, by the same
 * code the classifier uses, so they score as {@code /inspect} and evaluation score them.
 *
 * @param classifier the model package loaded for classification; the server owns and closes it
 * @param policy     the model's policy with the project's {@code decision} section applied
 */
public record ImageModel(ImageClassifier classifier, DecisionPolicy policy) {

    /** The model input that takes the image tensor. */
    public String inputName() {
        return classifier.descriptor().input().name();
    }

    /**
     * Decodes encoded images (PNG, JPEG, BMP, TIFF), naming the one that is not readable.
     *
     * @throws ServeException bad request naming the image that is not readable
     */
    public static List<DecodedImage> decodeAll(List<byte[]> encodedImages) {
        List<DecodedImage> out = new ArrayList<>(encodedImages.size());
        for (int i = 0; i < encodedImages.size(); i++) {
            out.add(new DecodedImage(decode(encodedImages.get(i), encodedImages.size() == 1 ? "the image" : "image " + i)));
        }
        return out;
    }

    /** Preprocesses decoded images into the FP32 [N, C, H, W] input tensor. */
    public Tensor toTensor(List<DecodedImage> images) {
        Preprocessor p = classifier.preprocessor();
        float[] batch = new float[images.size() * p.size()];
        for (int i = 0; i < images.size(); i++) {
            p.apply(images.get(i), batch, i * p.size());
        }
        return Tensor.ofFloats(batch, images.size(), p.channels(), p.height(), p.width());
    }

    /**
     * Decodes one image.
     *
     * @throws ServeException bad request saying what is wrong with it
     */
    public static BufferedImage decode(byte[] encoded, String what) {
        try {
            return Images.decode(encoded);
        } catch (ImageDecodeException e) {
            throw ServeException.badRequest(what + " cannot be decoded: " + e.getMessage());
        }
    }
}
