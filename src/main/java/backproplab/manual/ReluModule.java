package backproplab.manual;

import ai.djl.ndarray.NDArray;

/** max(0, x), element-wise; its derivative is the mask x > 0 (taken as 0 at x = 0). */
public final class ReluModule implements ManualModule {

    private NDArray mask;

    @Override
    public NDArray forward(NDArray x) {
        // mask (B,n): 1 where x > 0, else 0, in x's type so that it multiplies without promotion
        mask = x.gt(0).toType(x.getDataType(), false);
        return x.mul(mask);
    }

    @Override
    public NDArray backward(NDArray dout) {
        // dx (B,n) = dout (B,n) * mask (B,n)
        return dout.mul(mask);
    }
}
