package backproplab.manual;

import ai.djl.ndarray.NDArray;

/**
 * Row-wise softmax y = exp(x) / sum(exp(x)). Its backward is a vector-Jacobian product on its
 * own, not fused with the loss, as the course asks; the fused (p - y) / B is a test's closed form.
 */
public final class SoftmaxModule implements ManualModule {

    private static final int[] CLASS_AXIS = {1};

    private NDArray y;

    @Override
    public NDArray forward(NDArray x) {
        // Softmax ignores a per-row shift; subtracting the row max keeps exp from overflowing.
        // rowMax (B,1) = max over classes of x (B,C)
        NDArray rowMax = x.max(CLASS_AXIS, true);
        NDArray e = x.sub(rowMax).exp();
        // y (B,C) = e (B,C) / rowSum (B,1)
        y = e.divi(e.sum(CLASS_AXIS, true));
        return y;
    }

    @Override
    public NDArray backward(NDArray dout) {
        // The Jacobian diag(y) - y y^T applied row by row without forming it (B,C,C).
        // dotRow (B,1) = sum over classes of dout (B,C) * y (B,C)
        NDArray dotRow = dout.mul(y).sum(CLASS_AXIS, true);
        // dx (B,C) = y * (dout - dotRow)
        return dout.sub(dotRow).muli(y);
    }
}
