package backproplab.manual;

import static backproplab.gradcheck.Numeric.array;
import static backproplab.gradcheck.Numeric.differences;
import static backproplab.gradcheck.Numeric.evaluate;
import static backproplab.gradcheck.Numeric.gaussian;
import static backproplab.gradcheck.Numeric.values;
import static backproplab.manual.GradientCheck.assertRelativeError;

import ai.djl.ndarray.NDManager;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The course's Linear check: batch 1-19, in 1-99, out 1-9; dx, dW and db vs central differences. */
class LinearModuleTest {

    @Test
    void backwardMatchesCentralDifferences() {
        Random random = new Random(42);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int repetition = 0; repetition < 10; repetition++) {
                int batch = 1 + random.nextInt(19);
                int in = 1 + random.nextInt(99);
                int out = 1 + random.nextInt(9);
                // Weights of unit scale: at the course's 1e-4 init dx would be too small to compare well.
                double[] x = gaussian(random, batch * in, 1);
                double[] w = gaussian(random, out * in, 1);
                double[] b = gaussian(random, out, 1);
                double[] dout = gaussian(random, batch * out, 1);
                String where = String.format("repetition %d (B=%d, in=%d, out=%d): ", repetition, batch, in, out);

                double[] dx;
                double[] dW;
                double[] db;
                try (NDManager step = manager.newSubManager()) {
                    LinearModule linear = new LinearModule(array(step, w, out, in), array(step, b, out));
                    linear.forward(array(step, x, batch, in));
                    dx = values(linear.backward(array(step, dout, batch, out)));
                    dW = values(linear.weightGradient());
                    db = values(linear.biasGradient());
                }

                double[][] inputs = {x, w, b};
                Function<double[][], double[]> forward = v -> evaluate(manager, s -> new LinearModule(
                        array(s, v[1], out, in), array(s, v[2], out)).forward(array(s, v[0], batch, in)));
                double[] numericDx = differences(inputs, 0, forward, dout);
                double[] numericDw = differences(inputs, 1, forward, dout);
                double[] numericDb = differences(inputs, 2, forward, dout);

                assertRelativeError(where + "dx", new long[] {batch, in}, dx, numericDx, 1e-5);
                assertRelativeError(where + "dW", new long[] {out, in}, dW, numericDw, 1e-5);
                assertRelativeError(where + "db", new long[] {out}, db, numericDb, 1e-5);
            }
        }
    }
}
