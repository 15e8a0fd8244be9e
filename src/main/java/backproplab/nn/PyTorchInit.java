package backproplab.nn;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.UniformInitializer;

/**
 * PyTorch's default initialization for Linear and Conv2d: weight and bias uniform in
 * +-1/sqrt(fan_in). DJL's default (Xavier) would give other curves than the report's.
 */
public final class PyTorchInit {

    private PyTorchInit() {}

    /** Sets the initializer of a Linear or convolution block whose inputs number {@code fanIn}. */
    public static <B extends Block> B apply(B block, long fanIn) {
        float bound = (float) (1 / Math.sqrt(fanIn));
        block.setInitializer(new UniformInitializer(bound), Parameter.Type.WEIGHT);
        block.setInitializer(new UniformInitializer(bound), Parameter.Type.BIAS);
        return block;
    }
}
