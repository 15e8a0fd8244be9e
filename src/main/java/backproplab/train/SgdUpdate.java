package backproplab.train;

import static backproplab.train.Denormals.PRODUCT;
import static backproplab.train.Denormals.flush;
import static backproplab.train.Denormals.normal;

import ai.djl.ndarray.NDArray;
import backproplab.config.Optimizer;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * SGD as PyTorch's {@code optim.SGD}, in one fused pass that also zeroes the gradient. Plain:
 * p -= lr * (g + weightDecay * p). With momentum (no dampening), each parameter keeps a velocity:
 * v = momentum * v + (g + weightDecay * p); p -= lr * v, or with Nesterov
 * p -= lr * ((g + weightDecay * p) + momentum * v).
 */
public final class SgdUpdate implements ParameterUpdate {

    private final ParameterViews views;
    private float learningRate;
    private final float weightDecay;
    private final float momentum;
    private final boolean nesterov;
    /** The velocities' arrays (none for plain SGD), kept so that their memory stays alive under the views. */
    private final NDArray[] velocityArrays;
    private final ByteBuffer[] velocities;
    private final boolean vectors;

    public SgdUpdate(List<NDArray> parameters, Optimizer.Sgd settings) {
        this(parameters, settings, ParameterViews.VECTOR_API);
    }

    /** @param vectors whether whole vectors go through {@link VectorLoops} (else all is scalar) */
    SgdUpdate(List<NDArray> parameters, Optimizer.Sgd settings, boolean vectors) {
        this.views = new ParameterViews(parameters);
        this.learningRate = (float) settings.learningRate();
        this.weightDecay = (float) settings.weightDecay();
        this.momentum = (float) settings.momentum();
        this.nesterov = settings.nesterov();
        this.vectors = vectors;
        // Zeros: the first step's momentum * 0 + g is g exactly (the flushed g is never -0), as
        // PyTorch's first buffer is a copy of g.
        velocityArrays = settings.momentum() > 0
                ? parameters.stream().map(NDArray::zerosLike).toArray(NDArray[]::new) : new NDArray[0];
        velocities = new ByteBuffer[velocityArrays.length];
        for (int i = 0; i < velocities.length; i++) {
            velocities[i] = ParameterViews.bytes(velocityArrays[i]);
        }
    }

    /** The velocities' arrays, one per parameter in turn; none for plain SGD. */
    @Override
    public List<NDArray> state() {
        return List.of(velocityArrays);
    }

    @Override
    public int steps() {
        return 0;
    }

    @Override
    public void restoreSteps(int steps) {
        // SGD keeps no count: its velocities are all its state.
    }

    @Override
    public void learningRate(double rate) {
        learningRate = (float) rate;
    }

    @Override
    public void step() {
        if (velocities.length == 0) {
            views.forEachChunk(this::update);
        } else {
            views.forEachChunk(this::updateWithMomentum);
        }
    }

    private void update(ParameterViews.Chunk c) {
        ByteBuffer p = views.parameter(c.parameter());
        ByteBuffer g = views.gradient(c.parameter());
        int from = vectors ? VectorLoops.sgd(p, g, c.from(), c.to(), learningRate, weightDecay) : c.from();
        for (int i = from; i < c.to(); i++) {
            // Factors that could make a denormal dropped first, as in AdamUpdate.
            int at = i * Float.BYTES;
            float pi = p.getFloat(at);
            float gi = flush(normal(g.getFloat(at)) + weightDecay * flush(pi, PRODUCT), PRODUCT);
            p.putFloat(at, normal(pi - learningRate * gi));
            g.putFloat(at, 0f);
        }
    }

    private void updateWithMomentum(ParameterViews.Chunk c) {
        ByteBuffer p = views.parameter(c.parameter());
        ByteBuffer g = views.gradient(c.parameter());
        ByteBuffer v = velocities[c.parameter()];
        int from = vectors
                ? VectorLoops.sgdMomentum(p, g, v, c.from(), c.to(), learningRate, weightDecay, momentum, nesterov)
                : c.from();
        for (int i = from; i < c.to(); i++) {
            // The velocity is stored flushed, as Adam's first moment: a gradient gone to zero
            // decays it by momentum a step into the denormal range.
            int at = i * Float.BYTES;
            float pi = p.getFloat(at);
            float gi = flush(normal(g.getFloat(at)) + weightDecay * flush(pi, PRODUCT), PRODUCT);
            float vi = flush(momentum * v.getFloat(at) + gi, PRODUCT);
            v.putFloat(at, vi);
            float step = nesterov ? flush(gi + momentum * vi, PRODUCT) : vi;
            p.putFloat(at, normal(pi - learningRate * step));
            g.putFloat(at, 0f);
        }
    }
}
