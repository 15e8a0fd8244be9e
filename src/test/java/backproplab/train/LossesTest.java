package backproplab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LossesTest {

    @Test
    void predictionsAreLibtorchsArgmaxTiesAndNanIncluded() {
        Random random = new Random(3);
        int rows = 400;
        int classes = 10;
        float[] values = new float[rows * classes];
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 1f};
        for (int i = 0; i < values.length; i++) {
            // Few distinct values, so that rows with ties are common; some special ones.
            values[i] = random.nextInt(8) == 0 ? specials[random.nextInt(specials.length)] : random.nextInt(4);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(values, new Shape(rows, classes));
            long[] expected = logits.argMax(1).toLongArray();
            int[] predicted = Losses.predictions(logits);
            int ties = 0;
            int nans = 0;
            for (int r = 0; r < rows; r++) {
                assertEquals(expected[r], predicted[r], "row " + r);
                int top = 0;
                for (int c = 0; c < classes; c++) {
                    float v = values[r * classes + c];
                    top += v == values[r * classes + predicted[r]] ? 1 : 0;
                    nans += Float.isNaN(v) && c == predicted[r] ? 1 : 0;
                }
                ties += top > 1 ? 1 : 0;
            }
            assertTrue(ties > 50 && nans > 20, "the data holds ties (" + ties + ") and NaN winners (" + nans + ")");

            long[] labels = new long[rows];
            for (int r = 0; r < rows; r++) {
                labels[r] = random.nextInt(classes);
            }
            long libtorchCorrect = logits.argMax(1).eq(manager.create(labels)).countNonzero().getLong();
            assertEquals(libtorchCorrect, Losses.correct(logits, labels));
            assertArrayEquals(new int[] {2, 0}, Losses.predictions(manager.create(new float[] {1, 3, 5, 9, 2, 7}, new Shape(2, 3))));
        }
    }
}
