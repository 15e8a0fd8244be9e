package backproplab.batchnorm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import backproplab.gradcheck.Numeric;

/**
 * What the batch-norm tests share beyond {@link Numeric}: a plain-Java float64 batch norm on
 * row-major (rows, features) values (independent of DJL, the reference for finite differences and
 * hand-computed statistics), the course's gamma and beta, grad mode, in-place parameter assignment
 * and gradients, and an elementwise tolerance check.
 */
final class BatchNormTestSupport {

    /** The eps of the course and of PyTorch, as a double. */
    static final double EPS = 1e-5;
    /** PyTorch's momentum (weight of the new batch statistic), as a double. */
    static final double MOMENTUM = 0.1;

    private BatchNormTestSupport() {}

    /** Loads the engine and turns libtorch's grad mode off on this thread (collectors turn it on). */
    static void gradModeOff() {
        Engine.getInstance();
        JniUtils.setGradMode(false);
    }

    /** Fails if grad mode was left on: a previous collector was not closed, or another test leaked it. */
    static void assertGradModeOff() {
        assertFalse(JniUtils.isGradMode(), "grad mode is on outside a gradient collector");
    }

    // ---- plain Java batch norm on row-major (rows, features) values ----------------------------

    static double[] columnMean(double[] x, int features) {
        double[] mean = new double[features];
        int rows = x.length / features;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < features; j++) {
                mean[j] += x[i * features + j];
            }
        }
        for (int j = 0; j < features; j++) {
            mean[j] /= rows;
        }
        return mean;
    }

    /** Sum of squared deviations from the column mean, divided by {@code rows - ddof}. */
    static double[] columnVariance(double[] x, int features, int ddof) {
        double[] mean = columnMean(x, features);
        double[] var = new double[features];
        int rows = x.length / features;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < features; j++) {
                double d = x[i * features + j] - mean[j];
                var[j] += d * d;
            }
        }
        for (int j = 0; j < features; j++) {
            var[j] /= rows - ddof;
        }
        return var;
    }

    /** Training-mode batch norm: y = gamma (x - mean) / sqrt(biasedVar + eps) + beta. */
    static double[] forward(double[] x, double[] gamma, double[] beta) {
        double[] mean = columnMean(x, gamma.length);
        double[] var = columnVariance(x, gamma.length, 0);
        return affine(x, mean, var, gamma, beta);
    }

    /** gamma (x - mean) / sqrt(var + eps) + beta with the given statistics (evaluation mode). */
    static double[] affine(double[] x, double[] mean, double[] var, double[] gamma, double[] beta) {
        int f = gamma.length;
        double[] y = new double[x.length];
        for (int i = 0; i < x.length / f; i++) {
            for (int j = 0; j < f; j++) {
                y[i * f + j] = gamma[j] * (x[i * f + j] - mean[j]) / Math.sqrt(var[j] + EPS) + beta[j];
            }
        }
        return y;
    }

    /** gamma_j = sqrt(10 j), j = 1..F (the course's choice). */
    static double[] courseGamma(int features) {
        double[] g = new double[features];
        for (int j = 0; j < features; j++) {
            g[j] = Math.sqrt(10.0 * (j + 1));
        }
        return g;
    }

    /** beta_j = 100 j, j = 1..F (the course's choice). */
    static double[] courseBeta(int features) {
        double[] b = new double[features];
        for (int j = 0; j < features; j++) {
            b[j] = 100.0 * (j + 1);
        }
        return b;
    }

    // ---- parameters ----------------------------------------------------------------------------

    /** The array of a block's parameter, failing with the names there are if it has none of that name. */
    static NDArray parameterArray(Block block, String name) {
        Parameter p = block.getParameters().get(name);
        if (p == null) {
            fail("no parameter '" + name + "' in " + block.getParameters().keys());
        }
        return p.getArray();
    }

    /** Overwrites an existing (possibly gradient-requiring) array in place; grad mode must be off. */
    static void assign(NDArray target, double[] values) {
        assertGradModeOff();
        try (NDArray source = target.getManager().create(values, target.getShape())) {
            target.muli(0).addi(source);
        }
        assertEquals(values.length, target.size());
    }

    /**
     * The gradient of {@code array} after a backward. Before any backward reached the array, DJL
     * returns a placeholder of zeros in the default type (float32): caught here as "no gradient".
     */
    static double[] gradient(String what, NDArray array) {
        assertTrue(array.hasGradient(), what + " does not require a gradient");
        NDArray g = array.getGradient();
        assertEquals(array.getDataType(), g.getDataType(),
                what + " received no gradient (DJL returned its zero placeholder): the backward never reached it");
        return g.toDoubleArray();
    }

    /** Zeroes the gradient of every parameter that learns (no-op where no backward ran yet). */
    static void zeroGradients(Block block) {
        for (Parameter p : block.getParameters().values()) {
            if (p.requiresGradient()) {
                JniUtils.zeroGrad((PtNDArray) p.getArray());
            }
        }
    }

    // ---- comparisons ---------------------------------------------------------------------------

    /** Elementwise |actual - expected| <= atol + rtol |expected|; reports the worst element. */
    static void assertClose(String what, double[] expected, double[] actual, double atol, double rtol) {
        assertEquals(expected.length, actual.length, what + ": length");
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < expected.length; i++) {
            double bound = atol + rtol * Math.abs(expected[i]);
            double err = Math.abs(actual[i] - expected[i]);
            if (!(err <= bound) && (worst < 0 || err - bound > worstExcess)) {
                worst = i;
                worstExcess = err - bound;
            }
        }
        if (worst >= 0) {
            fail(String.format(
                    "%s: element %d is %.17g, expected %.17g (|diff| %.3g > atol %.1g + rtol %.1g |expected|);"
                            + " relative error over all elements %.3g",
                    what, worst, actual[worst], expected[worst], Math.abs(actual[worst] - expected[worst]),
                    atol, rtol, Numeric.error(actual, expected)));
        }
    }
}
