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

/** The course's ReLU check: batch 1-19, features 1-99; dx vs central differences within 1e-6. */
class ReluModuleTest {

    @Test
    void backwardMatchesCentralDifferences() {
        Random random = new Random(43);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int repetition = 0; repetition < 10; repetition++) {
                int batch = 1 + random.nextInt(19);
                int features = 1 + random.nextInt(99);
                double[] x = awayFromZero(gaussian(random, batch * features, 1), random);
                double[] dout = gaussian(random, batch * features, 1);
                String where = String.format("repetition %d (B=%d, n=%d): ", repetition, batch, features);

                double[] dx;
                try (NDManager step = manager.newSubManager()) {
                    ReluModule relu = new ReluModule();
                    relu.forward(array(step, x, batch, features));
                    dx = values(relu.backward(array(step, dout, batch, features)));
                }
                double[] numericDx = differences(new double[][] {x}, 0, v -> evaluate(manager, s ->
                        new ReluModule().forward(array(s, v[0], batch, features))), dout);

                assertRelativeError(where + "dx", new long[] {batch, features}, dx, numericDx, 1e-6);
            }
        }
    }

    /** Redraws values within 1e-3 of the kink, where x +- h would straddle it (h = 1e-5). */
    private static double[] awayFromZero(double[] x, Random random) {
        for (int i = 0; i < x.length; i++) {
            while (Math.abs(x[i]) <= 1e-3) {
                x[i] = random.nextGaussian();
            }
        }
        return x;
    }
}
