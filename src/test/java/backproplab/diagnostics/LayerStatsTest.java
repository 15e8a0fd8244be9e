package backproplab.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import backproplab.config.Activation;
import backproplab.manual.ReluModule;
import backproplab.nn.Nonlinearity;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

/** The statistics' arithmetic against values worked out by hand. */
class LayerStatsTest {

    @Test
    void normAndStandardDeviationOfAKnownArray() {
        FloatBuffer x = FloatBuffer.wrap(new float[] {3, 4});
        assertEquals(5, LayerStats.norm(x), 1e-12);
        // mean 3.5, deviations +-0.5
        assertEquals(0.5, LayerStats.std(x), 1e-12);
        assertEquals(3.5, LayerStats.mean(x), 1e-12);
    }

    /** W (3, 4) -> (3.3, 4.4): the change (0.3, 0.4) has norm 0.5, the weight 5: a ratio of 0.1. */
    @Test
    void theUpdateRatioOfAHandMadeStep() {
        assertEquals(0.1, LayerStats.updateRatio(new float[] {3, 4}, FloatBuffer.wrap(new float[] {3.3f, 4.4f})), 1e-7);
        assertEquals(0, LayerStats.updateRatio(new float[] {3, 4}, FloatBuffer.wrap(new float[] {3, 4})));
        assertThrows(IllegalArgumentException.class,
                () -> LayerStats.updateRatio(new float[] {3, 4}, FloatBuffer.wrap(new float[] {3})));
    }

    /** The hand-written ReLU fed only negative inputs: every entry 0, every unit dead. */
    @Test
    void aReluFedOnlyNegativeInputsIsAllDead() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray negative = manager.create(new float[] {-1, -2, -0.5f, -3, -4, -1e-6f}, new Shape(2, 3));
            NDArray out = new ReluModule().forward(negative);
            ActivationStats stats = LayerStats.activation(7, "relu1", LayerStats.floats(out), new long[] {2, 3}, Nonlinearity.RELU);
            assertEquals(new ActivationStats(7, "relu1", 0, 0, 1, 1), stats);
        }
    }

    /**
     * Batch 2, 3 units: unit 1 is 0 for both images (dead), unit 0 for one of them (alive); 3 of
     * the 6 entries are 0. Values 1, 0, 2 and 0, 0, 3: mean 1, variance (0+1+1+1+1+4)/6 = 4/3.
     */
    @Test
    void deadUnitsAreZeroForEveryImageOfTheBatch() {
        FloatBuffer x = FloatBuffer.wrap(new float[] {1, 0, 2, 0, 0, 3});
        ActivationStats stats = LayerStats.activation(1, "relu1", x, new long[] {2, 3}, Nonlinearity.RELU);
        assertEquals(1, stats.mean(), 1e-12);
        assertEquals(Math.sqrt(4.0 / 3), stats.std(), 1e-12);
        assertEquals(0.5, stats.zeroFraction());
        assertEquals(1.0 / 3, stats.deadFraction(), 1e-12);
    }

    /** A convolution's unit is a channel: dead when 0 at every position of every image. */
    @Test
    void aConvolutionsDeadUnitIsAChannel() {
        // (B=2, C=2, H=1, W=2): channel 0 is 0 everywhere, channel 1 is not 0 once (image 1, position 1).
        FloatBuffer x = FloatBuffer.wrap(new float[] {0, 0, 0, 0, 0, 0, 0, 5});
        ActivationStats stats = LayerStats.activation(1, "relu1", x, new long[] {2, 2, 1, 2}, Nonlinearity.RELU);
        assertEquals(0.5, stats.deadFraction());
        assertEquals(7.0 / 8, stats.zeroFraction());
    }

    /**
     * Batch 2, 2 units: unit 0's derivative is below 0.01 for both images (dead), unit 1's for one
     * image at most (alive). tanh's derivative is 1 - y^2, ELU's y + 1 below 0, LeakyReLU's its
     * slope below 0: a LeakyReLU of the default slope 0.02 has no dead unit, one of slope 0.005
     * has a unit negative for every image dead.
     */
    @Test
    void aUnitIsDeadWhereItsDerivativeIsBelowTheThresholdForTheWholeBatch() {
        assertEquals(0.01, LayerStats.DEAD_DERIVATIVE);
        assertEquals(0.5, deadFraction(new Activation.Tanh(), 0.999f, 0.5f, -0.9999f, 0.999f));
        assertEquals(0, deadFraction(new Activation.Tanh(), 0.99f, 0.5f, -0.99f, 0.5f), "0.99: 1 - y^2 = 0.0199");
        assertEquals(0.5, deadFraction(new Activation.Elu(), -0.995f, -0.995f, -0.999f, 3));
        assertEquals(0, deadFraction(new Activation.Elu(), -0.98f, -0.995f, -0.98f, 3), "-0.98: y + 1 = 0.02");
        assertEquals(0, deadFraction(new Activation.LeakyRelu(0.02), -0.1f, -0.2f, -3, -1));
        assertEquals(1, deadFraction(new Activation.LeakyRelu(0.005), -0.1f, -0.2f, -3, -1));
        assertEquals(0.5, deadFraction(new Activation.LeakyRelu(0.005), -0.1f, 0.2f, -3, -1));
    }

    /** The dead fraction of a (2, 2) output of {@code activation}. */
    private static double deadFraction(Activation activation, float... values) {
        return LayerStats.activation(1, "a1", FloatBuffer.wrap(values), new long[] {2, 2},
                Nonlinearity.of(activation)).deadFraction();
    }
}
