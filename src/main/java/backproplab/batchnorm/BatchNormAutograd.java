package backproplab.batchnorm;

import ai.djl.ndarray.NDArray;

/** Batch norm written as the report's four forward steps in NDArray ops; DJL autograd differentiates. */
public final class BatchNormAutograd extends CustomBatchNorm {

    public BatchNormAutograd(int features) {
        super(features);
    }

    @Override
    protected NDArray trainingForward(
            NDArray x, NDArray gamma, NDArray beta, NDArray runningMean, NDArray runningVar) {
        // 1. mean (F) over the batch
        NDArray mean = x.mean(new int[] {0});
        // 2. biased variance (F)
        NDArray centered = x.sub(mean);
        NDArray variance = centered.square().mean(new int[] {0});
        // 3. normalize: xHat (B,F)
        NDArray xHat = centered.div(variance.add(EPSILON).sqrt());
        // 4. scale and shift
        NDArray y = xHat.mul(gamma).add(beta);
        updateRunning(runningMean, runningVar, mean.stopGradient(), variance.stopGradient(), x.getShape().get(0));
        return y;
    }
}
