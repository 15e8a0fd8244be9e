package backproplab.diagnostics;

import ai.djl.ndarray.NDArray;
import backproplab.nn.Nonlinearity;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a network shows of itself to the layer statistics: its layers with parameters, and the
 * output of each activation (ReLU, ...) of a training forward pass when asked for beforehand.
 */
public interface Inspectable {

    /**
     * A layer with parameters as the statistics read it: its weight (a linear layer's matrix, a
     * convolution's kernel, a batch norm's gamma; biases are left out) and that weight's gradient.
     *
     * @param gradient the gradient of the last backward pass, read before the update zeroes it
     */
    record WeightLayer(String name, NDArray weight, Supplier<NDArray> gradient) {}

    /**
     * An activation's output in the last training forward pass: (B, units) or (B, channels, H, W).
     *
     * @param nonlinearity what computed it: relu1's is ReLU
     */
    record Activation(String name, Nonlinearity nonlinearity, NDArray values) {}

    /** The layers with parameters, input side first. */
    List<WeightLayer> weightLayers();

    /** Asks the next training forward pass to keep the output of each activation. */
    void keepActivations();

    /**
     * The activations' outputs the last training forward pass kept, input side first; valid until the
     * step's arrays are freed.
     */
    List<Activation> activations();
}
