package backproplab.nn;

import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import backproplab.batchnorm.BatchNorms;
import backproplab.batchnorm.GradientSplice;
import backproplab.config.BatchNormKind;
import java.util.List;

/** The report's MLP: Linear layers with ReLU between them, optionally batch norm before each ReLU. */
public final class Mlp {

    private Mlp() {}

    /**
     * @param inputs features per image (3072 for CIFAR-10)
     * @param hidden hidden layer sizes
     * @param classes output size
     * @param batchNorm the batch norm after each hidden linear layer, if any
     */
    public static SequentialBlock build(int inputs, List<Integer> hidden, int classes, BatchNormKind batchNorm) {
        SequentialBlock net = new SequentialBlock();
        // Hand-differentiated blocks of one model share one splice (their backward order matters).
        GradientSplice splice = new GradientSplice();
        long fanIn = inputs;
        for (int units : hidden) {
            net.add(PyTorchInit.apply(Linear.builder().setUnits(units).build(), fanIn));
            if (batchNorm != BatchNormKind.NONE) {
                net.add(BatchNorms.block(batchNorm, units, splice));
            }
            net.add(Nonlinearity.RELU.block());
            fanIn = units;
        }
        net.add(PyTorchInit.apply(Linear.builder().setUnits(classes).build(), fanIn));
        return net;
    }
}
