package backproplab.gradcheck;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import java.util.function.Function;

/**
 * The gradient-check toolkit that {@code -Dexp=gradcheck} and the tests share: central
 * differences in float64, DJL autograd of a reference forward, the relative error between them,
 * float64 arrays from Java doubles and back, and seeded inputs.
 */
public final class Numeric {

    /** The step of the central differences: float64 rounding and the O(h^2) error balance near it. */
    public static final double H = 1e-5;

    private Numeric() {}

    /**
     * The gradient of sum(f(inputs) * dout) with respect to {@code inputs[which]} by central
     * differences, one element at a time. Outputs are differenced element by element before they
     * are weighted and summed: the difference of two large sums would keep their rounding.
     */
    public static double[] differences(double[][] inputs, int which, Function<double[][], double[]> f, double[] dout) {
        double[][] point = inputs.clone();
        double[] at = inputs[which];
        double[] varied = at.clone();
        point[which] = varied;
        double[] gradient = new double[at.length];
        for (int i = 0; i < at.length; i++) {
            varied[i] = at[i] + H;
            double[] plus = f.apply(point);
            varied[i] = at[i] - H;
            double[] minus = f.apply(point);
            varied[i] = at[i];
            double sum = 0;
            for (int j = 0; j < dout.length; j++) {
                sum += (plus[j] - minus[j]) * dout[j];
            }
            gradient[i] = sum / (2 * H);
        }
        return gradient;
    }

    /** The gradients of sum(f(inputs) * dout) with respect to every input, by DJL autograd. */
    public static double[][] autograd(NDManager parent, double[][] inputs, long[][] shapes,
            Function<NDList, NDArray> f, double[] dout, long[] outputShape) {
        try (NDManager scratch = parent.newSubManager()) {
            NDList arrays = new NDList();
            for (int i = 0; i < inputs.length; i++) {
                NDArray a = array(scratch, inputs[i], shapes[i]);
                a.setRequiresGradient(true);
                arrays.add(a);
            }
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray output = f.apply(arrays);
                collector.backward(output.mul(scratch.create(dout, new Shape(outputShape))).sum());
            }
            double[][] gradients = new double[inputs.length][];
            for (int i = 0; i < inputs.length; i++) {
                gradients[i] = values(arrays.get(i).getGradient());
            }
            return gradients;
        }
    }

    /** The largest relative error over the elements, CS231n's |a - b| / max(|a|, |b|), 0 where both are 0. */
    public static double error(double[] a, double[] b) {
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            double scale = Math.max(Math.abs(a[i]), Math.abs(b[i]));
            double e = scale == 0 ? 0 : Math.abs(a[i] - b[i]) / scale;
            // NaN (a gradient that is not a number) is the worst error there is.
            worst = Double.isNaN(e) ? Double.POSITIVE_INFINITY : Math.max(worst, e);
        }
        return worst;
    }

    /** The values of an output built in a throw-away manager, so that thousands of calls stay flat. */
    public static double[] evaluate(NDManager parent, Function<NDManager, NDArray> output) {
        try (NDManager scratch = parent.newSubManager()) {
            return values(output.apply(scratch));
        }
    }

    /** A float64 array of these values and shape. */
    public static NDArray array(NDManager manager, double[] values, long... shape) {
        return manager.create(values, new Shape(shape));
    }

    /** An array's values as float64. */
    public static double[] values(NDArray array) {
        return array.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    /** n values std * N(0, 1), drawn in order from {@code random}. */
    public static double[] gaussian(Random random, int n, double std) {
        return gaussian(random, n, 0, std);
    }

    /** n values mean + std * N(0, 1), drawn in order from {@code random}. */
    public static double[] gaussian(Random random, int n, double mean, double std) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = mean + std * random.nextGaussian();
        }
        return values;
    }

    /** Gaussian values at least 0.1 from 0: a central difference across ReLU's kink would be wrong, not the code. */
    public static double[] awayFromZero(Random random, int n) {
        double[] values = gaussian(random, n, 1);
        for (int i = 0; i < n; i++) {
            values[i] = Math.copySign(0.1 + Math.abs(values[i]), values[i]);
        }
        return values;
    }

    /** (rows, classes) row-major one-hot rows with a uniformly random class each. */
    public static double[] oneHot(Random random, int rows, int classes) {
        double[] y = new double[rows * classes];
        for (int i = 0; i < rows; i++) {
            y[i * classes + random.nextInt(classes)] = 1;
        }
        return y;
    }
}
