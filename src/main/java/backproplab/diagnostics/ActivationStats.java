package backproplab.diagnostics;

/**
 * A ReLU's output over the training batch of one recorded step.
 *
 * @param zeroFraction the fraction of its entries that are exactly 0
 * @param deadFraction the fraction of its units that are 0 for every image of the batch (a unit is
 *     a feature of an MLP layer, a channel of a convolution at every position)
 */
public record ActivationStats(int step, String layer, double mean, double std, double zeroFraction,
        double deadFraction) {}
