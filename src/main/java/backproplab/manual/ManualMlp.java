package backproplab.manual;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import backproplab.config.Activation;
import backproplab.config.Init;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * The course's NumPy MLP on NDArrays: Linear, ReLU, ..., Linear, SoftMax, backpropagated by hand
 * (with another activation in ReLU's place when {@code -Dactivation} names one).
 * One training step, with every array it makes in a per-step manager:
 *
 * <pre>{@code
 * try (NDManager step = modelManager.newSubManager()) {
 *     NDArray x = ...;                               // (B, inputs), in step, the model's type
 *     NDArray oneHot = ...;                          // (B, classes), same type
 *     NDArray probabilities = mlp.forward(x);
 *     NDArray loss = crossEntropy.forward(probabilities, oneHot);
 *     mlp.backwardToParameters(crossEntropy.backward());
 *     sgd.step();                                    // before step closes: it reads dW and db
 * }
 * }</pre>
 *
 * Lifetimes: W and b live in the manager given here and change only in place. Every
 * intermediate, cache and gradient is made in the manager of the input {@code x}, so it is freed
 * with the step; the caches are never read after that, because each forward caches anew before
 * backward reads. Gradients are therefore valid only inside the step that computed them.
 */
public final class ManualMlp {

    private final List<ManualModule> modules = new ArrayList<>();
    private final List<LinearModule> linears = new ArrayList<>();
    /** The hidden activations, input side first, and their outputs in the last forward pass. */
    private final List<ManualModule> activations = new ArrayList<>();
    private final List<NDArray> activationOutputs = new ArrayList<>();
    private final List<DropoutModule> dropouts = new ArrayList<>();

    /** A float32 network with ReLU, weights N(0, 1e-4^2) and zero biases, as the course's. */
    public ManualMlp(int inputs, List<Integer> hidden, int classes, NDManager manager) {
        this(inputs, hidden, classes, manager, DataType.FLOAT32, new Activation.Relu());
    }

    /** The same in {@code dataType} (float64 for gradient checks); inputs must have this type. */
    public ManualMlp(int inputs, List<Integer> hidden, int classes, NDManager manager, DataType dataType) {
        this(inputs, hidden, classes, manager, dataType, new Activation.Relu());
    }

    /** The course's network in {@code dataType} with {@code activation} between its layers. */
    public ManualMlp(int inputs, List<Integer> hidden, int classes, NDManager manager, DataType dataType,
            Activation activation) {
        this(inputs, hidden, classes, manager, dataType, activation, 0, Init.COURSE);
    }

    /**
     * The same with dropout after each hidden activation ({@link DropoutModule}; 0: none) and the
     * linear layers started as {@code init} says ({@link LinearModule#initialized}).
     */
    public ManualMlp(int inputs, List<Integer> hidden, int classes, NDManager manager, DataType dataType,
            Activation activation, double dropout, Init init) {
        this(initialLayers(inputs, hidden, classes, manager, dataType, init), moduleOf(activation),
                SoftmaxModule::new, dropout);
    }

    /**
     * A network of given linear layers (input side first; a saved network's W and b), with a ReLU
     * between each two and a SoftMax on top.
     */
    public ManualMlp(List<LinearModule> layers) {
        this(layers, new Activation.Relu());
    }

    /** The same with {@code activation} between each two. */
    public ManualMlp(List<LinearModule> layers, Activation activation) {
        this(layers, moduleOf(activation), SoftmaxModule::new);
    }

    /**
     * The same with the activation and output modules given: a gradient check runs the network of
     * the very modules it checks one by one (a bug planted in one shows in the network's rows too).
     */
    public ManualMlp(List<LinearModule> layers, Supplier<ManualModule> activation, Supplier<ManualModule> output) {
        this(layers, activation, output, 0);
    }

    /** The same with dropout after each hidden activation (0: none). */
    public ManualMlp(List<LinearModule> layers, Supplier<ManualModule> activation, Supplier<ManualModule> output,
            double dropout) {
        for (int i = 0; i < layers.size(); i++) {
            addLinear(layers.get(i));
            if (i == layers.size() - 1) {
                modules.add(output.get());
                continue;
            }
            ManualModule hidden = activation.get();
            modules.add(hidden);
            activations.add(hidden);
            if (dropout > 0) {
                DropoutModule dropped = new DropoutModule(dropout);
                modules.add(dropped);
                dropouts.add(dropped);
            }
        }
    }

    /** The hand-written module of {@code activation}, a new one at each call. */
    public static Supplier<ManualModule> moduleOf(Activation activation) {
        return switch (activation.kind()) {
            case RELU -> ReluModule::new;
            case LEAKY_RELU -> {
                double negSlope = ((Activation.LeakyRelu) activation).negSlope();
                yield () -> new LeakyReluModule(negSlope);
            }
            case ELU -> EluModule::new;
            case TANH -> TanhModule::new;
        };
    }

    /** The linear layers of the course's network, drawn input side first. */
    private static List<LinearModule> initialLayers(int inputs, List<Integer> hidden, int classes, NDManager manager,
            DataType dataType, Init init) {
        List<LinearModule> layers = new ArrayList<>();
        int in = inputs;
        for (int units : hidden) {
            layers.add(LinearModule.initialized(in, units, manager, dataType, init));
            in = units;
        }
        layers.add(LinearModule.initialized(in, classes, manager, dataType, init));
        return layers;
    }

    private void addLinear(LinearModule linear) {
        modules.add(linear);
        linears.add(linear);
    }

    /** Class probabilities (B, classes) for a training batch x (B, inputs): dropout, if any, drops. */
    public NDArray forward(NDArray x) {
        return forward(x, true);
    }

    /** Class probabilities (B, classes) for a batch x (B, inputs) to evaluate: nothing is dropped. */
    public NDArray evaluate(NDArray x) {
        return forward(x, false);
    }

    private NDArray forward(NDArray x, boolean training) {
        dropouts.forEach(dropout -> dropout.training(training));
        activationOutputs.clear();
        NDArray out = x;
        for (ManualModule module : modules) {
            out = module.forward(out);
            if (activations.contains(module)) {
                activationOutputs.add(out);
            }
        }
        return out;
    }

    /**
     * The hidden activations' outputs (B, units) in the last forward pass, input side first (before
     * any dropout); valid only until that step's manager closes.
     */
    public List<NDArray> activationOutputs() {
        return List.copyOf(activationOutputs);
    }

    /** Backpropagates dL/d(probabilities) through every module, last to first; returns dL/dx. */
    public NDArray backward(NDArray dout) {
        NDArray d = dout;
        for (int i = modules.size() - 1; i >= 0; i--) {
            d = modules.get(i).backward(d);
        }
        return d;
    }

    /**
     * Backpropagates dL/d(probabilities) to every parameter's gradient, and stops there: the
     * gradient of the input images is never used in training, and its product costs as much as
     * the first layer's dW (the course's NumPy code skips it too).
     */
    public void backwardToParameters(NDArray dout) {
        NDArray d = dout;
        for (int i = modules.size() - 1; i > 0; i--) {
            d = modules.get(i).backward(d);
        }
        // The first module is always the first linear layer.
        linears.get(0).backwardToParameters(d);
    }

    /** The linear layers, input side first; their W and b are all the parameters. */
    public List<LinearModule> linearModules() {
        return Collections.unmodifiableList(linears);
    }
}
