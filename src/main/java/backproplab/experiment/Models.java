package backproplab.experiment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import backproplab.nn.GradientSplice;
import backproplab.train.AdamUpdate;
import backproplab.train.AutogradLearner;
import backproplab.train.BackwardPass;
import backproplab.train.ParameterUpdate;
import backproplab.train.SgdUpdate;
import java.util.List;

/** Turns a DJL block and a spec into a learner: initialized parameters and the spec's optimizer. */
final class AutogradModels {

    private AutogradModels() {}

    /** The learner; models with hand-differentiated blocks get their gradients spliced in. */
    static AutogradLearner learner(Block block, NDManager manager, Shape inputShape, ExperimentSpec spec) {
        block.initialize(manager, DataType.FLOAT32, inputShape);
        // Without a parameter server and with copy=false, the store hands out the parameters' own arrays.
        ParameterStore store = new ParameterStore(manager, false);
        BackwardPass backward = GradientSplice.of(block)
                .<BackwardPass>map(splice -> splice::backward)
                .orElse(BackwardPass.AUTOGRAD);
        return new AutogradLearner(block, store, optimizer(spec, trainable(block)), backward);
    }

    /** The arrays of every parameter that learns (not running statistics). */
    static List<NDArray> trainable(Block block) {
        return block.getParameters().stream()
                .map(Pair::getValue)
                .filter(Parameter::requiresGradient)
                .map(Parameter::getArray)
                .toList();
    }

    static ParameterUpdate optimizer(ExperimentSpec spec, List<NDArray> parameters) {
        return switch (spec.optimizer()) {
            case "adam" -> new AdamUpdate(parameters, spec.learningRate(), spec.weightDecay());
            case "sgd" -> new SgdUpdate(parameters, spec.learningRate(), spec.weightDecay());
            default -> throw new IllegalArgumentException("unknown optimizer " + spec.optimizer());
        };
    }
}
