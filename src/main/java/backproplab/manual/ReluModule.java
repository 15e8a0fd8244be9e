package backproplab.manual;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** max(0, x), element-wise; its derivative is the mask x > 0 (taken as 0 at x = 0). */
public final class ReluModule implements ManualModule {

    private NDArray mask;

    @Override
    public NDArray forward(NDArray x) {
        NDArray y = Activation.relu(x);
        // mask (B,n): 1 where x > 0, else 0, in x's type so that it multiplies without promotion.
        // The sign of the output is that mask in one kernel: x.gt(0), a cast to float and x times
        // the mask take two and a half times as long in a step (docs/speed.md, "Section 1").
        mask = y.sign();
        return y;
    }

    @Override
    public NDArray backward(NDArray dout) {
        // dx (B,n) = dout (B,n) * mask (B,n)
        return dout.mul(mask);
    }
}
