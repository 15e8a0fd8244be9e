package backproplab.batchnorm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import backproplab.gradcheck.GradCheck;
import backproplab.gradcheck.HandWritten;
import org.junit.jupiter.api.Test;

/** -Dexp=gradcheck finds the classic batch-norm bug: the variance over B-1 in the manual forward. */
class BatchNormGradCheckTest {

    /** The manual batch norm's forward with the unbiased variance, its backward (which assumes the biased one) as it is. */
    private static BatchNormManual.Cache unbiased(NDArray x, NDArray gamma, NDArray beta) {
        long batch = x.getShape().get(0);
        NDArray mean = x.mean(new int[] {0});
        NDArray centered = x.sub(mean);
        NDArray variance = centered.square().sum(new int[] {0}).div(batch - 1);
        NDArray invStd = variance.add(CustomBatchNorm.EPSILON).sqrt().pow(-1);
        NDArray xHat = centered.mul(invStd);
        NDArray y = xHat.mul(gamma).add(beta);
        return new BatchNormManual.Cache(x, xHat, invStd, gamma, beta, y, mean, variance);
    }

    @Test
    void aVarianceOverBMinusOneShowsInDx() {
        HandWritten buggy = new HandWritten() {
            @Override
            public NDArray batchNormForward(NDArray x, NDArray gamma, NDArray beta) {
                return unbiased(x, gamma, beta).y();
            }

            @Override
            public NDArray[] batchNormGradients(NDArray x, NDArray gamma, NDArray beta, NDArray dy) {
                BatchNormManual.Gradients g = BatchNormManual.backward(unbiased(x, gamma, beta), dy);
                return new NDArray[] {g.dx(), g.dGamma(), g.dBeta()};
            }
        };
        try (NDManager manager = NDManager.newBaseManager()) {
            for (GradCheck.Row row : GradCheck.rows(buggy, manager)) {
                if (row.module().equals("BatchNorm") && row.quantity().equals("dx")) {
                    assertEquals("WRONG", row.verdict(), row.toString());
                } else if (!row.module().equals("BatchNorm")) {
                    assertTrue(!row.verdict().equals("WRONG"), row.toString());
                }
            }
        }
    }
}
