package backproplab.config;

/**
 * How the pixels are scaled before a network sees them ({@code -Dinput}); the same for the
 * training batches, the images evaluated and a saved model's predictions.
 */
public enum Input implements Choice {
    /**
     * The course's: the training set's mean image subtracted, the pixels left in about +-255 (why
     * relu1's standard deviation is near 150, and the DJL MLP's first loss near 70).
     */
    MEAN_IMAGE,
    /** Each colour channel minus its mean over the training set, over its standard deviation (torchvision's Normalize). */
    STANDARDIZE
}
