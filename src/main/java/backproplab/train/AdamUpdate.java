package backproplab.train;

import ai.djl.ndarray.NDArray;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * Adam exactly as PyTorch's {@code optim.Adam}: weight decay is an L2 term added to the gradient
 * before the moments, and epsilon is added to the bias-corrected square root,
 * p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps).
 *
 * <p>DJL's built-in Adam makes about five parameter-sized temporaries per step and adds epsilon
 * before the bias correction. This one reads and writes each element of the parameter, its
 * gradient and both moments once, in a fused loop over libtorch's memory, and zeroes the gradient
 * in the same pass.
 */
public final class AdamUpdate implements ParameterUpdate {

    static final float BETA1 = 0.9f;
    static final float BETA2 = 0.999f;
    static final float EPSILON = 1e-8f;

    private final ParameterViews views;
    /** The moments' arrays, kept so that their memory stays alive under the views. */
    private final NDArray[] moments;
    private final FloatBuffer[] firstMoments;
    private final FloatBuffer[] secondMoments;
    private final double learningRate;
    private final float weightDecay;
    private int t;

    public AdamUpdate(List<NDArray> parameters, double learningRate, double weightDecay) {
        this.views = new ParameterViews(parameters);
        this.learningRate = learningRate;
        this.weightDecay = (float) weightDecay;
        int n = parameters.size();
        moments = new NDArray[2 * n];
        firstMoments = new FloatBuffer[n];
        secondMoments = new FloatBuffer[n];
        for (int i = 0; i < n; i++) {
            moments[2 * i] = parameters.get(i).zerosLike();
            moments[2 * i + 1] = parameters.get(i).zerosLike();
            firstMoments[i] = ParameterViews.view(moments[2 * i]);
            secondMoments[i] = ParameterViews.view(moments[2 * i + 1]);
        }
    }

    @Override
    public void step() {
        t++;
        float stepSize = (float) (learningRate / (1 - Math.pow(BETA1, t)));
        float invSqrtCorrection2 = (float) (1 / Math.sqrt(1 - Math.pow(BETA2, t)));
        views.forEachChunk(c -> update(c, stepSize, invSqrtCorrection2));
    }

    private void update(ParameterViews.Chunk c, float stepSize, float invSqrtCorrection2) {
        FloatBuffer p = views.parameter(c.parameter());
        FloatBuffer g = views.gradient(c.parameter());
        FloatBuffer m = firstMoments[c.parameter()];
        FloatBuffer v = secondMoments[c.parameter()];
        float decay = weightDecay;
        for (int i = c.from(); i < c.to(); i++) {
            float pi = p.get(i);
            float gi = g.get(i) + decay * pi;
            float mi = BETA1 * m.get(i) + (1 - BETA1) * gi;
            float vi = BETA2 * v.get(i) + (1 - BETA2) * gi * gi;
            m.put(i, mi);
            v.put(i, vi);
            p.put(i, pi - stepSize * mi / ((float) Math.sqrt(vi) * invSqrtCorrection2 + EPSILON));
            g.put(i, 0f);
        }
    }
}
