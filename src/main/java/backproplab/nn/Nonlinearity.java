package backproplab.nn;

import static ai.djl.nn.Activation.elu;
import static ai.djl.nn.Activation.leakyRelu;
import static ai.djl.nn.Activation.relu;
import static ai.djl.nn.Activation.tanh;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import backproplab.config.Activation;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;

/**
 * The activations the networks are built with ({@code -Dactivation}), declared once: the block
 * that computes each, the name the layer statistics give it (relu1, leakyRelu1, elu1, tanh1, ...),
 * by which they know it again, and its derivative told from its output, by which they tell a dead
 * unit.
 */
public final class Nonlinearity {

    /** The ConvNet's activation, and the MLPs' by default. */
    public static final Nonlinearity RELU = of(new Activation.Relu());
    /** ELU's alpha: PyTorch's default, as {@code manual/EluModule} has it. */
    static final float ELU_ALPHA = 1;

    private final Activation activation;
    private final Function<NDList, NDList> function;
    private final DoubleUnaryOperator derivative;

    private Nonlinearity(Activation activation, Function<NDList, NDList> function, DoubleUnaryOperator derivative) {
        this.activation = activation;
        this.function = function;
        this.derivative = derivative;
    }

    /**
     * The nonlinearity of {@code activation}. Each derivative is a function of the output alone:
     * each activation is monotonic. ReLU's is 0 at an output of 0, as its backward takes it.
     */
    public static Nonlinearity of(Activation activation) {
        return switch (activation.kind()) {
            case RELU -> new Nonlinearity(activation, x -> relu(x), y -> y == 0 ? 0 : 1);
            case LEAKY_RELU -> {
                // DJL's alpha is a float: the slope the block computes with, and so its derivative.
                float slope = (float) ((Activation.LeakyRelu) activation).negSlope();
                yield new Nonlinearity(activation, x -> leakyRelu(x, slope), y -> y > 0 ? 1 : slope);
            }
            // For x <= 0, y = exp(x) - 1: the derivative exp(x) is y + 1.
            case ELU -> new Nonlinearity(activation, x -> elu(x, ELU_ALPHA), y -> y > 0 ? 1 : y + ELU_ALPHA);
            case TANH -> new Nonlinearity(activation, x -> tanh(x), y -> 1 - y * y);
        };
    }

    /** What it computes, as the settings name it. */
    public Activation activation() {
        return activation;
    }

    /** The layer statistics' name of this kind of layer: relu, leakyRelu, elu, tanh. */
    public String key() {
        return activation.kind().key();
    }

    /** Its derivative where its output is {@code output}. */
    public double derivativeAt(double output) {
        return derivative.applyAsDouble(output);
    }

    /**
     * A block that computes it, named by PyTorch's and DJL's name of it, that {@link #of(Block)}
     * knows. ReLU's is DJL's own {@code LambdaBlock}, named as {@code Activation.reluBlock()} names
     * it: the same block as the networks had before the others, in saved models too.
     */
    public Block block() {
        return activation instanceof Activation.Relu ? new LambdaBlock(function, activation.kind().title())
                : new ActivationBlock(this);
    }

    /** The activation {@code block} computes; empty for a block that is none of them. */
    public static Optional<Nonlinearity> of(Block block) {
        if (block instanceof ActivationBlock activationBlock) {
            return Optional.of(activationBlock.nonlinearity);
        }
        return block instanceof LambdaBlock lambda && RELU.activation.kind().title().equals(lambda.getName())
                ? Optional.of(RELU) : Optional.empty();
    }

    /** A block of an activation after ReLU, which keeps its nonlinearity (LeakyReLU's slope with it). */
    private static final class ActivationBlock extends LambdaBlock {

        private final Nonlinearity nonlinearity;

        ActivationBlock(Nonlinearity nonlinearity) {
            super(nonlinearity.function, nonlinearity.activation.kind().title());
            this.nonlinearity = nonlinearity;
        }
    }
}
