package backproplab.train;

import static backproplab.train.Denormals.PRODUCT;
import static backproplab.train.Denormals.SECOND_MOMENT;
import static backproplab.train.Denormals.SQUARED;
import static backproplab.train.Denormals.flush;
import static backproplab.train.Denormals.normal;

import ai.djl.ndarray.NDArray;
import backproplab.config.Optimizer;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Adam exactly as PyTorch's {@code optim.Adam}: weight decay is an L2 term added to the gradient
 * before the moments, and epsilon is added to the bias-corrected square root,
 * p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps).
 *
 * <p>DJL's built-in Adam makes about five parameter-sized temporaries per step and adds epsilon
 * before the bias correction. This one reads and writes each element of the parameter, its
 * gradient and both moments once, in a fused loop over libtorch's memory, and zeroes the gradient
 * in the same pass. Denormal floats are flushed to zero ({@link Denormals}): a deliberate
 * difference from PyTorch's default, which keeps them and slows down when Adam's moments decay
 * into that range.
 */
public final class AdamUpdate implements ParameterUpdate {

    static final float BETA1 = 0.9f;
    static final float BETA2 = 0.999f;
    static final float EPSILON = 1e-8f;

    private final ParameterViews views;
    /** The moments' arrays, kept so that their memory stays alive under the views. */
    private final NDArray[] moments;
    private final ByteBuffer[] firstMoments;
    private final ByteBuffer[] secondMoments;
    private double learningRate;
    private final float weightDecay;
    private final boolean vectors;
    private int t;

    public AdamUpdate(List<NDArray> parameters, Optimizer.Adam settings) {
        this(parameters, settings, ParameterViews.VECTOR_API);
    }

    /** @param vectors whether whole vectors go through {@link VectorLoops} (else all is scalar) */
    AdamUpdate(List<NDArray> parameters, Optimizer.Adam settings, boolean vectors) {
        this.vectors = vectors;
        this.views = new ParameterViews(parameters);
        this.learningRate = settings.learningRate();
        this.weightDecay = (float) settings.weightDecay();
        int n = parameters.size();
        moments = new NDArray[2 * n];
        firstMoments = new ByteBuffer[n];
        secondMoments = new ByteBuffer[n];
        for (int i = 0; i < n; i++) {
            moments[2 * i] = parameters.get(i).zerosLike();
            moments[2 * i + 1] = parameters.get(i).zerosLike();
            firstMoments[i] = ParameterViews.bytes(moments[2 * i]);
            secondMoments[i] = ParameterViews.bytes(moments[2 * i + 1]);
        }
    }

    /** The moments' arrays, first and second moment of each parameter in turn. */
    @Override
    public List<NDArray> state() {
        return List.of(moments);
    }

    @Override
    public int steps() {
        return t;
    }

    @Override
    public void restoreSteps(int steps) {
        t = steps;
    }

    @Override
    public void learningRate(double rate) {
        learningRate = rate;
    }

    @Override
    public void step() {
        t++;
        float stepSize = (float) (learningRate / (1 - Math.pow(BETA1, t)));
        float invSqrtCorrection2 = (float) (1 / Math.sqrt(1 - Math.pow(BETA2, t)));
        views.forEachChunk(c -> update(c, stepSize, invSqrtCorrection2));
    }

    private void update(ParameterViews.Chunk c, float stepSize, float invSqrtCorrection2) {
        ByteBuffer p = views.parameter(c.parameter());
        ByteBuffer g = views.gradient(c.parameter());
        ByteBuffer m = firstMoments[c.parameter()];
        ByteBuffer v = secondMoments[c.parameter()];
        float decay = weightDecay;
        int from = vectors
                ? VectorLoops.adam(p, g, m, v, c.from(), c.to(), decay, stepSize, invSqrtCorrection2)
                : c.from();
        // PyTorch's arithmetic in its order; each factor that could make a denormal is dropped
        // first, and each stored value flushed (Denormals): no normal result changes. Without
        // weight decay its term is left out, not added as zero: the same values, an eighth less time.
        for (int i = from; i < c.to(); i++) {
            int at = i * Float.BYTES;
            float pi = p.getFloat(at);
            float gi = decay == 0 ? normal(g.getFloat(at)) : normal(g.getFloat(at)) + decay * flush(pi, PRODUCT);
            float mi = flush(BETA1 * m.getFloat(at) + (1 - BETA1) * flush(gi, SECOND_MOMENT), PRODUCT);
            float vi = flush(BETA2 * v.getFloat(at) + (1 - BETA2) * flush(gi, SQUARED) * gi, SECOND_MOMENT);
            m.putFloat(at, mi);
            v.putFloat(at, vi);
            p.putFloat(at, normal(pi - stepSize * mi / ((float) Math.sqrt(vi) * invSqrtCorrection2 + EPSILON)));
            g.putFloat(at, 0f);
        }
    }
}
