package dev.loupe.serve.model;

import dev.loupe.core.inference.Tensor;
import dev.loupe.serve.ServeException;

import java.util.List;

/**
 * How a model that takes a decoded image tensor (FP32 NCHW) accepts encoded images (PNG, JPEG, BMP)
 * instead: a client sends a BYTES tensor of image files for that input and the server decodes and
 * preprocesses them exactly as the model's descriptor says.
 */
public interface ImageInput {

    /** The name of the model input the images feed. */
    String inputName();

    /**
     * Decodes and preprocesses a batch of encoded images into the model's input tensor.
     *
     * @throws ServeException a bad request when an image is corrupt or not an image
     */
    Tensor toTensor(List<byte[]> encodedImages);
}
