package backproplab.train;

/** Mean loss and number of correct predictions on one batch of {@code size} images. */
public record BatchScore(double loss, long correct, long size) {}
