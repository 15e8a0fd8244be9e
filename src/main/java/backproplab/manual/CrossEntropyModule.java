package backproplab.manual;

import ai.djl.ndarray.NDArray;

/**
 * The course's loss on probabilities: L = mean over the batch of -sum_c y_c log p_c, with y
 * one-hot (B, C) in the probabilities' type. Its backward starts the chain, so it takes no dout.
 */
public final class CrossEntropyModule {

    /**
     * Probabilities are clipped from below to this before log and division. In float32 a softmax
     * output can underflow to exactly 0, and then 0 * log 0 and 0 / 0 would turn the loss and
     * every gradient into NaN. Far below any probability the float64 checks produce, so they see
     * the unclipped math; a row whose target underflowed gets a zero gradient instead of NaN.
     */
    static final double MIN_PROBABILITY = 1e-30;

    private NDArray p;
    private NDArray y;

    /** Mean cross-entropy, a scalar in the probabilities' manager and type. */
    public NDArray forward(NDArray probabilities, NDArray oneHot) {
        if (!probabilities.getShape().equals(oneHot.getShape())) {
            throw new IllegalArgumentException("probabilities " + probabilities.getShape()
                    + " and one-hot targets " + oneHot.getShape() + " differ in shape");
        }
        p = probabilities.maximum(MIN_PROBABILITY);
        y = oneHot;
        long batch = p.getShape().get(0);
        // () = -sum over (B,C) of y * log p, divided by B
        return y.mul(p.log()).sum().negi().divi(batch);
    }

    /** dL/dp (B, C) = -y / p / B for the last forward. */
    public NDArray backward() {
        long batch = p.getShape().get(0);
        return y.div(p).negi().divi(batch);
    }
}
