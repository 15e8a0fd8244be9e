package backproplab.nn;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
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
                net.add(batchNorm(batchNorm, units, splice));
            }
            net.add(Nonlinearity.RELU.block());
            fanIn = units;
        }
        net.add(PyTorchInit.apply(Linear.builder().setUnits(classes).build(), fanIn));
        return net;
    }

    /** A batch-norm block over {@code features} features with PyTorch's settings. */
    public static Block batchNorm(BatchNormKind kind, int features, GradientSplice splice) {
        return switch (kind) {
            // DJL's momentum is the weight of the old running value: 0.9 here is PyTorch's 0.1.
            case BUILTIN -> BatchNorm.builder().optMomentum(0.9f).optEpsilon(1e-5f).build();
            case AUTOGRAD -> new BatchNormAutograd(features);
            case MANUAL -> new BatchNormManual(features, splice);
            case NONE -> throw new IllegalArgumentException("no batch norm to build");
        };
    }
}
