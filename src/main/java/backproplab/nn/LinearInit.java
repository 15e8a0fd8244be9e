package backproplab.nn;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import backproplab.config.Init;

/** The initializers of a DJL MLP's linear layer, as {@code -Dinit} names them. */
public final class LinearInit {

    /** The course's weight standard deviation (section 1's). */
    static final float COURSE_STD = 1e-4f;

    private LinearInit() {}

    /** Sets {@code init}'s initializers on a Linear block whose inputs number {@code fanIn}. */
    public static <B extends Block> B apply(B block, long fanIn, Init init) {
        switch (init) {
            case PYTORCH -> PyTorchInit.apply(block, fanIn);
            case COURSE -> {
                block.setInitializer(new NormalInitializer(COURSE_STD), Parameter.Type.WEIGHT);
                block.setInitializer(new ConstantInitializer(0), Parameter.Type.BIAS);
            }
            case KAIMING -> {
                block.setInitializer(new NormalInitializer((float) Math.sqrt(2.0 / fanIn)), Parameter.Type.WEIGHT);
                block.setInitializer(new ConstantInitializer(0), Parameter.Type.BIAS);
            }
        }
        return block;
    }
}
