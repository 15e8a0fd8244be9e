package backproplab.nn;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * The activations the networks are built with, declared once: the block that computes each, and
 * the name the layer statistics give it (relu1, relu2, ...), by which they know it again.
 */
public enum Nonlinearity {
    /** Named as DJL's {@code Activation.reluBlock()} names it: the same block as before, in saved models too. */
    RELU("relu", "ReLU", Activation::relu);

    private final String key;
    private final String blockName;
    private final Function<NDList, NDList> function;

    Nonlinearity(String key, String blockName, Function<NDList, NDList> function) {
        this.key = key;
        this.blockName = blockName;
        this.function = function;
    }

    /** The layer statistics' name of this kind of layer. */
    public String key() {
        return key;
    }

    /** A block that computes it, named so that {@link #of} knows it. */
    public Block block() {
        return new LambdaBlock(function, blockName);
    }

    /** The activation {@code block} computes; empty for a block that is none of them. */
    public static Optional<Nonlinearity> of(Block block) {
        return block instanceof LambdaBlock lambda
                ? Arrays.stream(values()).filter(n -> n.blockName.equals(lambda.getName())).findFirst()
                : Optional.empty();
    }
}
