package backproplab.batchnorm;

import static backproplab.gradcheck.Numeric.array;
import static backproplab.gradcheck.Numeric.differences;
import static backproplab.gradcheck.Numeric.gaussian;
import static backproplab.gradcheck.Numeric.values;
import static backproplab.batchnorm.BatchNormTestSupport.MOMENTUM;
import static backproplab.batchnorm.BatchNormTestSupport.affine;
import static backproplab.batchnorm.BatchNormTestSupport.assertClose;
import static backproplab.batchnorm.BatchNormTestSupport.assertGradModeOff;
import static backproplab.batchnorm.BatchNormTestSupport.assign;
import static backproplab.batchnorm.BatchNormTestSupport.columnMean;
import static backproplab.batchnorm.BatchNormTestSupport.columnVariance;
import static backproplab.batchnorm.BatchNormTestSupport.courseBeta;
import static backproplab.batchnorm.BatchNormTestSupport.courseGamma;
import static backproplab.batchnorm.BatchNormTestSupport.forward;
import static backproplab.batchnorm.BatchNormTestSupport.gradient;
import static backproplab.batchnorm.BatchNormTestSupport.parameterArray;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The course's batch-norm checks on the two hand-made blocks, in float64, against a plain-Java
 * batch norm ({@link BatchNormTestSupport}) on row-major (batch, features) values: forward
 * normalization, the hand-written backward vs central differences and vs autograd, running
 * statistics and evaluation mode, input errors.
 */
class BatchNormTest {

    private NDManager manager;

    @BeforeAll
    static void engine() {
        BatchNormTestSupport.gradModeOff();
    }

    @BeforeEach
    void open() {
        assertGradModeOff();
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
        assertGradModeOff();
    }

