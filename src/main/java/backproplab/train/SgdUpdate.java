package backproplab.train;

import static backproplab.train.Denormals.PRODUCT;
import static backproplab.train.Denormals.flush;
import static backproplab.train.Denormals.normal;

import ai.djl.ndarray.NDArray;
import backproplab.config.Optimizer;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Plain SGD, as PyTorch's {@code optim.SGD} without momentum: p -= lr * (g + weightDecay * p), in
 * one fused pass that also zeroes the gradient.
 */
public final class SgdUpdate implements ParameterUpdate {

    private final ParameterViews views;
    private final float learningRate;
    private final float weightDecay;
    private final boolean vectors;

    public SgdUpdate(List<NDArray> parameters, Optimizer.Sgd settings) {
        this(parameters, settings, ParameterViews.VECTOR_API);
    }

    /** @param vectors whether whole vectors go through {@link VectorLoops} (else all is scalar) */
    SgdUpdate(List<NDArray> parameters, Optimizer.Sgd settings, boolean vectors) {
        this.views = new ParameterViews(parameters);
        this.learningRate = (float) settings.learningRate();
        this.weightDecay = (float) settings.weightDecay();
        this.vectors = vectors;
    }

    @Override
    public List<NDArray> state() {
        return List.of();
    }

    @Override
    public int steps() {
        return 0;
    }

    @Override
    public void restoreSteps(int steps) {
        // Plain SGD keeps no count.
    }

    @Override
    public void step() {
        views.forEachChunk(this::update);
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
}
