package backproplab.manual;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * SGD on linear layers, in place, as PyTorch's {@code optim.SGD}: plain, W -= lr * dW and
 * b -= lr * db; with momentum, each parameter keeps a velocity v = momentum * v + g (g at the
 * first step) and moves by lr * v, or with Nesterov by lr * (g + momentum * v). Call
 * {@link #step()} after backward and before the step's manager closes, since the gradients live
 * in that manager.
 */
public final class ManualSgd {

    /** How plain SGD moves one parameter in place: W -= lr * dW. */
    @FunctionalInterface
    public interface Descent {

        /** libtorch's mul then sub: lr * dW made in the gradient's (step) manager, the gradient left as it was. */
        Descent NDARRAY = (parameter, gradient, learningRate) -> parameter.subi(gradient.mul(learningRate));

        void step(NDArray parameter, NDArray gradient, double learningRate);
    }

    private final List<LinearModule> layers;
    private final Descent descent;
    // A double scalar keeps lr exact in float64 and does not promote float32 arrays (0-dim tensor).
    private double learningRate;
    private final double momentum;
    private final boolean nesterov;
    /** Each parameter's velocity, weight then bias of each layer in turn; none for plain SGD. */
    private final List<NDArray> velocities = new ArrayList<>();

    /** The course's plain SGD. */
    public ManualSgd(List<LinearModule> layers, double learningRate) {
        this(layers, learningRate, 0, false);
    }

    public ManualSgd(List<LinearModule> layers, double learningRate, double momentum, boolean nesterov) {
        this(layers, learningRate, momentum, nesterov, Descent.NDARRAY);
    }

    /** @param descent how plain SGD (no momentum) moves a parameter: the same values, however it is computed */
    public ManualSgd(List<LinearModule> layers, double learningRate, double momentum, boolean nesterov,
            Descent descent) {
        this.descent = descent;
        this.layers = List.copyOf(layers);
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.nesterov = nesterov;
        if (momentum > 0) {
            // Zeros, in the parameters' manager: the first step's momentum * 0 + g is g, PyTorch's first buffer.
            for (LinearModule layer : this.layers) {
                velocities.add(layer.weight().zerosLike());
                velocities.add(layer.bias().zerosLike());
            }
        }
    }

    /** The learning rate of the steps to come, as a scheduler sets a PyTorch optimizer's. */
    public void learningRate(double rate) {
        learningRate = rate;
    }

    public void step() {
        for (int i = 0; i < layers.size(); i++) {
            LinearModule layer = layers.get(i);
            update(layer.weight(), layer.weightGradient(), velocities.isEmpty() ? null : velocities.get(2 * i));
            update(layer.bias(), layer.biasGradient(), velocities.isEmpty() ? null : velocities.get(2 * i + 1));
        }
    }

    /** The velocities, weight then bias of each layer in turn (none for plain SGD): its state in a checkpoint. */
    public List<NDArray> velocities() {
        return List.copyOf(velocities);
    }

    private void update(NDArray parameter, NDArray gradient, NDArray velocity) {
        if (velocity == null) {
            descent.step(parameter, gradient, learningRate);
            return;
        }
        // Every array made here, the scalars too, is made in the step's manager: one made from the
        // velocity (DJL puts a result in its first operand's manager) would live as long as the network.
        NDManager stepManager = gradient.getManager();
        velocity.muli(stepManager.create(momentum)).addi(gradient);
        NDArray step = nesterov ? gradient.add(stepManager.create(momentum).mul(velocity)) : velocity;
        parameter.subi(stepManager.create(learningRate).mul(step));
    }
}
