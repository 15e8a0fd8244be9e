package backproplab.manual;

import ai.djl.ndarray.NDArray;

/**
 * Inverted dropout, as PyTorch's {@code nn.Dropout}: in training each value is kept with
 * probability 1 - p and then scaled by 1/(1-p), so that its expected value is unchanged; when
 * evaluating, nothing is dropped. The mask comes from libtorch's generator (the step loop seeds
 * it anew at each step, so that a resumed run draws the same masks).
 */
public final class DropoutModule implements ManualModule {

    private final double p;
    private boolean training = true;
    private NDArray mask;

    /** @param p the probability a value is dropped, at least 0 and below 1 */
    public DropoutModule(double p) {
        this.p = p;
    }

    /** Training (masks drawn) or evaluating (the input passes as it is). */
    public void training(boolean on) {
        training = on;
    }

    @Override
    public NDArray forward(NDArray x) {
        if (!training) {
            mask = null;
            return x;
        }
        // mask (B,n): 1/(1-p) where a uniform draw is p or more (probability 1-p), else 0, in x's type.
        NDArray kept = x.getManager().randomUniform(0, 1, x.getShape()).gte(p);
        mask = kept.toType(x.getDataType(), false).muli(1 / (1 - p));
        return x.mul(mask);
    }

    @Override
    public NDArray backward(NDArray dout) {
        // dx (B,n) = dout (B,n) * mask (B,n); evaluating, the identity
        return mask == null ? dout : dout.mul(mask);
    }
}
