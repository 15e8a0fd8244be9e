package backproplab.train;

import static backproplab.train.Denormals.PRODUCT;
import static backproplab.train.Denormals.flush;
import static backproplab.train.Denormals.normal;

import ai.djl.ndarray.NDArray;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * Plain SGD, as PyTorch's {@code optim.SGD} without momentum: p -= lr * (g + weightDecay * p), in
 * one fused pass that also zeroes the gradient.
 */
public final class SgdUpdate implements ParameterUpdate {

    private final ParameterViews views;
    private final float learningRate;
    private final float weightDecay;

    public SgdUpdate(List<NDArray> parameters, double learningRate, double weightDecay) {
        this.views = new ParameterViews(parameters);
        this.learningRate = (float) learningRate;
        this.weightDecay = (float) weightDecay;
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
        FloatBuffer p = views.parameter(c.parameter());
        FloatBuffer g = views.gradient(c.parameter());
        for (int i = c.from(); i < c.to(); i++) {
            // Factors that could make a denormal dropped first, as in AdamUpdate.
            float pi = p.get(i);
            float gi = flush(normal(g.get(i)) + weightDecay * flush(pi, PRODUCT), PRODUCT);
            p.put(i, normal(pi - learningRate * gi));
            g.put(i, 0f);
        }
    }
}
