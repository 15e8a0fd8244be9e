package backproplab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import backproplab.config.Optimizer;
import backproplab.manual.LinearModule;
import backproplab.manual.ManualSgd;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The fused optimizers against the update rules computed by hand, in double precision or, bit for bit, in float. */
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
            SgdUpdate sgd = new SgdUpdate(List.of(p), new Optimizer.Sgd(lr, decay));
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

    /**
     * Plain SGD keeps no state (a checkpoint holds the parameters alone) and makes the update it
     * always made: p - lr * (g + weightDecay * p) in float, bit for bit, through the vector loop and
     * the scalar one.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0, 0.01})
    void sgdWithoutMomentumKeepsNoStateAndIsThePlainRuleInFloatBitForBit(double weightDecay) {
        float lr = 0.05f;
        float decay = (float) weightDecay;
        Random random = new Random(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] expected = ordinary(random, ORDINARY_SIZE);
            NDArray p = manager.create(expected.clone());
            p.setRequiresGradient(true);
            Optimizer.Sgd settings = new Optimizer.Sgd(lr, weightDecay);
            SgdUpdate sgd = new SgdUpdate(List.of(p), settings);
            assertEquals(List.of(), sgd.state());
            assertEquals(0, settings.statePerParameter());
            for (int step = 0; step < 4; step++) {
                float[] gradient = ordinary(random, ORDINARY_SIZE);
                backward(p, gradient);
                sgd.step();
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = expected[i] - lr * (gradient[i] + decay * expected[i]);
                }
                assertSameBits(expected, p.toFloatArray(), "parameter, step " + step);
                assertArrayEquals(new float[ORDINARY_SIZE], p.getGradient().toFloatArray(), "gradient zeroed");
            }
        }
    }

    /**
     * SGD with momentum against PyTorch's {@code optim.SGD(momentum=0.9, nesterov=...)} written out
     * in float: g = grad + weightDecay * p; the buffer is g at the first step, then
     * momentum * buffer + g; p -= lr * buffer, or with Nesterov p -= lr * (g + momentum * buffer).
     * Parameter and velocity, bit for bit, through the vector loop and the scalar one.
     */
    @ParameterizedTest
    @CsvSource({"0, false", "0.01, false", "0, true", "0.01, true"})
    void sgdWithMomentumIsPyTorchsRuleInFloatBitForBit(double weightDecay, boolean nesterov) {
        float lr = 0.05f;
        float decay = (float) weightDecay;
        float momentum = 0.9f;
        Random random = new Random(5);
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] expected = ordinary(random, ORDINARY_SIZE);
            NDArray p = manager.create(expected.clone());
            p.setRequiresGradient(true);
            Optimizer.Sgd settings = new Optimizer.Sgd(lr, weightDecay, momentum, nesterov);
            SgdUpdate sgd = new SgdUpdate(List.of(p), settings);
            assertEquals(settings.statePerParameter(), sgd.state().size(), "a velocity per parameter");
            float[] buffer = null;
            for (int step = 0; step < 5; step++) {
                float[] gradient = ordinary(random, ORDINARY_SIZE);
                backward(p, gradient);
                sgd.step();
                float[] g = new float[ORDINARY_SIZE];
                for (int i = 0; i < g.length; i++) {
                    g[i] = gradient[i] + decay * expected[i];
                }
                if (buffer == null) {
                    buffer = g.clone();
                } else {
                    for (int i = 0; i < g.length; i++) {
                        buffer[i] = momentum * buffer[i] + g[i];
                    }
                }
                for (int i = 0; i < g.length; i++) {
                    expected[i] = expected[i] - lr * (nesterov ? g[i] + momentum * buffer[i] : buffer[i]);
                }
                assertSameBits(expected, p.toFloatArray(), "parameter, step " + step);
                assertSameBits(buffer, sgd.state().get(0).toFloatArray(), "velocity, step " + step);
                assertArrayEquals(new float[ORDINARY_SIZE], p.getGradient().toFloatArray(), "gradient zeroed");
            }
        }
    }

    /**
     * Momentum and Nesterov over three steps worked out by hand: p = 1, gradients 1, 2, -1,
     * lr = 0.1, momentum = 0.9. Velocity 1, 2.9, 1.61 (0.9 v + g); momentum moves p by lr * v, to
     * 0.9, 0.61, 0.449; Nesterov by lr * (g + 0.9 v), that is by 0.19, 0.461, 0.0449, to 0.81,
     * 0.349, 0.3041. Through the fused update (vector loop and scalar tail: 21 elements) and
     * section 1's hand-written SGD.
     */
    @ParameterizedTest
    @CsvSource({"false, 0.9, 0.61, 0.449", "true, 0.81, 0.349, 0.3041"})
    void momentumAndNesterovFollowThreeStepsWorkedOutByHand(boolean nesterov, double p1, double p2, double p3) {
        float[][] gradients = {{1}, {2}, {-1}};
        double[] expected = {p1, p2, p3};
        int size = 21;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray fused = manager.ones(new Shape(size));
            fused.setRequiresGradient(true);
            SgdUpdate sgd = new SgdUpdate(List.of(fused), new Optimizer.Sgd(0.1, 0, 0.9, nesterov));
            LinearModule linear = new LinearModule(manager.ones(new Shape(1, 1)), manager.ones(new Shape(1)));
            ManualSgd handWritten = new ManualSgd(List.of(linear), 0.1, 0.9, nesterov);
            for (int step = 0; step < 3; step++) {
                float g = gradients[step][0];
                float[] filled = new float[size];
                Arrays.fill(filled, g);
                backward(fused, filled);
                sgd.step();
                try (NDManager stepManager = manager.newSubManager()) {
                    // dW = dout^T x and db = sum(dout): with x = 1 and dout = g, both are g.
                    linear.forward(stepManager.ones(new Shape(1, 1)));
                    linear.backward(stepManager.create(new float[][] {{g}}));
                    handWritten.step();
                }
                double[] all = new double[size];
                Arrays.fill(all, expected[step]);
                assertClose(all, fused.toFloatArray(), 1e-6);
                assertClose(new double[] {expected[step]}, linear.weight().toFloatArray(), 1e-6);
                assertClose(new double[] {expected[step]}, linear.bias().toFloatArray(), 1e-6);
            }
        }
    }

    /** Three whole vectors of 16 floats (six of 8) and a tail the scalar loop takes. */
    static final int ORDINARY_SIZE = 16 * 3 + 5;

    /** Gaussian values: nothing near a flush threshold, so the float rule holds bit for bit. */
    private static float[] ordinary(Random random, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
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
            AdamUpdate adam = new AdamUpdate(List.of(p), new Optimizer.Adam(1e-3, weightDecay));
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
            SgdUpdate sgd = new SgdUpdate(List.of(p), new Optimizer.Sgd(1e-3, 1e-4));
            for (int step = 0; step < 3; step++) {
                backward(p, TINY_GRADIENT);
                sgd.step();
                assertNoDenormal(p, "parameter");
                assertNoDenormal(p.getGradient(), "gradient");
            }
        }
    }

    @Test
    void sgdWithMomentumLeavesNoDenormalInItsVelocity() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray p = manager.create(TINY_START.clone());
            p.setRequiresGradient(true);
            SgdUpdate sgd = new SgdUpdate(List.of(p), new Optimizer.Sgd(1e-3, 0, 0.9, false));
            NDArray velocity = sgd.state().get(0);
            // A velocity that already holds denormals, written into its own memory.
            ParameterViews.view(velocity).put(0, new float[] {1e-39f, -5e-40f, 1e-38f, 0f, 1e-3f, 2e-45f, 0f});
            for (int step = 0; step < 1000; step++) {
                // A few real gradients, then zeros: the velocity decays by 0.9 a step.
                backward(p, step < 3 ? TINY_GRADIENT : new float[TINY_START.length]);
                if (step < 3) {
                    assertHasDenormals(p.getGradient(), "the gradients given");
                }
                sgd.step();
                assertNoDenormal(p, "parameter after step " + step);
                assertNoDenormal(p.getGradient(), "gradient after step " + step);
                assertNoDenormal(velocity, "velocity after step " + step);
            }
            assertTrue(p.toFloatArray()[6] < -1e-4f, "it learned while its gradient lasted: " + p.toFloatArray()[6]);
            // Element 6's gradient was 1e-2 for 3 steps, then 0: its velocity decayed through the
            // denormal range (where 0.9 * the smallest denormal rounds back to itself) and is 0 now.
            assertEquals(0f, velocity.toFloatArray()[6], "a decayed velocity reached zero");
        }
    }

    /**
     * Magnitudes across every range the flushes tell apart (denormals, each threshold, normal
     * values), with signs and zeros, in an array that is not a whole number of vectors.
     */
    private static float[] mixed(Random random, int size) {
        float[] scales = {0f, Float.MIN_VALUE, 1e-40f, 1e-38f, Float.MIN_NORMAL, 1e-36f, 1e-31f, 0x1p-100f,
            1e-20f, 0x1p-57f, 1e-12f, 1e-6f, 1e-3f, 0.1f, 1f, 30f};
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = scales[random.nextInt(scales.length)] * (float) random.nextGaussian();
        }
        return values;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 1e-4})
    void adamVectorLoopsGiveTheScalarLoopsResultsBitForBit(double weightDecay) {
        assertTrue(ParameterViews.VECTOR_API, "the test JVM has jdk.incubator.vector (the pom adds it):"
                + " without it both sides would run the scalar loops");
        int size = 16 * 97 + 11;
        try (NDManager manager = NDManager.newBaseManager()) {
            Random random = new Random(7);
            float[] start = mixed(random, size);
            NDArray vectorParameter = manager.create(start.clone());
            NDArray scalarParameter = manager.create(start.clone());
            vectorParameter.setRequiresGradient(true);
            scalarParameter.setRequiresGradient(true);
            List<ParameterUpdate> vector = List.of(
                    new AdamUpdate(List.of(vectorParameter), new Optimizer.Adam(1e-3, weightDecay), true));
            List<ParameterUpdate> scalar = List.of(
                    new AdamUpdate(List.of(scalarParameter), new Optimizer.Adam(1e-3, weightDecay), false));
            float[] firstMoment = mixed(random, size);
            float[] secondMoment = mixed(random, size);
            for (int i = 0; i < size; i++) {
                secondMoment[i] = Math.abs(secondMoment[i]);
            }
            for (List<ParameterUpdate> adam : List.of(vector, scalar)) {
                ParameterViews.view(adam.get(0).state().get(0)).put(0, firstMoment);
                ParameterViews.view(adam.get(0).state().get(1)).put(0, secondMoment);
            }
            for (int step = 0; step < 5; step++) {
                float[] gradient = mixed(random, size);
                backward(vectorParameter, gradient);
                backward(scalarParameter, gradient);
                vector.get(0).step();
                scalar.get(0).step();
                assertSameBits(scalarParameter, vectorParameter, "Adam parameter, step " + step);
                assertSameBits(scalarParameter.getGradient(), vectorParameter.getGradient(), "Adam gradient");
                for (int k = 0; k < 2; k++) {
                    assertSameBits(scalar.get(0).state().get(k), vector.get(0).state().get(k), "Adam moment " + k);
                }
            }
        }
    }

    /** SGD's loops likewise, denormal parameters (and with momentum, velocities) included. */
    @ParameterizedTest
    @CsvSource({"0, 0, false", "1e-4, 0, false", "0, 0.9, false", "1e-4, 0.9, false", "1e-4, 0.9, true"})
    void sgdVectorLoopsGiveTheScalarLoopsResultsBitForBit(double weightDecay, double momentum, boolean nesterov) {
        assertTrue(ParameterViews.VECTOR_API, "the test JVM has jdk.incubator.vector (the pom adds it)");
        int size = 16 * 97 + 11;
        try (NDManager manager = NDManager.newBaseManager()) {
            Random random = new Random(7);
            float[] start = mixed(random, size);
            NDArray vectorParameter = manager.create(start.clone());
            NDArray scalarParameter = manager.create(start.clone());
            vectorParameter.setRequiresGradient(true);
            scalarParameter.setRequiresGradient(true);
            Optimizer.Sgd settings = new Optimizer.Sgd(2e-3, weightDecay, momentum, nesterov);
            SgdUpdate vectorSgd = new SgdUpdate(List.of(vectorParameter), settings, true);
            SgdUpdate scalarSgd = new SgdUpdate(List.of(scalarParameter), settings, false);
            if (momentum > 0) {
                float[] velocity = mixed(random, size);
                ParameterViews.view(vectorSgd.state().get(0)).put(0, velocity);
                ParameterViews.view(scalarSgd.state().get(0)).put(0, velocity);
            }
            for (int step = 0; step < 5; step++) {
                float[] gradient = mixed(random, size);
                backward(vectorParameter, gradient);
                backward(scalarParameter, gradient);
                vectorSgd.step();
                scalarSgd.step();
                assertSameBits(scalarParameter, vectorParameter, "SGD parameter, step " + step);
                assertSameBits(scalarParameter.getGradient(), vectorParameter.getGradient(), "SGD gradient");
                for (int k = 0; k < scalarSgd.state().size(); k++) {
                    assertSameBits(scalarSgd.state().get(k), vectorSgd.state().get(k), "SGD velocity, step " + step);
                }
            }
        }
    }

    @Test
    void chunksCoverEveryElementOnceInEqualAlignedPieces() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // The small MLP's first layer, a bias, a matrix larger than one chunk, one tinier than a vector.
            List<NDArray> parameters = List.of(manager.zeros(new ai.djl.ndarray.types.Shape(100, 3072)),
                    manager.zeros(new ai.djl.ndarray.types.Shape(100)),
                    manager.zeros(new ai.djl.ndarray.types.Shape(1000, 1001)),
                    manager.zeros(new ai.djl.ndarray.types.Shape(3)));
            List<ParameterViews.Chunk> chunks = new ParameterViews(parameters).chunks();
            for (int p = 0; p < parameters.size(); p++) {
                int next = 0;
                int smallest = Integer.MAX_VALUE;
                int largest = 0;
                int count = 0;
                for (ParameterViews.Chunk c : chunks) {
                    if (c.parameter() == p) {
                        count++;
                        assertEquals(next, c.from(), "parameter " + p + ": chunks follow each other");
                        assertEquals(0, c.from() % 64, "parameter " + p + ": a chunk starts on a whole vector");
                        next = c.to();
                        smallest = Math.min(smallest, c.to() - c.from());
                        largest = Math.max(largest, c.to() - c.from());
                    }
                }
                assertEquals(parameters.get(p).size(), next, "parameter " + p + ": every element in a chunk");
                // Each piece is rounded up to a multiple of 64; the last one takes what is left.
                assertTrue(largest - smallest < 64 * count,
                        "parameter " + p + ": pieces of equal size, " + smallest + " to " + largest);
            }
            int cores = java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1;
            assertEquals(Math.max(2, cores), chunks.stream().filter(c -> c.parameter() == 0).count(),
                    "307,200 elements split across all cores (at least two pieces)");
            assertEquals(1, chunks.stream().filter(c -> c.parameter() == 1).count(), "a bias stays whole");
            assertEquals(4, chunks.stream().filter(c -> c.parameter() == 2).count(), "1,001,000 elements: 4 chunks of 2^18 at most");
        }
    }

    private static void assertSameBits(NDArray expected, NDArray actual, String what) {
        assertSameBits(expected.toFloatArray(), actual.toFloatArray(), what);
    }

    private static void assertSameBits(float[] e, float[] a, String what) {
        assertEquals(e.length, a.length);
        for (int i = 0; i < e.length; i++) {
            if (Float.floatToRawIntBits(e[i]) != Float.floatToRawIntBits(a[i])) {
                assertEquals(e[i], a[i], 0f, what + ": element " + i + " (" + e[i] + " vs " + a[i] + ")");
                throw new AssertionError(what + ": element " + i + " differs in its bits: " + e[i] + " vs " + a[i]);
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
            AdamUpdate adam = new AdamUpdate(List.of(p), new Optimizer.Adam(lr, decay));
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
