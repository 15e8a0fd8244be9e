package backproplab.batchnorm;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Feeds hand-written gradients into DJL autograd, which has no custom-function hook. A block
 * with a hand-written backward returns a detached leaf from its forward and records a
 * {@link Pending} here. {@link #backward} first runs the loss's backward, which stops at those
 * leaves; then, last recorded first, it reads each leaf's gradient and runs a second backward of
 * the block's target (for batch norm sum(x dx) + sum(gamma dgamma) + sum(beta dbeta), with the
 * hand-computed factors constant), which carries the gradients on into the layers before the
 * block, and so into the leaves of earlier hand-written blocks. Gradients of several backward
 * calls in one collector add up.
 */
public final class GradientSplice {

    /** A hand-written backward waiting for the gradient of its output. */
    public interface Pending {

        /** The leaf the forward returned. */
        NDArray output();

        /** A scalar whose autograd backward delivers the hand-computed gradients. */
        NDArray backwardTarget(NDArray outputGradient);
    }

    private final Deque<Pending> pending = new ArrayDeque<>();

    void record(Pending step) {
        pending.addLast(step);
    }

    /** Number of hand-written backwards waiting: forwards since the last {@link #backward}. */
    public int waiting() {
        return pending.size();
    }

    /** The loss's backward followed by every recorded hand-written backward, last first. */
    public void backward(GradientCollector collector, NDArray loss) {
        try {
            collector.backward(loss);
            while (!pending.isEmpty()) {
                Pending step = pending.removeLast();
                collector.backward(step.backwardTarget(step.output().getGradient()));
            }
        } finally {
            // A failed step must not leave arrays of a closed manager behind for the next one.
            pending.clear();
        }
    }

    /** The splice of a model's hand-differentiated blocks, if it has any. */
    public static Optional<GradientSplice> of(Block model) {
        Set<GradientSplice> found = new LinkedHashSet<>();
        collect(model, found);
        if (found.size() > 1) {
            throw new IllegalArgumentException("a model's hand-differentiated blocks must share one GradientSplice");
        }
        return found.stream().findFirst();
    }

    private static void collect(Block block, Set<GradientSplice> found) {
        if (block instanceof HandDifferentiated handDifferentiated) {
            found.add(handDifferentiated.splice());
        }
        block.getChildren().values().forEach(child -> collect(child, found));
    }
}
