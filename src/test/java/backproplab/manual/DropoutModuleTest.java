package backproplab.manual;

import static backproplab.gradcheck.Numeric.array;
import static backproplab.gradcheck.Numeric.differences;
import static backproplab.gradcheck.Numeric.error;
import static backproplab.gradcheck.Numeric.evaluate;
import static backproplab.gradcheck.Numeric.gaussian;
import static backproplab.gradcheck.Numeric.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.pytorch.jni.JniUtils;
import backproplab.config.Activation;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Section 1's inverted dropout, against what it must do and against DJL's (PyTorch's) own. */
class DropoutModuleTest {

    private static final double P = 0.3;
    private static final int ROWS = 1000;
    private static final int COLUMNS = 1000;

    @BeforeAll
    static void engine() {
        Engine.getInstance();
        JniUtils.setGradMode(false);
    }

    /**
     * Over a million values, the kept fraction is 1 - p within 0.005 (ten standard deviations of a
     * binomial), each kept value is scaled by exactly 1/(1-p), and backward lets through what
     * forward kept, scaled alike. DJL's dropout (PyTorch's) keeps and scales the same way.
     */
    @Test
    void itKeepsOneMinusPOfTheValuesScaledByItsInverseAndBackwardFollowsTheMask() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray ones = manager.ones(new Shape(ROWS, COLUMNS));
            DropoutModule dropout = new DropoutModule(P);
            float[] out = dropout.forward(ones).toFloatArray();
            float[] dx = dropout.backward(ones.mul(2)).toFloatArray();
            float scale = (float) (1 / (1 - P));
            assertKeptAndScaled(out, 1, scale);
            for (int i = 0; i < out.length; i++) {
                assertEquals(out[i] == 0 ? 0 : 2 * scale, dx[i], 1e-6, "the gradient follows the mask at " + i);
            }
            assertKeptAndScaled(Dropout.dropout(ones, (float) P, true).singletonOrThrow().toFloatArray(), 1, scale);
        }
    }

    @Test
    void evaluatingItDropsNothing() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.randomNormal(new Shape(20, 30));
            DropoutModule dropout = new DropoutModule(P);
            dropout.training(false);
            assertArrayEquals(x.toFloatArray(), dropout.forward(x).toFloatArray());
            assertArrayEquals(x.toFloatArray(), dropout.backward(x).toFloatArray());
        }
    }

    /**
     * With the generator seeded alike before each forward pass (as the step loop seeds it at each
     * step), the mask is the same, and backward is the derivative of forward: central differences
     * in float64 agree.
     */
    @Test
    void withTheSameSeedTheMaskRepeatsAndBackwardMatchesCentralDifferences() {
        Random random = new Random(11);
        int batch = 7;
        int features = 13;
        double[] x = gaussian(random, batch * features, 1);
        double[] dout = gaussian(random, batch * features, 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            DropoutModule dropout = new DropoutModule(P);
            double[] numeric = differences(new double[][] {x}, 0, in -> evaluate(manager, scratch -> {
                Engine.getInstance().setRandomSeed(5);
                return dropout.forward(array(scratch, in[0], batch, features));
            }), dout);
            double[] analytic;
            try (NDManager step = manager.newSubManager()) {
                Engine.getInstance().setRandomSeed(5);
                dropout.forward(array(step, x, batch, features));
                analytic = values(dropout.backward(array(step, dout, batch, features)));
            }
            assertTrue(error(analytic, numeric) < 1e-8, "dx error " + error(analytic, numeric));
            assertTrue(countZeros(analytic) > 0 && countZeros(analytic) < analytic.length, "some dropped, some kept");
        }
    }

    /** The statistics see each activation's output before dropout; evaluation drops nothing. */
    @Test
    void theNetworkKeepsEachActivationsOutputBeforeDropoutAndEvaluatesWithoutIt() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.randomNormal(new Shape(50, 8), DataType.FLOAT32);
            NDArray b = manager.zeros(new Shape(50));
            LinearModule first = new LinearModule(w, b);
            LinearModule second = new LinearModule(manager.randomNormal(new Shape(3, 50)), manager.zeros(new Shape(3)));
            ManualMlp mlp = new ManualMlp(List.of(first, second), ManualMlp.moduleOf(new Activation.Relu()),
                    SoftmaxModule::new, 0.5);
            ManualMlp without = new ManualMlp(List.of(first, second));
            NDArray x = manager.randomNormal(new Shape(40, 8));
            mlp.forward(x);
            float[] relu = x.matMul(w.transpose()).add(b).maximum(0).toFloatArray();
            assertArrayEquals(relu, mlp.activationOutputs().get(0).toFloatArray(), 1e-5f);
            assertArrayEquals(without.forward(x).toFloatArray(), mlp.evaluate(x).toFloatArray(), 1e-6f);
        }
    }

    private static void assertKeptAndScaled(float[] values, float input, float scale) {
        int kept = 0;
        for (float v : values) {
            if (v != 0) {
                kept++;
                assertEquals(input * scale, v, Math.ulp(scale), "a kept value, scaled");
            }
        }
        assertEquals(1 - P, (double) kept / values.length, 0.005, "the kept fraction");
    }

    private static int countZeros(double[] values) {
        int zeros = 0;
        for (double v : values) {
            zeros += v == 0 ? 1 : 0;
        }
        return zeros;
    }
}
