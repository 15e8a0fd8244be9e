package backproplab.manual;

import ai.djl.ndarray.NDArray;

/** x where x > 0, negSlope * x elsewhere, element-wise; its derivative is 1 or negSlope (negSlope at x = 0). */
public final class LeakyReluModule implements ManualModule {

    private final double negSlope;
    private NDArray slope;

    /** @param negSlope the slope for negative inputs */
    public LeakyReluModule(double negSlope) {
        this.negSlope = negSlope;
    }

    @Override
    public NDArray forward(NDArray x) {
        // mask (B,n): 1 where x > 0, else 0, in x's type so that it multiplies without promotion
        NDArray mask = x.gt(0).toType(x.getDataType(), false);
        // slope (B,n) = mask + (1 - mask) * negSlope: exactly 1 where x > 0, negSlope elsewhere
        slope = mask.add(mask.neg().add(1).mul(negSlope));
        return x.mul(slope);
    }

    @Override
    public NDArray backward(NDArray dout) {
        // dx (B,n) = dout (B,n) * slope (B,n)
        return dout.mul(slope);
    }
}
