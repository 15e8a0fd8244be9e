package backproplab.manual;

import static backproplab.gradcheck.Numeric.array;
import static backproplab.gradcheck.Numeric.gaussian;
import static backproplab.gradcheck.Numeric.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One SGD step moves W and b by exactly -lr times their gradients, in place. */
class ManualSgdTest {

    @Test
    void stepSubtractsLearningRateTimesGradientInPlace() {
        Random random = new Random(47);
        int batch = 5;
        int in = 6;
        int out = 3;
        double learningRate = 0.05;
        try (NDManager model = NDManager.newBaseManager()) {
            double[] w = gaussian(random, out * in, 1);
            double[] b = gaussian(random, out, 1);
            NDArray weight = array(model, w, out, in);
            NDArray bias = array(model, b, out);
            LinearModule linear = new LinearModule(weight, bias);
            ManualSgd sgd = new ManualSgd(List.of(linear), learningRate);

            try (NDManager step = model.newSubManager()) {
                linear.forward(array(step, gaussian(random, batch * in, 1), batch, in));
                linear.backward(array(step, gaussian(random, batch * out, 1), batch, out));
                double[] dW = values(linear.weightGradient());
                double[] db = values(linear.biasGradient());
                sgd.step();

                assertSame(weight, linear.weight(), "SGD must update W in place");
                assertSame(bias, linear.bias(), "SGD must update b in place");
                // Same IEEE operations as libtorch's mul then sub in float64, so equality is exact.
                assertArrayEquals(minusScaled(w, learningRate, dW), values(weight), 0.0, "W after one step");
                assertArrayEquals(minusScaled(b, learningRate, db), values(bias), 0.0, "b after one step");
                assertArrayEquals(dW, values(linear.weightGradient()), 0.0, "step must leave dW as it was");
            }
        }
    }

    private static double[] minusScaled(double[] p, double learningRate, double[] g) {
        double[] result = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            result[i] = p[i] - learningRate * g[i];
        }
        return result;
    }
}
