package backproplab.batchnorm;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;

/**
 * Batch norm whose backward is the report's hand-derived formula, computed here and spliced into
 * DJL's autograd by a {@link GradientSplice}: the forward runs on detached values and returns a
 * fresh leaf that requires gradient; once the loss's backward has filled the leaf's gradient dy,
 * {@link #backward} turns it into dx, dgamma and dbeta.
 */
public final class BatchNormManual extends CustomBatchNorm implements HandDifferentiated {

    private final GradientSplice splice;

    /** @param splice the splice shared by every hand-differentiated block of one model */
    public BatchNormManual(int features, GradientSplice splice) {
        super(features);
        this.splice = splice;
    }

    @Override
    public GradientSplice splice() {
        return splice;
    }

    @Override
    protected NDArray trainingForward(
            NDArray x, NDArray gamma, NDArray beta, NDArray runningMean, NDArray runningVar) {
        Cache c = normalize(x, gamma, beta);
        updateRunning(runningMean, runningVar, c.mean(), c.variance(), x.getShape().get(0));
        // Outside a gradient collector nobody will call backward: return the plain output.
        if (JniUtils.isGradMode()) {
            c.y().setRequiresGradient(true);
            splice.record(c);
        }
        return c.y();
    }

    /** The report's forward on detached values (nothing below is recorded by autograd), and what backward reads. */
    static Cache normalize(NDArray x, NDArray gamma, NDArray beta) {
        // Detached copies (shared storage).
        NDArray xd = x.stopGradient();
        NDArray mean = xd.mean(new int[] {0}); // (F)
        NDArray centered = xd.sub(mean); // (B,F)
        NDArray variance = centered.square().mean(new int[] {0}); // (F), biased
        NDArray invStd = variance.add(EPSILON).sqrt().pow(-1); // (F)
        NDArray xHat = centered.mul(invStd); // (B,F)
        NDArray y = xHat.mul(constant(gamma, x)).add(constant(beta, x)); // (B,F)
        return new Cache(x, xHat, invStd, gamma, beta, y, mean, variance);
    }

    /** The training-mode output for a batch, as this block computes it (for -Dexp=gradcheck). */
    public static NDArray handForward(NDArray x, NDArray gamma, NDArray beta) {
        return normalize(x, gamma, beta).y();
    }

    /** {dx, dgamma, dbeta} for output gradient {@code dy}, as this block computes them (for -Dexp=gradcheck). */
    public static NDArray[] handGradients(NDArray x, NDArray gamma, NDArray beta, NDArray dy) {
        Gradients g = backward(normalize(x, gamma, beta), dy);
        return new NDArray[] {g.dx(), g.dGamma(), g.dBeta()};
    }

    /** Hand-computed gradients; constants as far as autograd is concerned. */
    record Gradients(NDArray dx, NDArray dGamma, NDArray dBeta) {}

    /**
     * A parameter as a constant for this step: detached (no graph) and owned by the manager of
     * {@code owner}, so that the wrapper is freed with the step instead of piling up in the
     * model's manager.
     */
    static NDArray constant(NDArray parameter, NDArray owner) {
        NDArray detached = parameter.stopGradient();
        detached.attach(owner.getManager());
        return detached;
    }

    /** The report's backward, from the output gradient dy (B,F) and what forward cached. */
    static Gradients backward(Cache c, NDArray dy) {
        long batch = dy.getShape().get(0);
        NDArray dBeta = dy.sum(new int[] {0}); // (F) = sum over batch of dy (B,F)
        NDArray dGamma = dy.mul(c.xHat()).sum(new int[] {0}); // (F)
        // dx (B,F) = gamma * invStd / B * (B dy - sum(dy) - xHat * sum(dy xHat))
        NDArray dx = dy.mul(batch).sub(dBeta).sub(c.xHat().mul(dGamma))
                .mul(c.invStd().mul(constant(c.gamma(), dy)).div(batch));
        return new Gradients(dx, dGamma, dBeta);
    }

    /**
     * What forward keeps for backward; {@code x}, {@code gamma} and {@code beta} are the graph's
     * own arrays; {@code mean} and {@code variance} (biased) the batch's, for the running ones.
     */
    record Cache(NDArray x, NDArray xHat, NDArray invStd, NDArray gamma, NDArray beta, NDArray y, NDArray mean,
            NDArray variance)
            implements GradientSplice.Pending {

        @Override
        public NDArray output() {
            return y;
        }

        @Override
        public List<GradientSplice.Gradient> gradients(NDArray dy) {
            Gradients g = backward(this, dy);
            return List.of(new GradientSplice.Gradient(x, g.dx()), new GradientSplice.Gradient(gamma, g.dGamma()),
                    new GradientSplice.Gradient(beta, g.dBeta()));
        }
    }
}
