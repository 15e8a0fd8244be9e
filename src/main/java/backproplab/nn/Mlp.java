package backproplab.nn;

import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import backproplab.batchnorm.BatchNorms;
import backproplab.batchnorm.GradientSplice;
import backproplab.config.BatchNormKind;
import backproplab.config.Init;
import java.util.List;

/**
 * The report's MLP: Linear layers with an activation between them (ReLU in the report), optionally
 * batch norm before each activation.
 */
public final class Mlp {

    private Mlp() {}

    /** The report's MLP, with ReLU. */
    public static SequentialBlock build(int inputs, List<Integer> hidden, int classes, BatchNormKind batchNorm) {
        return build(inputs, hidden, classes, Nonlinearity.RELU, batchNorm);
    }

    /**
     * @param inputs features per image (3072 for CIFAR-10)
     * @param hidden hidden layer sizes
     * @param classes output size
     * @param activation the activation after each hidden layer
     * @param batchNorm the batch norm after each hidden linear layer, if any
     */
    public static SequentialBlock build(int inputs, List<Integer> hidden, int classes, Nonlinearity activation,
            BatchNormKind batchNorm) {
        return build(inputs, hidden, classes, activation, batchNorm, 0);
    }

    /**
     * The same with dropout after each hidden activation: DJL's, which is PyTorch's inverted
     * dropout (the outputs kept scaled by 1/(1-p) in training; nothing dropped when evaluating).
     *
     * @param dropout the probability an output is dropped; 0 adds no block
     */
    public static SequentialBlock build(int inputs, List<Integer> hidden, int classes, Nonlinearity activation,
            BatchNormKind batchNorm, double dropout) {
        return build(inputs, hidden, classes, activation, batchNorm, dropout, Init.PYTORCH);
    }

    /** The same with each linear layer started as {@code init} says. */
    public static SequentialBlock build(int inputs, List<Integer> hidden, int classes, Nonlinearity activation,
            BatchNormKind batchNorm, double dropout, Init init) {
        SequentialBlock net = new SequentialBlock();
        // Hand-differentiated blocks of one model share one splice (their backward order matters).
        GradientSplice splice = new GradientSplice();
        long fanIn = inputs;
        for (int units : hidden) {
            net.add(LinearInit.apply(Linear.builder().setUnits(units).build(), fanIn, init));
            if (batchNorm != BatchNormKind.NONE) {
                net.add(BatchNorms.block(batchNorm, units, splice));
            }
            net.add(activation.block());
            if (dropout > 0) {
                net.add(Dropout.builder().optRate((float) dropout).build());
            }
            fanIn = units;
        }
        net.add(LinearInit.apply(Linear.builder().setUnits(classes).build(), fanIn, init));
        return net;
    }
}
