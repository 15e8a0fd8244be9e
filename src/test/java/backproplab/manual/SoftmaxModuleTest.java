package backproplab.manual;

import static backproplab.gradcheck.Numeric.array;
import static backproplab.gradcheck.Numeric.differences;
import static backproplab.gradcheck.Numeric.evaluate;
import static backproplab.gradcheck.Numeric.gaussian;
import static backproplab.gradcheck.Numeric.values;
import static backproplab.manual.GradientCheck.assertRelativeError;

import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The course's SoftMax check: batch 1-19, classes 1-99; dx vs central differences within 1e-5. */
class SoftmaxModuleTest {

    @Test
    void backwardMatchesCentralDifferences() {
        Random random = new Random(44);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int repetition = 0; repetition < 10; repetition++) {
                int batch = 1 + random.nextInt(19);
                int classes = 1 + random.nextInt(99);
                double[] x = gaussian(random, batch * classes, 1);
                double[] dout = gaussian(random, batch * classes, 1);
                String where = String.format("repetition %d (B=%d, C=%d): ", repetition, batch, classes);

                double[] dx;
                try (NDManager step = manager.newSubManager()) {
                    SoftmaxModule softmax = new SoftmaxModule();
                    softmax.forward(array(step, x, batch, classes));
                    dx = values(softmax.backward(array(step, dout, batch, classes)));
                }
                double[] numericDx = differences(new double[][] {x}, 0, v -> evaluate(manager, s ->
                        new SoftmaxModule().forward(array(s, v[0], batch, classes))), dout);

                assertRelativeError(where + "dx", new long[] {batch, classes}, dx, numericDx, 1e-5);
            }
        }
    }
}
