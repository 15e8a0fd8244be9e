package backproplab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import backproplab.manual.ManualSgd;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Section 1's fused SGD step gives libtorch's mul then sub bit for bit: whole vectors and the
 * scalar rest, with zeros, signed zeros, denormals, huge and tiny values among the elements.
 */
class FusedDescentTest {

    @Test
    void movesEachWeightAsLibtorchsMulThenSub() {
        Random random = new Random(11);
        // 37 x 29 = 1073 elements: whole vectors of 16 or 8, then a scalar rest.
        int rows = 37;
        int columns = 29;
        float[] weights = values(random, rows * columns);
        float[] gradients = values(random, rows * columns);
        double learningRate = 2e-3;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray byLibtorch = manager.create(weights, new Shape(rows, columns));
            NDArray fused = manager.create(weights, new Shape(rows, columns));
            NDArray gradient = manager.create(gradients, new Shape(rows, columns));
            ManualSgd.Descent.NDARRAY.step(byLibtorch, gradient, learningRate);
            new FusedDescent().step(fused, gradient, learningRate);

            assertArrayEquals(bits(byLibtorch.toFloatArray()), bits(fused.toFloatArray()));
            assertArrayEquals(bits(gradients), bits(gradient.toFloatArray()), "the gradient must stay as it was");
        }
    }

    @Test
    void float64ArraysTakeTheNdArrayPath() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(new double[] {1, 2, 3});
            NDArray gradient = manager.create(new double[] {0.5, -0.5, 1e-300});
            new FusedDescent().step(weight, gradient, 0.1);
            assertEquals(DataType.FLOAT64, weight.getDataType());
            assertArrayEquals(new double[] {1 - 0.1 * 0.5, 2 + 0.1 * 0.5, 3 - 0.1 * 1e-300}, weight.toDoubleArray(),
                    0.0);
        }
    }

    /** Mostly gaussian values of several scales, with every kind of value that rounds unlike the rest. */
    private static float[] values(Random random, int size) {
        float[] special = {0f, -0f, Float.MIN_VALUE, -Float.MIN_NORMAL / 3, 1e-38f, 3e38f, -3e38f, 1e-30f};
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = i % 7 == 0
                    ? special[random.nextInt(special.length)]
                    : (float) (random.nextGaussian() * Math.pow(10, random.nextInt(9) - 6));
        }
        return values;
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
