package backproplab.manual;

import static org.junit.jupiter.api.Assertions.fail;

import backproplab.gradcheck.Numeric;
import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * The course's gradient check on {@link Numeric}'s central differences: the gradient of a scalar
 * objective, and the course's relative error |a - n| / max(1e-8, |a| + |n|), in which the
 * modules' tolerances are stated (not {@link Numeric#error}'s |a - n| / max(|a|, |n|)).
 */
final class GradientCheck {

    private GradientCheck() {}

    /**
     * d objective / d at[i] for every i, by (f(at + h e_i) - f(at - h e_i)) / 2h. The objective
     * gets a working copy with one element perturbed (not to be kept); {@code at} is left unchanged.
     */
    static double[] numeric(double[] at, ToDoubleFunction<double[]> objective) {
        return Numeric.differences(new double[][] {at}, 0, inputs -> new double[] {objective.applyAsDouble(inputs[0])},
                new double[] {1});
    }

    static double relativeError(double analytic, double numeric) {
        return Math.abs(analytic - numeric) / Math.max(1e-8, Math.abs(analytic) + Math.abs(numeric));
    }

    /** Fails, naming the worst element, if the relative error exceeds {@code tolerance}. */
    static void assertRelativeError(String what, long[] shape, double[] analytic, double[] numeric, double tolerance) {
        assertClose(what, shape, analytic, numeric, tolerance, 0);
    }

    /**
     * Passes an element if its relative error is within {@code tolerance} or its absolute
     * difference within {@code absoluteTolerance}; fails naming the worst element that passes neither.
     */
    static void assertClose(String what, long[] shape, double[] analytic, double[] numeric,
            double tolerance, double absoluteTolerance) {
        if (analytic.length != numeric.length) {
            fail(what + ": analytic has " + analytic.length + " elements, numeric " + numeric.length);
        }
        int worst = -1;
        double worstError = -1;
        for (int i = 0; i < analytic.length; i++) {
            double error = relativeError(analytic[i], numeric[i]);
            boolean tiny = Math.abs(analytic[i] - numeric[i]) <= absoluteTolerance;
            // NaN compares false everywhere, so it is caught explicitly.
            boolean bad = Double.isNaN(error) || (error > tolerance && !tiny);
            if (bad && (worst < 0 || Double.isNaN(error) || error > worstError)) {
                worst = i;
                worstError = error;
            }
        }
        if (worst >= 0) {
            fail(String.format(
                    "%s%s (shape %s): analytic %.12g vs numeric %.12g, relative error %.3g > %.1g"
                            + " (absolute difference %.3g, allowed %.1g)",
                    what, Arrays.toString(index(worst, shape)), Arrays.toString(shape),
                    analytic[worst], numeric[worst], worstError, tolerance,
                    Math.abs(analytic[worst] - numeric[worst]), absoluteTolerance));
        }
    }

    /** The multi-index of a row-major flat index. */
    static long[] index(long flat, long[] shape) {
        long[] index = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }
}
