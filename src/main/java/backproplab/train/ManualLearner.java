package backproplab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import backproplab.manual.CrossEntropyModule;
import backproplab.manual.LinearModule;
import backproplab.manual.ManualMlp;
import backproplab.manual.ManualSgd;
import backproplab.nn.Nonlinearity;
import java.util.ArrayList;
import java.util.List;

/**
 * Report section 1's MLP, whose every backward is written by hand on NDArrays, as the step loop
 * drives it: no autograd anywhere, and its own SGD (plain, as in the course, unless given a momentum).
 */
public final class ManualLearner implements Learner {

    private final ManualMlp mlp;
    /** The activation between its layers, by which the statistics name and read its outputs. */
    private final Nonlinearity activation;
    private final ManualSgd sgd;
    private final int classes;
    private final CrossEntropyModule crossEntropy = new CrossEntropyModule();

    /**
     * With the course's plain SGD.
     *
     * @param activation the activation {@code mlp} has between its layers
     */
    public ManualLearner(ManualMlp mlp, Nonlinearity activation, int classes, double learningRate) {
        this(mlp, activation, classes, new ManualSgd(mlp.linearModules(), learningRate, 0, false, new FusedDescent()));
    }

    /**
     * @param activation the activation {@code mlp} has between its layers
     * @param sgd the SGD over {@code mlp}'s linear layers
     */
    public ManualLearner(ManualMlp mlp, Nonlinearity activation, int classes, ManualSgd sgd) {
        this.mlp = mlp;
        this.activation = activation;
        this.classes = classes;
        this.sgd = sgd;
    }

    @Override
    public Outputs forward(NDArray images, NDArray labels) {
        NDArray probabilities = mlp.forward(images);
        return new Outputs(probabilities, crossEntropy.forward(probabilities, oneHot(labels)));
    }

    @Override
    public void backward() {
        mlp.backwardToParameters(crossEntropy.backward());
    }

    @Override
    public void update() {
        sgd.step();
    }

    @Override
    public void learningRate(double learningRate) {
        sgd.learningRate(learningRate);
    }

    @Override
    public Outputs evaluate(NDArray images, NDArray labels) {
        NDArray probabilities = mlp.evaluate(images);
        return new Outputs(probabilities, crossEntropy.forward(probabilities, oneHot(labels)));
    }

    @Override
    public List<NDArray> state() {
        List<NDArray> state = new ArrayList<>();
        for (LinearModule linear : mlp.linearModules()) {
            state.add(linear.weight());
            state.add(linear.bias());
        }
        // SGD's velocities follow (none for plain SGD, so the course's checkpoints keep their layout).
        state.addAll(sgd.velocities());
        return state;
    }

    /** SGD keeps no count: its velocities are all its state. */
    @Override
    public int updates() {
        return 0;
    }

    @Override
    public void restoreUpdates(int updates) {
        // nothing to restore
    }

    /** The linear layers' weights, and their gradients from the module caches. */
    @Override
    public List<WeightLayer> weightLayers() {
        List<WeightLayer> layers = new ArrayList<>();
        List<LinearModule> linears = mlp.linearModules();
        for (int i = 0; i < linears.size(); i++) {
            LinearModule linear = linears.get(i);
            layers.add(new WeightLayer("linear" + (i + 1), linear.weight(), linear::weightGradient));
        }
        return layers;
    }

    /** Nothing to ask: the network keeps each hidden activation's output of its last forward pass. */
    @Override
    public void keepActivations() {}

    @Override
    public List<Activation> activations() {
        List<Activation> activations = new ArrayList<>();
        List<NDArray> outputs = mlp.activationOutputs();
        for (int i = 0; i < outputs.size(); i++) {
            activations.add(new Activation(activation.key() + (i + 1), activation, outputs.get(i)));
        }
        return activations;
    }

    /** The hand-written network itself, its weights and biases. */
    public ManualMlp mlp() {
        return mlp;
    }

    private NDArray oneHot(NDArray labels) {
        return labels.oneHot(classes).toType(DataType.FLOAT32, false);
    }
}