    private static CustomBatchNorm newBlock(String kind, int features) {
        return switch (kind) {
            case "autograd" -> new BatchNormAutograd(features);
            case "manual" -> new BatchNormManual(features, new GradientSplice());
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** A float64 block for (batch, features) inputs with the given gamma and beta. */
    private CustomBatchNorm block(String kind, int batch, double[] gamma, double[] beta) {
        CustomBatchNorm block = newBlock(kind, gamma.length);
        block.initialize(manager, DataType.FLOAT64, new Shape(batch, gamma.length));
        assign(parameterArray(block, "gamma"), gamma);
        assign(parameterArray(block, "beta"), beta);
        return block;
    }

    private NDArray apply(CustomBatchNorm block, NDArray x, boolean training) {
        return block.forward(new ParameterStore(manager, false), new NDList(x), training).singletonOrThrow();
    }

    /** The loss's backward as each block needs it: through its splice for the hand-written one. */
    private static void backwardThrough(CustomBatchNorm block, GradientCollector collector, NDArray loss) {
        if (block instanceof BatchNormManual manual) {
            manual.splice().backward(collector, loss);
        } else {
            collector.backward(loss);
        }
    }

    // ---- 1. forward normalization ----------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"autograd", "manual"})
    void trainingForwardNormalizesEachColumnToBetaAndGammaSquared(String kind) {
        Random random = new Random(11);
        for (int repeat = 0; repeat < 6; repeat++) {
            int batch = 32 + random.nextInt(96); // 32..127
            int features = 1 + random.nextInt(9); // 1..9
            double[] x = gaussian(random, batch * features, 10, 2);
            double[] gamma = new double[features];
            double[] beta = new double[features];
            for (int j = 0; j < features; j++) {
                // course values on even repeats; random ones (negative gamma too) on odd repeats
                gamma[j] = repeat % 2 == 0 ? Math.sqrt(10.0 * (j + 1)) : (0.2 + 3 * random.nextDouble()) * (random.nextBoolean() ? 1 : -1);
                beta[j] = repeat % 2 == 0 ? 100.0 * (j + 1) : 20 * random.nextGaussian();
            }
            String sizes = kind + " batch " + batch + ", features " + features;
            CustomBatchNorm block = block(kind, batch, gamma, beta);
            NDArray y = apply(block, array(manager, x, batch, features), true);
            assertEquals(DataType.FLOAT64, y.getDataType(), sizes);
            assertEquals(new Shape(batch, features), y.getShape(), sizes);
            double[] out = values(y);

            double[] mean = columnMean(out, features);
            double[] var = columnVariance(out, features, 0);
            for (int j = 0; j < features; j++) {
                assertEquals(beta[j], mean[j], 1e-5, sizes + ": mean of column " + j);
                double target = gamma[j] * gamma[j];
                assertEquals(target, var[j], 1e-3 * target, sizes + ": biased variance of column " + j);
            }
            // and elementwise against the plain-Java batch norm
            assertClose(sizes + ": y", forward(x, gamma, beta), out, 1e-9, 1e-12);
        }
    }

    /** Training runs in float32: outputs and running statistics stay float32 and close to float64. */
    @ParameterizedTest
    @ValueSource(strings = {"autograd", "manual"})
    void float32BlocksStayFloat32(String kind) {
        Random random = new Random(12);
        int batch = 48;
        int features = 7;
        double[] gamma = courseGamma(features);
        double[] beta = courseBeta(features);
        CustomBatchNorm block = newBlock(kind, features);
        block.initialize(manager, DataType.FLOAT32, new Shape(batch, features));
        assign(parameterArray(block, "gamma"), gamma);
        assign(parameterArray(block, "beta"), beta);
        double[] x = gaussian(random, batch * features, 10, 2);
        NDArray y = apply(block, array(manager, x, batch, features).toType(DataType.FLOAT32, false), true);
        assertEquals(DataType.FLOAT32, y.getDataType(), kind + ": training output");
        // values() widens float32 to float64 exactly
        assertClose(kind + ": float32 training output", forward(x, gamma, beta), values(y), 1e-3, 1e-5);
        for (String name : new String[] {"runningMean", "runningVar"}) {
            assertEquals(DataType.FLOAT32, parameterArray(block, name).getDataType(), kind + ": " + name);
        }
        NDArray evaluation = apply(block, array(manager, x, batch, features).toType(DataType.FLOAT32, false), false);
        assertEquals(DataType.FLOAT32, evaluation.getDataType(), kind + ": evaluation output");
    }

    // ---- 2. hand-written backward vs central differences ------------------------------------

    /** Output and gradients of L = sum(y w) through one block in one collector. */
    private record Run(double[] y, double[] dx, double[] dGamma, double[] dBeta) {}

    private Run backward(CustomBatchNorm block, double[] x, double[] w) {
        long[] shape = {x.length / block.features, block.features};
        NDArray xArray = array(manager, x, shape);
        xArray.setRequiresGradient(true);
        NDArray wArray = array(manager, w, shape);
        double[] y;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray out = apply(block, xArray, true);
            y = out.toDoubleArray();
            NDArray loss = out.mul(wArray).sum();
            if (block instanceof BatchNormManual manual) {
                GradientSplice splice = GradientSplice.of(manual).orElseThrow();
                assertSame(manual.splice(), splice);
                assertEquals(1, splice.waiting(), "one hand-written backward recorded by the forward");
                splice.backward(collector, loss);
                assertEquals(0, splice.waiting(), "splice empty after backward");
            } else {
                collector.backward(loss);
            }
        }
        return new Run(
                y,
                gradient("x", xArray),
                gradient("gamma", parameterArray(block, "gamma")),
                gradient("beta", parameterArray(block, "beta")));
    }

    @Test
    void manualBackwardMatchesCentralDifferences() {
        Random random = new Random(22);
        for (int repeat = 0; repeat < 3; repeat++) {
            int batch = 64 + random.nextInt(192); // 64..255
            int features = 4 + random.nextInt(6); // 4..9
            String sizes = "batch " + batch + ", features " + features;
            double[] gamma = courseGamma(features);
            double[] beta = courseBeta(features);
            double[] x = gaussian(random, batch * features, 10, 2);
            double[] w = gaussian(random, batch * features, 1);

            Run manual = backward(block("manual", batch, gamma, beta), x, w);

            // numeric gradients of L = sum(y w): plain-Java forward, every element of x, gamma and beta
            double[][] inputs = {x, gamma, beta};
            Function<double[][], double[]> reference = v -> forward(v[0], v[1], v[2]);
            assertClose(sizes + ": dx manual vs numeric", differences(inputs, 0, reference, w), manual.dx(),
                    1e-5, 1e-3);
            assertClose(sizes + ": dgamma manual vs numeric", differences(inputs, 1, reference, w), manual.dGamma(),
                    1e-5, 1e-3);
            assertClose(sizes + ": dbeta manual vs numeric", differences(inputs, 2, reference, w), manual.dBeta(),
                    1e-5, 1e-3);
        }
    }

    // ---- 3. hand-written backward vs autograd ------------------------------------------------

    @Test
    void manualBackwardMatchesAutograd() {
        Random random = new Random(33);
        for (int repeat = 0; repeat < 3; repeat++) {
            int batch = 64 + random.nextInt(192);
            int features = 4 + random.nextInt(6);
            String sizes = "batch " + batch + ", features " + features;
            double[] gamma = repeat == 0 ? courseGamma(features) : gaussian(random, features, 2);
            double[] beta = repeat == 0 ? courseBeta(features) : gaussian(random, features, 50);
            double[] x = gaussian(random, batch * features, -4, 3);
            double[] w = gaussian(random, batch * features, 0.5, 1);

            Run manual = backward(block("manual", batch, gamma, beta), x, w);
            Run autograd = backward(block("autograd", batch, gamma, beta), x, w);

            assertClose(sizes + ": y manual vs autograd", autograd.y(), manual.y(), 1e-10, 1e-12);
            assertClose(sizes + ": dx manual vs autograd", autograd.dx(), manual.dx(), 1e-6, 0);
            assertClose(sizes + ": dgamma manual vs autograd", autograd.dGamma(), manual.dGamma(), 1e-6, 0);
            assertClose(sizes + ": dbeta manual vs autograd", autograd.dBeta(), manual.dBeta(), 1e-6, 0);
        }
    }

    /**
     * The block's input is usually an intermediate (a Linear's output), not a leaf: dx must flow on
     * into whatever produced it. Here x = 3 * leaf + 1, so d leaf = 3 dx, compared with autograd.
     */
    @Test
    void manualBackwardReachesTheLayersBeforeTheBlock() {
        Random random = new Random(34);
        int batch = 50;
        int features = 5;
        double[] gamma = courseGamma(features);
        double[] beta = courseBeta(features);
        double[] x = gaussian(random, batch * features, 10, 2);
        double[] w = gaussian(random, batch * features, 1);
        double[][] leafGradients = new double[2][];
        String[] kinds = {"autograd", "manual"};
        for (int k = 0; k < 2; k++) {
            CustomBatchNorm block = block(kinds[k], batch, gamma, beta);
            NDArray leaf = array(manager, x, batch, features);
            leaf.setRequiresGradient(true);
            NDArray wArray = array(manager, w, batch, features);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray intermediate = leaf.mul(3).add(1);
                backwardThrough(block, collector, apply(block, intermediate, true).mul(wArray).sum());
            }
            leafGradients[k] = gradient(kinds[k] + ": leaf before the block", leaf);
        }
        // the block sees 3x + 1: its dx there, times 3, is the leaf's gradient
        double[] seen = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            seen[i] = x[i] * 3 + 1;
        }
        Run direct = backward(block("autograd", batch, gamma, beta), seen, w);
        double[] expected = direct.dx().clone();
        for (int i = 0; i < expected.length; i++) {
            expected[i] *= 3;
        }
        assertClose("autograd: d leaf = 3 dx", expected, leafGradients[0], 1e-9, 1e-9);
        assertClose("manual: d leaf = 3 dx", expected, leafGradients[1], 1e-9, 1e-9);
    }

    /**
     * A constant input (no gradient, no gradient function): autograd has nowhere to send dx, which
     * the splice drops as autograd does, and dgamma and dbeta still arrive, equal to autograd's.
     */
    @Test
    void manualBackwardOfAConstantInputStillDeliversTheParameterGradients() {
        Random random = new Random(35);
        int batch = 30;
        int features = 4;
        double[] gamma = courseGamma(features);
        double[] beta = courseBeta(features);
        double[] x = gaussian(random, batch * features, 10, 2);
        double[] w = gaussian(random, batch * features, 1);
        double[][][] parameterGradients = new double[2][][];
        String[] kinds = {"autograd", "manual"};
        for (int k = 0; k < 2; k++) {
            CustomBatchNorm block = block(kinds[k], batch, gamma, beta);
            NDArray constant = array(manager, x, batch, features);
            NDArray wArray = array(manager, w, batch, features);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                backwardThrough(block, collector, apply(block, constant.mul(2), true).mul(wArray).sum());
            }
            assertFalse(constant.hasGradient(), kinds[k] + ": the constant input gained a gradient");
            parameterGradients[k] = new double[][] {
                gradient(kinds[k] + ": gamma", parameterArray(block, "gamma")),
                gradient(kinds[k] + ": beta", parameterArray(block, "beta"))
            };
        }
        assertClose("dgamma manual vs autograd", parameterGradients[0][0], parameterGradients[1][0], 1e-9, 1e-12);
        assertClose("dbeta manual vs autograd", parameterGradients[0][1], parameterGradients[1][1], 1e-9, 1e-12);
    }

    // ---- 5. running statistics, evaluation mode, plain forward --------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"autograd", "manual"})
    void runningStatisticsFollowPyTorchsRecurrenceAndDriveEvaluation(String kind) {
        Random random = new Random(55);
        int batch = 40;
        int features = 6;
        double[] gamma = gaussian(random, features, 1, 2);
        double[] beta = gaussian(random, features, 5);
        CustomBatchNorm block = block(kind, batch, gamma, beta);
        NDArray runningMean = parameterArray(block, "runningMean");
        NDArray runningVar = parameterArray(block, "runningVar");
        assertFalse(block.getParameters().get("runningMean").requiresGradient());
        assertFalse(block.getParameters().get("runningVar").requiresGradient());
        assertClose(kind + ": initial running mean", new double[features], runningMean.toDoubleArray(), 0, 0);
        double[] ones = new double[features];
        Arrays.fill(ones, 1);
        assertClose(kind + ": initial running var", ones, runningVar.toDoubleArray(), 0, 0);

        double[] expectedMean = new double[features];
        double[] expectedVar = ones.clone();
        for (int step = 1; step <= 2; step++) {
            double[] x = gaussian(random, batch * features, 10 * step, 2 + step);
            NDArray y = apply(block, array(manager, x, batch, features), true); // outside any collector
            assertFalse(y.hasGradient(), kind + ": a forward outside a collector records no graph");
            if (block instanceof BatchNormManual manual) {
                assertEquals(0, manual.splice().waiting(),
                        "a training forward outside a collector must not wait for a backward");
            }
            double[] batchMean = columnMean(x, features);
            double[] unbiased = columnVariance(x, features, 1);
            for (int j = 0; j < features; j++) {
                expectedMean[j] = (1 - MOMENTUM) * expectedMean[j] + MOMENTUM * batchMean[j];
                expectedVar[j] = (1 - MOMENTUM) * expectedVar[j] + MOMENTUM * unbiased[j];
            }
            assertClose(kind + ": running mean after step " + step, expectedMean, runningMean.toDoubleArray(), 1e-12, 1e-12);
            assertClose(kind + ": running var after step " + step, expectedVar, runningVar.toDoubleArray(), 1e-12, 1e-12);
        }

        // evaluation: normalize with the running statistics, which stay as they are
        double[] x = gaussian(random, 7 * features, 15, 4);
        double[] meanBefore = runningMean.toDoubleArray();
        double[] varBefore = runningVar.toDoubleArray();
        double[] expected = affine(x, meanBefore, varBefore, gamma, beta);
        double[] actual;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            actual = apply(block, array(manager, x, 7, features), false).toDoubleArray();
            if (block instanceof BatchNormManual manual) {
                assertEquals(0, manual.splice().waiting(), "an evaluation forward records no backward");
            }
        }
        assertClose(kind + ": evaluation output", expected, actual, 1e-10, 1e-12);
        // a single row is a valid evaluation batch
        double[] one = Arrays.copyOfRange(x, 3 * features, 4 * features);
        double[] single = apply(block, array(manager, one, 1, features), false).toDoubleArray();
        assertClose(kind + ": evaluation of one row", Arrays.copyOfRange(expected, 3 * features, 4 * features), single,
                1e-10, 1e-12);
        assertClose(kind + ": running mean unchanged by evaluation", meanBefore, runningMean.toDoubleArray(), 0, 0);
        assertClose(kind + ": running var unchanged by evaluation", varBefore, runningVar.toDoubleArray(), 0, 0);
    }

    @Test
    void manualTrainingForwardInsideCollectorWaitsForItsBackward() {
        Random random = new Random(56);
        double[] x = gaussian(random, 10 * 3, 1);
        BatchNormManual block = (BatchNormManual) block("manual", 10, courseGamma(3), courseBeta(3));
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray y1 = apply(block, array(manager, x, 10, 3), true);
            NDArray y2 = apply(block, array(manager, x, 10, 3), true);
            assertTrue(y1.hasGradient() && y2.hasGradient(), "outputs are gradient leaves");
            assertEquals(2, block.splice().waiting());
            block.splice().backward(collector, y1.add(y2).sum());
            assertEquals(0, block.splice().waiting());
        }
        // two forwards, one backward: gradients add up. dbeta = 2 * batch for L = sum(y1 + y2)
        double[] dBeta = gradient("beta", parameterArray(block, "beta"));
        assertClose("dbeta of two spliced forwards", new double[] {20, 20, 20}, dBeta, 1e-12, 0);
    }

    // ---- 6. input errors ----------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"autograd", "manual"})
    void wrongInputsAreRejectedWithTheirShapes(String kind) {
        int features = 5;
        CustomBatchNorm block = block(kind, 8, courseGamma(features), courseBeta(features));
        for (boolean training : new boolean[] {true, false}) {
            NDArray cube = manager.zeros(new Shape(8, features, 2), DataType.FLOAT64);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> apply(block, cube, training), kind + ": 3-D input");
            assertTrue(e.getMessage().contains("(8, 5, 2)"), "actual shape in: " + e.getMessage());
            assertTrue(e.getMessage().contains("(batch, features)"), "expected shape in: " + e.getMessage());

            NDArray wide = manager.zeros(new Shape(8, features + 1), DataType.FLOAT64);
            e = assertThrows(IllegalArgumentException.class,
                    () -> apply(block, wide, training), kind + ": one feature too many");
            assertTrue(e.getMessage().contains("(8, 6)"), "actual shape in: " + e.getMessage());
            assertTrue(e.getMessage().contains(features + " features"), "expected features in: " + e.getMessage());
        }
        NDArray row = manager.ones(new Shape(1, features), DataType.FLOAT64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> apply(block, row, true), kind + ": training batch of one row");
        assertTrue(e.getMessage().contains("(1, 5)"), "actual shape in: " + e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> newBlock(kind, 0));
    }

    /** Same eps as the blocks: a (B,F) column of constant x normalizes to beta, not NaN. */
    @ParameterizedTest
    @ValueSource(strings = {"autograd", "manual"})
    void constantColumnNormalizesToBeta(String kind) {
        // column 0 constant at 7; column 1 is 3, 1, 1, 1
        double[] x = {7, 3, 7, 1, 7, 1, 7, 1};
        double[] gamma = {2, 3};
        double[] beta = {-1, 4};
        double[] y = apply(block(kind, 4, gamma, beta), array(manager, x, 4, 2), true).toDoubleArray();
        assertClose(kind + ": constant column", forward(x, gamma, beta), y, 1e-9, 1e-12);
        assertEquals(-1, y[0], 0, "constant column gives beta");
    }
}
