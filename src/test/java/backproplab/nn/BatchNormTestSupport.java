package backproplab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Random;

/**
 * Helpers of the batch-norm tests: a plain-Java float64 batch norm (independent of DJL, the
 * reference for finite differences and hand-computed statistics), array conversions and
 * in-place parameter assignment.
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

    // ---- plain Java batch norm -------------------------------------------------------------

    static double[] columnMean(double[][] x) {
        int f = x[0].length;
        double[] mean = new double[f];
        for (double[] row : x) {
            for (int j = 0; j < f; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < f; j++) {
            mean[j] /= x.length;
        }
        return mean;
    }

    /** Sum of squared deviations from the column mean, divided by {@code rows - ddof}. */
    static double[] columnVariance(double[][] x, int ddof) {
        double[] mean = columnMean(x);
        int f = x[0].length;
        double[] var = new double[f];
        for (double[] row : x) {
            for (int j = 0; j < f; j++) {
                double d = row[j] - mean[j];
                var[j] += d * d;
            }
        }
        for (int j = 0; j < f; j++) {
            var[j] /= x.length - ddof;
        }
        return var;
    }

    /** Training-mode batch norm: y = gamma (x - mean) / sqrt(biasedVar + eps) + beta. */
    static double[][] forward(double[][] x, double[] gamma, double[] beta) {
        double[] mean = columnMean(x);
        double[] var = columnVariance(x, 0);
        return affine(x, mean, var, gamma, beta);
    }

    /** gamma (x - mean) / sqrt(var + eps) + beta with the given statistics (evaluation mode). */
    static double[][] affine(double[][] x, double[] mean, double[] var, double[] gamma, double[] beta) {
        int f = gamma.length;
        double[][] y = new double[x.length][f];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < f; j++) {
                y[i][j] = gamma[j] * (x[i][j] - mean[j]) / Math.sqrt(var[j] + EPS) + beta[j];
            }
        }
        return y;
    }

    /**
     * Central difference of L = sum(y w) between two outputs: sum((yPlus - yMinus) w) / 2h. Summing
     * the differences (instead of subtracting two large sums) keeps the rounding error small.
     */
    static double centralDifference(double[][] yPlus, double[][] yMinus, double[][] w, double h) {
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            for (int j = 0; j < w[i].length; j++) {
                s += (yPlus[i][j] - yMinus[i][j]) * w[i][j];
            }
        }
        return s / (2 * h);
    }

    // ---- random data and conversions ---------------------------------------------------------

    /** scale * N(0,1) + shift, seeded. */
    static double[][] randn(Random random, int rows, int cols, double scale, double shift) {
        double[][] a = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                a[i][j] = scale * random.nextGaussian() + shift;
            }
        }
        return a;
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

    static double[] flatten(double[][] a) {
        int cols = a[0].length;
        double[] flat = new double[a.length * cols];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, flat, i * cols, cols);
        }
        return flat;
    }

    static double[][] unflatten(double[] flat, int rows, int cols) {
        assertEquals(rows * cols, flat.length, "array size");
        double[][] a = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(flat, i * cols, a[i], 0, cols);
        }
        return a;
    }

    /** A float64 (rows, cols) array. */
    static NDArray create(NDManager manager, double[][] a) {
        return manager.create(flatten(a), new Shape(a.length, a[0].length));
    }

    static double[][] toMatrix(NDArray array) {
        Shape s = array.getShape();
        assertEquals(2, s.dimension(), "expected a matrix, got " + s);
        return unflatten(array.toDoubleArray(), (int) s.get(0), (int) s.get(1));
    }

    // ---- parameters ----------------------------------------------------------------------------

    static Parameter parameter(Block block, String name) {
        Parameter p = block.getParameters().get(name);
        if (p == null) {
            fail("no parameter '" + name + "' in " + block.getParameters().keys());
        }
        return p;
    }

    static NDArray array(Block block, String name) {
        return parameter(block, name).getArray();
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

    /** The course's relative error max(|a-b| / max(1e-8, |a|+|b|)). */
    static double relativeError(double[] a, double[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1e-8, Math.abs(a[i]) + Math.abs(b[i])));
        }
        return worst;
    }

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
                            + " course relative error over all elements %.3g",
                    what, worst, actual[worst], expected[worst], Math.abs(actual[worst] - expected[worst]),
                    atol, rtol, relativeError(actual, expected)));
        }
    }
}
