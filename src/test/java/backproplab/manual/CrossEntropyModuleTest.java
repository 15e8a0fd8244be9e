package backproplab.manual;

import static backproplab.gradcheck.Numeric.array;
import static backproplab.gradcheck.Numeric.gaussian;
import static backproplab.gradcheck.Numeric.oneHot;
import static backproplab.gradcheck.Numeric.values;
import static backproplab.manual.GradientCheck.assertRelativeError;
import static backproplab.manual.GradientCheck.numeric;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The course's cross-entropy check, and softmax + cross-entropy against the fused closed form. */
class CrossEntropyModuleTest {

    @Test
    void backwardMatchesCentralDifferences() {
        Random random = new Random(45);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int repetition = 0; repetition < 10; repetition++) {
                int batch = 1 + random.nextInt(99);
                int classes = 1 + random.nextInt(9);
                double[] p = softmax(gaussian(random, batch * classes, 1), batch, classes);
                double[] y = oneHot(random, batch, classes);
                String where = String.format("repetition %d (B=%d, C=%d): ", repetition, batch, classes);

                double[] dp;
                try (NDManager step = manager.newSubManager()) {
                    CrossEntropyModule crossEntropy = new CrossEntropyModule();
                    crossEntropy.forward(array(step, p, batch, classes), array(step, y, batch, classes));
                    dp = values(crossEntropy.backward());
                }
                double[] numericDp = numeric(p, ps -> loss(manager, ps, y, batch, classes));

                assertRelativeError(where + "dL/dp", new long[] {batch, classes}, dp, numericDp, 1e-5);
            }
        }
    }

    @Test
    void softmaxThenCrossEntropyGivesProbabilitiesMinusTargetsOverBatch() {
        Random random = new Random(46);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int repetition = 0; repetition < 10; repetition++) {
                int batch = 1 + random.nextInt(99);
                int classes = 1 + random.nextInt(9);
                double[] x = gaussian(random, batch * classes, 1);
                double[] y = oneHot(random, batch, classes);
                String where = String.format("repetition %d (B=%d, C=%d): ", repetition, batch, classes);

                double[] dx;
                try (NDManager step = manager.newSubManager()) {
                    SoftmaxModule softmax = new SoftmaxModule();
                    CrossEntropyModule crossEntropy = new CrossEntropyModule();
                    crossEntropy.forward(softmax.forward(array(step, x, batch, classes)), array(step, y, batch, classes));
                    dx = values(softmax.backward(crossEntropy.backward()));
                }
                double[] p = softmax(x, batch, classes);
                for (int i = 0; i < dx.length; i++) {
                    double expected = (p[i] - y[i]) / batch;
                    if (!(Math.abs(dx[i] - expected) <= 1e-9)) {
                        fail(String.format("%sdx%s: chained backward %.15g vs (p - y) / B = %.15g",
                                where, Arrays.toString(GradientCheck.index(i, new long[] {batch, classes})),
                                dx[i], expected));
                    }
                }
            }
        }
    }

    private static double loss(NDManager parent, double[] p, double[] y, int batch, int classes) {
        try (NDManager scratch = parent.newSubManager()) {
            return new CrossEntropyModule()
                    .forward(array(scratch, p, batch, classes), array(scratch, y, batch, classes))
                    .getDouble();
        }
    }

    /** Row-wise softmax of a (rows, columns) row-major matrix, in Java. */
    private static double[] softmax(double[] logits, int rows, int columns) {
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
}
