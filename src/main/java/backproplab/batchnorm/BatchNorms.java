package backproplab.batchnorm;

import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import backproplab.config.BatchNormKind;

/** Section 3's batch norms, by the name {@code -DbatchNorm} gives them, each with PyTorch's settings. */
public final class BatchNorms {

    private BatchNorms() {}

    /**
     * A batch-norm block of {@code kind} over {@code features} features.
     *
     * @param splice the splice the hand-differentiated blocks of one network share (their backward order matters)
     */
    public static Block block(BatchNormKind kind, int features, GradientSplice splice) {
        return switch (kind) {
            // DJL's momentum is the weight of the old running value: 0.9 here is PyTorch's 0.1.
            case BUILTIN -> BatchNorm.builder().optMomentum(0.9f).optEpsilon(1e-5f).build();
            case AUTOGRAD -> new BatchNormAutograd(features);
            case MANUAL -> new BatchNormManual(features, splice);
            case NONE -> throw new IllegalArgumentException("no batch norm to build");
        };
    }
}
