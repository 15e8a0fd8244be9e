package backproplab.batchnorm;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * What the two hand-made batch norms share: parameters gamma (1) and beta (0) over
 * {@code features} features of a (batch, features) input, eps 1e-5, and running statistics.
 *
 * <p>The course's batch norm had no running statistics and normalized with the batch even at test
 * time. These blocks keep a running mean and unbiased variance (momentum 0.1) and use them when
 * not training, like DJL's and PyTorch's built-in batch norm, so that all three can be compared.
 */
public abstract class CustomBatchNorm extends AbstractBlock {

    public static final double EPSILON = 1e-5;
    /** PyTorch's momentum: the weight of the new batch statistic. */
    public static final double MOMENTUM = 0.1;

    protected final int features;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;

    protected CustomBatchNorm(int features) {
        super((byte) 1);
        if (features <= 0) {
            throw new IllegalArgumentException("batch norm needs at least one feature, got " + features);
        }
        this.features = features;
        Shape shape = new Shape(features);
        gamma = addParameter(Parameter.builder()
                .setName("gamma").setType(Parameter.Type.GAMMA).optShape(shape).build());
        beta = addParameter(Parameter.builder()
                .setName("beta").setType(Parameter.Type.BETA).optShape(shape).build());
        runningMean = addParameter(Parameter.builder()
                .setName("runningMean").setType(Parameter.Type.RUNNING_MEAN).optShape(shape)
                .optRequiresGrad(false).build());
        runningVar = addParameter(Parameter.builder()
                .setName("runningVar").setType(Parameter.Type.RUNNING_VAR).optShape(shape)
                .optRequiresGrad(false).build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        checkInput(x.getShape(), training);
        Device device = x.getDevice();
        NDArray gammaArray = store.getValue(gamma, device, training);
        NDArray betaArray = store.getValue(beta, device, training);
        NDArray meanArray = store.getValue(runningMean, device, training);
        NDArray varArray = store.getValue(runningVar, device, training);
        if (!training) {
            // Made from the model's arrays, so closed here rather than left in the model's manager.
            try (NDArray shifted = varArray.add(EPSILON); NDArray std = shifted.sqrt()) {
                // xHat (B,F) = (x - runningMean) / sqrt(runningVar + eps), broadcast over the batch
                NDArray xHat = x.sub(meanArray).div(std);
                return new NDList(xHat.mul(gammaArray).add(betaArray));
            }
        }
        return new NDList(trainingForward(x, gammaArray, betaArray, meanArray, varArray));
    }

    /** The training-mode forward: normalize with the batch's statistics, update the running ones. */
    protected abstract NDArray trainingForward(
            NDArray x, NDArray gamma, NDArray beta, NDArray runningMean, NDArray runningVar);

    /**
     * running = (1 - momentum) running + momentum batch, with the unbiased batch variance. Called
     * with detached statistics, so the running buffers never join the graph.
     */
    protected static void updateRunning(
            NDArray runningMean, NDArray runningVar, NDArray mean, NDArray biasedVar, long batch) {
        try (NDArray m = mean.mul(MOMENTUM);
                NDArray v = biasedVar.mul(MOMENTUM * batch / (batch - 1.0))) {
            runningMean.muli(1 - MOMENTUM).addi(m);
            runningVar.muli(1 - MOMENTUM).addi(v);
        }
    }

    private void checkInput(Shape shape, boolean training) {
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException(getClass().getSimpleName()
                    + " expects a (batch, features) input, got shape " + shape);
        }
        if (shape.get(1) != features) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " was built for "
                    + features + " features, got an input with " + shape.get(1) + " (shape " + shape + ")");
        }
        if (training && shape.get(0) < 2) {
            throw new IllegalArgumentException(getClass().getSimpleName()
                    + " needs at least 2 rows to normalize a training batch, got shape " + shape);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
