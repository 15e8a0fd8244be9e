package backproplab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fused optimizers against the update rules computed by hand in double precision. */
class OptimizerTest {

    static final float[] START = {0.5f, -1.25f, 2f, 0.001f, -3f, 0.75f};
    static final float[][] GRADIENTS = {
        {0.1f, -0.2f, 0.3f, 0f, 1.5f, -0.05f},
        {-0.4f, 0.25f, 0.3f, 2e-4f, -1f, 0.6f},
        {0.2f, 0.2f, -0.7f, -3e-3f, 0.5f, 0f},
    };

    @BeforeAll
    static void noGraphOutsideCollectors() {
        JniUtils.setGradMode(false);
    }

    @Test
    void adamMatchesPyTorchRuleWithoutWeightDecay() {
        checkAdam(1e-2, 0);
    }

    @Test
    void adamAddsWeightDecayToTheGradientBeforeTheMoments() {
        checkAdam(1e-2, 0.1);
    }

    @Test
    void sgdStepIsLearningRateTimesGradientPlusDecay() {
        double lr = 0.05;
        double decay = 0.01;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray p = parameter(manager);
            SgdUpdate sgd = new SgdUpdate(List.of(p), lr, decay);
            double[] expected = toDouble(START);
            for (float[] g : GRADIENTS) {
                backward(p, g);
                sgd.step();
                for (int i = 0; i < expected.length; i++) {
                    expected[i] -= lr * (g[i] + decay * expected[i]);
                }
                assertClose(expected, p.toFloatArray(), 1e-6);
                assertArrayEquals(new float[START.length], p.getGradient().toFloatArray(), "gradient zeroed");
            }
        }
    }

    private static void checkAdam(double lr, double decay) {
        double beta1 = 0.9;
        double beta2 = 0.999;
        double eps = 1e-8;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray p = parameter(manager);
            AdamUpdate adam = new AdamUpdate(List.of(p), lr, decay);
            double[] expected = toDouble(START);
            double[] m = new double[START.length];
            double[] v = new double[START.length];
            for (int t = 1; t <= GRADIENTS.length; t++) {
                float[] g = GRADIENTS[t - 1];
                backward(p, g);
                adam.step();
                for (int i = 0; i < expected.length; i++) {
                    double gi = g[i] + decay * expected[i];
                    m[i] = beta1 * m[i] + (1 - beta1) * gi;
                    v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
                    double mHat = m[i] / (1 - Math.pow(beta1, t));
                    double denominator = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(beta2, t)) + eps;
                    expected[i] -= lr * mHat / denominator;
                }
                assertClose(expected, p.toFloatArray(), 2e-6);
                assertArrayEquals(new float[START.length], p.getGradient().toFloatArray(), "gradient zeroed");
            }
        }
    }

    private static NDArray parameter(NDManager manager) {
        NDArray p = manager.create(START.clone());
        p.setRequiresGradient(true);
        return p;
    }

    /** Gives p the gradient g through autograd, as a training step would. */
    private static void backward(NDArray p, float[] g) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray constant = p.getManager().create(g);
            collector.backward(p.mul(constant).sum());
        }
    }

    private static void assertClose(double[] expected, float[] actual, double tolerance) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, "element " + i);
        }
    }

    private static double[] toDouble(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return d;
    }
}
