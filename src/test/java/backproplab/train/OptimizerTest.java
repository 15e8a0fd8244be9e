package backproplab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
        // The engine loads libtorch: JniUtils needs it even when this class runs alone.
        Engine.getInstance();
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

    /** A denormal parameter, tiny ones, and gradients whose moments or squares would be denormal. */
    static final float[] TINY_START = {0.5f, 3 * Float.MIN_VALUE, 1e-30f, -2e-38f, 0.25f, -1f, 0f};
    static final float[] TINY_GRADIENT = {0f, 1e-20f, 2e-38f, -1e-39f, 3e-19f, 1e-3f, 1e-2f};

    @ParameterizedTest
    @ValueSource(doubles = {0, 1e-4})
    void adamLeavesNoDenormalInParametersGradientsOrState(double weightDecay) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray p = manager.create(TINY_START.clone());
            p.setRequiresGradient(true);
            AdamUpdate adam = new AdamUpdate(List.of(p), 1e-3, weightDecay);
            // State that already holds denormals, written into the moments' own memory.
            ParameterViews.view(adam.state().get(0)).put(0, new float[] {1e-39f, -5e-40f, 1e-38f, 0f, 1e-3f, 2e-45f, 0f});
            ParameterViews.view(adam.state().get(1)).put(0, new float[] {1e-40f, 1e-39f, 0f, 1e-44f, 1e-6f, 3e-41f, 0f});
            for (int step = 0; step < 1000; step++) {
                // A few real gradients, then zeros: the first moment decays by 0.9 a step.
                backward(p, step < 3 ? TINY_GRADIENT : new float[TINY_START.length]);
                if (step < 3) {
                    assertHasDenormals(p.getGradient(), "the gradients given");
                }
                adam.step();
                assertNoDenormal(p, "parameter after step " + step);
                assertNoDenormal(p.getGradient(), "gradient after step " + step);
                for (NDArray moment : adam.state()) {
                    assertNoDenormal(moment, "moment after step " + step);
                }
            }
            assertTrue(p.toFloatArray()[6] < -1e-3f, "it learned while its gradient lasted: " + p.toFloatArray()[6]);
            if (weightDecay == 0) {
                // Element 6's gradient was 1e-2 for 3 steps, then 0: its first moment decayed by 0.9
                // a step through the denormal range (from step 800 on) and is exactly 0 now.
                assertEquals(0f, adam.state().get(0).toFloatArray()[6], "a decayed first moment reached zero");
            } else {
                assertTrue(p.toFloatArray()[0] < 0.5f, "weight decay still pulls a normal parameter in");
            }
        }
    }

    @Test
    void sgdLeavesNoDenormalInParametersOrGradients() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray p = manager.create(TINY_START.clone());
            p.setRequiresGradient(true);
            SgdUpdate sgd = new SgdUpdate(List.of(p), 1e-3, 1e-4);
            for (int step = 0; step < 3; step++) {
                backward(p, TINY_GRADIENT);
                sgd.step();
                assertNoDenormal(p, "parameter");
                assertNoDenormal(p.getGradient(), "gradient");
            }
        }
    }

    private static void assertNoDenormal(NDArray array, String what) {
        float[] values = array.toFloatArray();
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            assertTrue(v == 0f || Math.abs(v) >= Float.MIN_NORMAL, what + ": element " + i + " is denormal: " + v);
        }
    }

    private static void assertHasDenormals(NDArray array, String what) {
        boolean any = false;
        for (float v : array.toFloatArray()) {
            any |= v != 0f && Math.abs(v) < Float.MIN_NORMAL;
        }
        assertTrue(any, what + " hold a denormal: the test would test nothing");
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
