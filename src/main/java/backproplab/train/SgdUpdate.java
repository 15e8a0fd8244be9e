package backproplab.train;

import ai.djl.ndarray.NDArray;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * Plain SGD, as PyTorch's {@code optim.SGD} without momentum: p -= lr * (g + weightDecay * p), in
 * one fused pass that also zeroes the gradient.
 */
public final class SgdUpdate implements ParameterUpdate {

    private final Gradients gradients;
    private final FloatBuffer[] parameterViews;
    private FloatBuffer[] gradientViews;
    private final List<ParameterBuffers.Chunk> chunks;
    private final float learningRate;
    private final float weightDecay;

    public SgdUpdate(List<NDArray> parameters, double learningRate, double weightDecay) {
        this.gradients = new Gradients(parameters);
        this.learningRate = (float) learningRate;
        this.weightDecay = (float) weightDecay;
        parameterViews = parameters.stream().map(ParameterBuffers::view).toArray(FloatBuffer[]::new);
        chunks = ParameterBuffers.chunks(parameters.stream().mapToLong(NDArray::size).toArray());
    }

    @Override
    public void step() {
        if (gradientViews == null) {
            gradientViews = new FloatBuffer[gradients.size()];
            for (int i = 0; i < gradientViews.length; i++) {
                gradientViews[i] = ParameterBuffers.view(gradients.of(i));
            }
        }
        ParameterBuffers.forEach(chunks, this::update);
    }

    private void update(ParameterBuffers.Chunk c) {
        FloatBuffer p = parameterViews[c.parameter()];
        FloatBuffer g = gradientViews[c.parameter()];
        for (int i = c.from(); i < c.to(); i++) {
            float pi = p.get(i);
            p.put(i, pi - learningRate * (g.get(i) + weightDecay * pi));
            g.put(i, 0f);
        }
    }
}
