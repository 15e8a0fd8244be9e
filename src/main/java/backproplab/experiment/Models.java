package backproplab.experiment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import backproplab.config.ExperimentSpec;
import backproplab.config.Hyperparameters;
import backproplab.data.CifarData;
import backproplab.manual.ManualMlp;
import backproplab.nn.ConvNet;
import backproplab.nn.GradientSplice;
import backproplab.nn.Mlp;
import backproplab.train.AutogradLearner;
import backproplab.train.BackwardPass;
import backproplab.train.Learner;
import backproplab.train.ManualLearner;
import backproplab.train.ParameterUpdate;
import java.util.List;

/** The network a spec's {@code model} key names, with its way of learning, in a model manager. */
final class Models {

    private Models() {}

    /**
     * A network and its way of learning: the DJL block, or the hand-written MLP.
     *
     * @param block null for the hand-written MLP
     * @param manualMlp null for a DJL block
     */
    record Network(Learner learner, Block block, ManualMlp manualMlp) {}

    /** The network of {@code spec}: its parameters initialized (seed the engine first), with its optimizer. */
    static Network network(ExperimentSpec spec, NDManager manager) {
        Hyperparameters hyper = spec.hyper();
        if (hyper.model() == backproplab.config.Network.MANUAL_MLP) {
            ManualMlp mlp = new ManualMlp(CifarData.PIXELS, hyper.hidden(), CifarData.CLASSES, manager);
            return new Network(new ManualLearner(mlp, CifarData.CLASSES, hyper.learningRate()), null, mlp);
        }
        Block block = block(spec);
        return new Network(autograd(block, manager, hyper), block, null);
    }

    static Learner learner(ExperimentSpec spec, NDManager manager) {
        return network(spec, manager).learner();
    }

    /** The DJL block of an autograd model, not yet initialized. */
    static Block block(ExperimentSpec spec) {
        Hyperparameters hyper = spec.hyper();
        return switch (hyper.model()) {
            case MLP -> Mlp.build(CifarData.PIXELS, hyper.hidden(), CifarData.CLASSES, hyper.batchNorm());
            case CONVNET -> ConvNet.build(CifarData.CLASSES);
            case MANUAL_MLP -> throw new IllegalArgumentException(hyper.model().key() + " is not a DJL block");
        };
    }

    /** Initializes the block; a model with hand-differentiated blocks gets their gradients spliced in. */
    static AutogradLearner autograd(Block block, NDManager manager, Hyperparameters hyper) {
        block.initialize(manager, DataType.FLOAT32, new Shape(1, CifarData.PIXELS));
        // Without a parameter server and with copy=false, the store hands out the parameters' own arrays.
        ParameterStore store = new ParameterStore(manager, false);
        BackwardPass backward = GradientSplice.of(block)
                .<BackwardPass>map(splice -> splice::backward)
                .orElse(BackwardPass.AUTOGRAD);
        return new AutogradLearner(block, store, ParameterUpdate.of(hyper.optimizer(), trainable(block), hyper.learningRate(), hyper.weightDecay()), backward);
    }

    /** The arrays of every parameter that learns (not running statistics). */
    static List<NDArray> trainable(Block block) {
        return block.getParameters().stream()
                .map(Pair::getValue)
                .filter(Parameter::requiresGradient)
                .map(Parameter::getArray)
                .toList();
    }
}
