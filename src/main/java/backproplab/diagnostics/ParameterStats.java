package backproplab.diagnostics;

/**
 * A layer's weight at one recorded step: its size, its gradient's, and how much the update of
 * that step moved it. Standard deviations are over all the weight's entries (divided by n).
 *
 * @param updateRatio the norm of the weight's change in this step's update over the weight's
 *     norm before it: measured from the two, not derived from the learning rate
 */
public record ParameterStats(int step, String layer, double weightNorm, double weightStd, double gradientNorm,
        double gradientStd, double updateRatio) {}
