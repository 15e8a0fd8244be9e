package backproplab.diagnostics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import backproplab.nn.Nonlinearity;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * The arithmetic of the layer statistics, in float64 over float32 values read in place: a sum of
 * squares of 8 million floats in float32 would lose the last digits of the result.
 */
public final class LayerStats {

    /**
     * Below this derivative a unit passes on less than a hundredth of the gradient that reaches it:
     * dead where it is so for the whole batch (a saturated tanh, |y| > 0.995; an ELU at x < -4.6; a
     * LeakyReLU's negative side only when its slope is below it). ReLU's derivative is 0 or 1: its
     * dead units are those that are 0 for the whole batch.
     */
    public static final double DEAD_DERIVATIVE = 0.01;

    private LayerStats() {}

    /** An array's values without a copy where libtorch allows it (a float32 array in one block). */
    static FloatBuffer floats(NDArray array) {
        if (array.getDataType() != DataType.FLOAT32) {
            return FloatBuffer.wrap(array.toType(DataType.FLOAT32, false).toFloatArray());
        }
        ByteBuffer bytes = array.toByteBuffer(true).order(ByteOrder.nativeOrder());
        if (bytes.isDirect() && bytes.capacity() == array.size() * Float.BYTES) {
            return bytes.asFloatBuffer();
        }
        return FloatBuffer.wrap(array.toFloatArray());
    }

    /** The Euclidean (Frobenius) norm. */
    public static double norm(FloatBuffer x) {
        double squares = 0;
        for (int i = 0, n = x.limit(); i < n; i++) {
            double v = x.get(i);
            squares += v * v;
        }
        return Math.sqrt(squares);
    }

    /** The standard deviation of all entries, divided by n (NumPy's default). */
    public static double std(FloatBuffer x) {
        int n = x.limit();
        double mean = mean(x);
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double d = x.get(i) - mean;
            squares += d * d;
        }
        return Math.sqrt(squares / n);
    }

    public static double mean(FloatBuffer x) {
        double sum = 0;
        for (int i = 0, n = x.limit(); i < n; i++) {
            sum += x.get(i);
        }
        return sum / x.limit();
    }

    /** The norm of {@code after - before}, over the norm of {@code before}. */
    public static double updateRatio(float[] before, FloatBuffer after) {
        if (before.length != after.limit()) {
            throw new IllegalArgumentException(before.length + " values before the update, " + after.limit() + " after");
        }
        double change = 0;
        double size = 0;
        for (int i = 0; i < before.length; i++) {
            double d = (double) after.get(i) - before[i];
            change += d * d;
            size += (double) before[i] * before[i];
        }
        return Math.sqrt(change) / Math.sqrt(size);
    }

    /**
     * An activation's output's statistics.
     *
     * @param shape (B, units) or (B, channels, ...): a unit is dead when the activation's
     *     derivative there is below {@link #DEAD_DERIVATIVE} for every image (and, for a
     *     convolution's channel, at every position); for ReLU, when it is 0 for every image
     * @param nonlinearity what computed it, which tells its derivative from its output
     */
    public static ActivationStats activation(int step, String layer, FloatBuffer values, long[] shape,
            Nonlinearity nonlinearity) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("an activation has a batch and a unit dimension, got "
                    + shape.length + " dimension(s)");
        }
        int batch = Math.toIntExact(shape[0]);
        int units = Math.toIntExact(shape[1]);
        int inner = values.limit() / (batch * units);
        boolean[] alive = new boolean[units];
        long zeros = 0;
        for (int b = 0; b < batch; b++) {
            for (int u = 0; u < units; u++) {
                int from = (b * units + u) * inner;
                for (int k = from; k < from + inner; k++) {
                    float value = values.get(k);
                    if (value == 0) {
                        zeros++;
                    }
                    // Written so that a NaN output counts as alive, as a ReLU's did when only its zeros counted.
                    if (!alive[u] && !(nonlinearity.derivativeAt(value) < DEAD_DERIVATIVE)) {
                        alive[u] = true;
                    }
                }
            }
        }
        int dead = 0;
        for (boolean a : alive) {
            dead += a ? 0 : 1;
        }
        return new ActivationStats(step, layer, mean(values), std(values), (double) zeros / values.limit(),
                (double) dead / units);
    }
}
