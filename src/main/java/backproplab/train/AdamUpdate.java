package backproplab.train;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Adam exactly as PyTorch's {@code optim.Adam} (weight decay as an L2 term added to the gradient
 * before the moments; epsilon added to the bias-corrected square root), written with in-place
 * operations. DJL's built-in Adam allocates about five parameter-sized temporaries per step and
 * adds epsilon before the bias correction; this one allocates two and follows PyTorch.
 */
public final class AdamUpdate implements ParameterUpdate {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final Gradients gradients;
    private final NDArray[] firstMoments;
    private final NDArray[] secondMoments;
    private final double learningRate;
    private final float weightDecay;
    private int t;

    public AdamUpdate(List<NDArray> parameters, double learningRate, double weightDecay) {
        this.gradients = new Gradients(parameters);
        this.learningRate = learningRate;
        this.weightDecay = (float) weightDecay;
        firstMoments = new NDArray[parameters.size()];
        secondMoments = new NDArray[parameters.size()];
        for (int i = 0; i < firstMoments.length; i++) {
            firstMoments[i] = parameters.get(i).zerosLike();
            secondMoments[i] = parameters.get(i).zerosLike();
        }
    }

    @Override
    public void step() {
        t++;
        double correction1 = 1 - Math.pow(BETA1, t);
        double correction2 = 1 - Math.pow(BETA2, t);
        float stepSize = (float) (learningRate / correction1);
        float invSqrtCorrection2 = (float) (1 / Math.sqrt(correction2));
        for (int i = 0; i < gradients.size(); i++) {
            NDArray p = gradients.parameter(i);
            NDArray g = gradients.of(i);
            NDArray m = firstMoments[i];
            NDArray v = secondMoments[i];
            if (weightDecay != 0) {
                try (NDArray decay = p.mul(weightDecay)) {
                    g.addi(decay);
                }
            }
            // v = beta2 v + (1 - beta2) g^2
            try (NDArray g2 = g.square()) {
                v.muli(BETA2).addi(g2.muli(1 - BETA2));
            }
            // m = beta1 m + (1 - beta1) g; the gradient is zeroed below, so it is scaled in place.
            m.muli(BETA1).addi(g.muli(1 - BETA1));
            // p -= lr / c1 * m / (sqrt(v) / sqrt(c2) + eps)
            try (NDArray denominator = v.sqrt()) {
                denominator.muli(invSqrtCorrection2).addi(EPSILON).powi(-1).muli(m).muli(stepSize);
                p.subi(denominator);
            }
            gradients.zero(i);
        }
    }
}
