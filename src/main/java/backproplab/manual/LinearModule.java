package backproplab.manual;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import backproplab.config.Init;

/**
 * Fully connected layer y = x W^T + b with W (out, in), as the course and PyTorch store it. W and
 * b live in the manager they were created in (the model's) and are updated in place by
 * {@link ManualSgd}; the cached input and the gradients belong to the step that made them.
 */
public final class LinearModule implements ManualModule {

    /** The course's initialization: W ~ N(0, std^2) with this std, b = 0. */
    static final float INIT_STD = 1e-4f;

    private final NDArray weight;
    private final NDArray bias;
    private NDArray x;
    private NDArray weightGradient;
    private NDArray biasGradient;

    /** W from N(0, 1e-4^2), b zeros, float32; seed with {@code Engine.setRandomSeed} beforehand. */
    public LinearModule(int in, int out, NDManager manager) {
        this(in, out, manager, DataType.FLOAT32);
    }

    /** W from N(0, 1e-4^2), b zeros, in {@code dataType} (it must match the inputs' type). */
    public LinearModule(int in, int out, NDManager manager, DataType dataType) {
        this(manager.randomNormal(0f, INIT_STD, new Shape(out, in), dataType),
                manager.zeros(new Shape(out), dataType));
    }

    /**
     * A layer started as {@code init} says, in {@code dataType}: the course's (as the constructor
     * above), PyTorch's default (W and b uniform in +-1/sqrt(in)) or He's normal (W from
     * N(0, 2/in), b zeros). Seed with {@code Engine.setRandomSeed} beforehand.
     */
    public static LinearModule initialized(int in, int out, NDManager manager, DataType dataType, Init init) {
        float bound = (float) (1 / Math.sqrt(in));
        return switch (init) {
            case COURSE -> new LinearModule(in, out, manager, dataType);
            case PYTORCH -> new LinearModule(manager.randomUniform(-bound, bound, new Shape(out, in), dataType),
                    manager.randomUniform(-bound, bound, new Shape(out), dataType));
            case KAIMING -> new LinearModule(
                    manager.randomNormal(0f, (float) Math.sqrt(2.0 / in), new Shape(out, in), dataType),
                    manager.zeros(new Shape(out), dataType));
        };
    }

    /** Given W (out, in) and b (out); used as they are (not copied), so SGD updates them. */
    public LinearModule(NDArray weight, NDArray bias) {
        Shape w = weight.getShape();
        if (w.dimension() != 2 || !bias.getShape().equals(new Shape(w.get(0)))) {
            throw new IllegalArgumentException("expected W (out, in) and b (out), got W " + w
                    + " and b " + bias.getShape());
        }
        this.weight = weight;
        this.bias = bias;
    }

    @Override
    public NDArray forward(NDArray x) {
        this.x = x;
        // W^T is a view made in the model's manager: closed at once, so no handle piles up there.
        try (NDArray weightT = weight.transpose()) {
            // y (B,out) = x (B,in) . W^T (in,out) + b (out), broadcast over the batch
            return x.matMul(weightT).addi(bias);
        }
    }

    @Override
    public NDArray backward(NDArray dout) {
        backwardToParameters(dout);
        // dx (B,in) = dout (B,out) . W (out,in)
        return dout.matMul(weight);
    }

    /** dW and db only: for the first layer, whose input (the images) needs no gradient. */
    public void backwardToParameters(NDArray dout) {
        // dW (out,in) = dout^T (out,B) . x (B,in)
        weightGradient = dout.transpose().matMul(x);
        // db (out) = sum over the batch of dout (B,out)
        biasGradient = dout.sum(new int[] {0});
    }

    public NDArray weight() {
        return weight;
    }

    public NDArray bias() {
        return bias;
    }

    /** The input of the last forward pass (B, in); valid only until that step's manager closes. */
    public NDArray input() {
        if (x == null) {
            throw new IllegalStateException("no input yet: run forward first");
        }
        return x;
    }

    /** dL/dW (out, in) from the last backward; valid only until that step's manager closes. */
    public NDArray weightGradient() {
        return requireBackward(weightGradient);
    }

    /** dL/db (out) from the last backward; valid only until that step's manager closes. */
    public NDArray biasGradient() {
        return requireBackward(biasGradient);
    }

    private static NDArray requireBackward(NDArray gradient) {
        if (gradient == null) {
            throw new IllegalStateException("no gradient yet: run forward and backward first");
        }
        return gradient;
    }
}
