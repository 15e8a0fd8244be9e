package backproplab.manual;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Plain SGD on linear layers, in place: W -= lr * dW, b -= lr * db. Call {@link #step()} after
 * backward and before the step's manager closes, since the gradients live in that manager.
 */
public final class ManualSgd {

    private final List<LinearModule> layers;
    // A double scalar keeps lr exact in float64 and does not promote float32 arrays (0-dim tensor).
    private final double learningRate;

    public ManualSgd(List<LinearModule> layers, double learningRate) {
        this.layers = List.copyOf(layers);
        this.learningRate = learningRate;
    }

    public void step() {
        for (LinearModule layer : layers) {
            update(layer.weight(), layer.weightGradient());
            update(layer.bias(), layer.biasGradient());
        }
    }

    private void update(NDArray parameter, NDArray gradient) {
        // lr * g is made in the gradient's (step) manager; the gradient itself stays as backward left it.
        parameter.subi(gradient.mul(learningRate));
    }
}
