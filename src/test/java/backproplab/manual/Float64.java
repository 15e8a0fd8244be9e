package backproplab.manual;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/** float64 arrays from Java doubles and back, so tests compute their expectations in plain Java. */
final class Float64 {

    private Float64() {}

    static NDArray array(NDManager manager, double[] values, long... shape) {
        NDArray array = manager.create(values, new Shape(shape));
        if (array.getDataType() != DataType.FLOAT64) {
            throw new AssertionError("expected a float64 array, got " + array.getDataType());
        }
        return array;
    }

    static double[] values(NDArray array) {
        return array.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    static double[] gaussian(Random random, int n, double std) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = std * random.nextGaussian();
        }
        return values;
    }

    /** Row-wise softmax of a (rows, columns) row-major matrix, in Java. */
    static double[] softmax(double[] logits, int rows, int columns) {
        double[] p = new double[logits.length];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < columns; c++) {
                max = Math.max(max, logits[r * columns + c]);
            }
            double sum = 0;
            for (int c = 0; c < columns; c++) {
                p[r * columns + c] = Math.exp(logits[r * columns + c] - max);
                sum += p[r * columns + c];
            }
            for (int c = 0; c < columns; c++) {
                p[r * columns + c] /= sum;
            }
        }
        return p;
    }

    /** (rows, classes) row-major one-hot rows with a uniformly random class each. */
    static double[] randomOneHot(Random random, int rows, int classes) {
        double[] y = new double[rows * classes];
        for (int r = 0; r < rows; r++) {
            y[r * classes + random.nextInt(classes)] = 1;
        }
        return y;
    }
}
