package backproplab.train;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** Plain SGD, as PyTorch's {@code optim.SGD} without momentum: p -= lr * (g + weightDecay * p). */
public final class SgdUpdate implements ParameterUpdate {

    private final Gradients gradients;
    private final float learningRate;
    private final float weightDecay;

    public SgdUpdate(List<NDArray> parameters, double learningRate, double weightDecay) {
        this.gradients = new Gradients(parameters);
        this.learningRate = (float) learningRate;
        this.weightDecay = (float) weightDecay;
    }

    @Override
    public void step() {
        for (int i = 0; i < gradients.size(); i++) {
            NDArray p = gradients.parameter(i);
            NDArray g = gradients.of(i);
            if (weightDecay != 0) {
                try (NDArray decay = p.mul(weightDecay)) {
                    g.addi(decay);
                }
            }
            // The gradient is zeroed next, so it can hold lr * g in place of a temporary.
            p.subi(g.muli(learningRate));
            gradients.zero(i);
        }
    }
}
