package backproplab.experiment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import backproplab.batchnorm.GradientSplice;
import backproplab.config.ExperimentSpec;
import backproplab.config.Network;
import backproplab.config.Optimizer;
import backproplab.data.CifarData;
import backproplab.manual.ManualMlp;
import backproplab.manual.ManualSgd;
import backproplab.nn.NetworkBlock;
import backproplab.nn.Nonlinearity;
import backproplab.train.AutogradLearner;
import backproplab.train.BackwardPass;
import backproplab.train.FusedDescent;
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
    record Built(Learner learner, Block block, ManualMlp manualMlp) {}

    /** The network of {@code spec}: its parameters initialized (seed the engine first), with its optimizer. */
    static Built network(ExperimentSpec spec, NDManager manager) {
        Network network = spec.hyper().network();
        if (network instanceof Network.HandWrittenMlp handWritten) {
            ManualMlp mlp = new ManualMlp(CifarData.PIXELS, handWritten.hidden(), CifarData.CLASSES, manager,
                    DataType.FLOAT32, handWritten.activation(), handWritten.dropout(), handWritten.init());
            ManualSgd sgd = new ManualSgd(mlp.linearModules(), handWritten.learningRate(), handWritten.momentum(),
                    handWritten.nesterov(), new FusedDescent());
            ManualLearner learner = new ManualLearner(mlp, Nonlinearity.of(handWritten.activation()), CifarData.CLASSES,
                    sgd);
            return new Built(learner, null, mlp);
        }
        Block block = NetworkBlock.of(network);
        return new Built(autograd(block, manager, ((Network.Optimized) network).optimizer()), block, null);
    }

    static Learner learner(ExperimentSpec spec, NDManager manager) {
        return network(spec, manager).learner();
    }

    /** Initializes the block; a model with hand-differentiated blocks gets their gradients spliced in. */
    static AutogradLearner autograd(Block block, NDManager manager, Optimizer optimizer) {
        block.initialize(manager, DataType.FLOAT32, new Shape(1, CifarData.PIXELS));
        // Without a parameter server and with copy=false, the store hands out the parameters' own arrays.
        ParameterStore store = new ParameterStore(manager, false);
        BackwardPass backward = GradientSplice.of(block)
                .<BackwardPass>map(splice -> splice::backward)
                .orElse(BackwardPass.AUTOGRAD);
        return new AutogradLearner(block, store, ParameterUpdate.of(optimizer, trainable(block)), backward);
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
