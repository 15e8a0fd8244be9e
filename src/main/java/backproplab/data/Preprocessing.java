package backproplab.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import backproplab.config.Input;

/**
 * What a network sees of an image ({@code -Dinput}), from the images {@link CifarData} holds (the
 * pixels minus the training set's mean image): the course's, those images as they are; or each
 * colour channel standardized by its mean and standard deviation over the training set, as
 * torchvision's {@code Normalize} does. Either is {@code (pixels - subtracted) * scale}, which a
 * saved model keeps to preprocess the images it is given.
 */
public final class Preprocessing {

    private final Input input;
    private final float[] subtracted;
    /** Null for the course's preprocessing, which scales nothing. */
    private final float[] scale;
    /** For standardize: the stored images times {@code scale} plus this give the standardized ones. */
    private final NDArray shift;
    private final NDArray scaleArray;

    private Preprocessing(Input input, float[] subtracted, float[] scale, NDArray shift, NDArray scaleArray) {
        this.input = input;
        this.subtracted = subtracted;
        this.scale = scale;
        this.shift = shift;
        this.scaleArray = scaleArray;
    }

    /**
     * The preprocessing {@code input} names, its statistics from {@code data}'s training set: all
     * of its training images, a validation set's too, as the course computes its mean image.
     *
     * @param manager where its arrays live, for as long as the run that applies it
     */
    public static Preprocessing of(Input input, CifarData data, NDManager manager) {
        float[] meanImage = data.meanImage().toFloatArray();
        if (input == Input.MEAN_IMAGE) {
            return new Preprocessing(input, meanImage, null, null, null);
        }
        int channelSize = CifarData.PIXELS / 3;
        double[] pixelSquares;
        try (NDManager scratch = manager.newSubManager()) {
            // Each pixel's mean square about its own mean, over the training images; the channel's
            // variance adds how far each pixel's mean is from the channel's.
            NDArray squares = data.trainImages().square();
            squares.attach(scratch);
            float[] meanSquares = squares.mean(new int[] {0}).toFloatArray();
            pixelSquares = new double[meanSquares.length];
            for (int p = 0; p < meanSquares.length; p++) {
                pixelSquares[p] = meanSquares[p];
            }
        }
        float[] subtracted = new float[CifarData.PIXELS];
        float[] scale = new float[CifarData.PIXELS];
        for (int c = 0; c < 3; c++) {
            double mean = 0;
            for (int p = c * channelSize; p < (c + 1) * channelSize; p++) {
                mean += meanImage[p];
            }
            mean /= channelSize;
            double variance = 0;
            for (int p = c * channelSize; p < (c + 1) * channelSize; p++) {
                variance += pixelSquares[p] + (meanImage[p] - mean) * (meanImage[p] - mean);
            }
            double std = Math.sqrt(variance / channelSize);
            for (int p = c * channelSize; p < (c + 1) * channelSize; p++) {
                subtracted[p] = (float) mean;
                scale[p] = (float) (1 / std);
            }
        }
        float[] shift = new float[CifarData.PIXELS];
        for (int p = 0; p < shift.length; p++) {
            shift[p] = (meanImage[p] - subtracted[p]) * scale[p];
        }
        Shape row = new Shape(1, CifarData.PIXELS);
        return new Preprocessing(input, subtracted, scale, manager.create(shift, row), manager.create(scale, row));
    }

    /**
     * Images as {@link CifarData} holds them, (N, 3072), as the network sees them: the same array
     * for the course's preprocessing, a new one in {@code images}' manager otherwise.
     */
    public NDArray apply(NDArray images) {
        return scale == null ? images : images.mul(scaleArray).addi(shift);
    }

    public Input input() {
        return input;
    }

    /** What is subtracted from each of an image's 3072 raw pixels (0-255): the mean image, or each channel's mean. */
    public float[] subtracted() {
        return subtracted.clone();
    }

    /** What each pixel is then multiplied by; null when nothing is (the course's preprocessing). */
    public float[] scale() {
        return scale == null ? null : scale.clone();
    }
}
