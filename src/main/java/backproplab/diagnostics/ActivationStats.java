package backproplab.diagnostics;

/**
 * An activation's output over the training batch of one recorded step.
 *
 * @param zeroFraction the fraction of its entries that are exactly 0
 * @param deadFraction the fraction of its units whose derivative is below
 *     {@link LayerStats#DEAD_DERIVATIVE} for every image of the batch: for ReLU, those that are 0
 *     for every image (a unit is a feature of an MLP layer, a channel of a convolution at every
 *     position)
 */
public record ActivationStats(int step, String layer, double mean, double std, double zeroFraction,
        double deadFraction) {}
