package backproplab.manual;

import ai.djl.ndarray.NDArray;

/**
 * ELU with alpha 1 (PyTorch's default): x where x > 0, exp(x) - 1 elsewhere, element-wise; its
 * derivative is 1 or exp(x) (1 at x = 0, where both sides agree).
 */
public final class EluModule implements ManualModule {

    private NDArray derivative;

    @Override
    public NDArray forward(NDArray x) {
        // derivative (B,n) = exp(min(x, 0)): 1 where x > 0, exp(x) elsewhere (a large x would overflow exp)
        derivative = x.minimum(0).exp();
        // y (B,n) = max(x, 0) + exp(min(x, 0)) - 1: x where x > 0, exp(x) - 1 elsewhere
        return x.maximum(0).add(derivative.sub(1));
    }

    @Override
    public NDArray backward(NDArray dout) {
        // dx (B,n) = dout (B,n) * derivative (B,n)
        return dout.mul(derivative);
    }
}
