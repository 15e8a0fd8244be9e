package backproplab.manual;

import ai.djl.ndarray.NDArray;

/** tanh(x), element-wise; its derivative is 1 - tanh(x)^2, read from the output. */
public final class TanhModule implements ManualModule {

    private NDArray out;

    @Override
    public NDArray forward(NDArray x) {
        out = x.tanh();
        return out;
    }

    @Override
    public NDArray backward(NDArray dout) {
        // dx (B,n) = dout (B,n) * (1 - y^2) (B,n)
        return dout.mul(out.square().neg().add(1));
    }
}
