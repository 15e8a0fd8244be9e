package backproplab.batchnorm;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Feeds hand-written gradients into DJL autograd, which has no custom-function hook. A block
 * with a hand-written backward returns a detached leaf from its forward and records a
 * {@link Pending} here. {@link #backward} first runs the loss's backward, which stops at those
 * leaves; then, last recorded first, it reads each leaf's gradient, has the block compute the
 * gradients of its inputs and parameters by hand (for batch norm dx, dgamma and dbeta), and runs
 * libtorch's backward from each of those arrays with its gradient: dx goes on into the layers
 * before the block, and so into the leaves of earlier hand-written blocks; dgamma and dbeta are
 * added to the parameters' gradients. Gradients of several backward calls in one collector add up.
 *
 * <p>A backward seeded with dx itself, rather than one of a scalar target such as sum(x dx) whose
 * gradient is dx, gives the same values without the target's product, sum and their backward:
 * 3 of the deep MLP's 16.5 ms a step in batch norm (docs/speed.md, "Batch norm by hand").
 */
public final class GradientSplice {

    /** A hand-written backward waiting for the gradient of its output. */
    public interface Pending {

        /** The leaf the forward returned. */
        NDArray output();

        /** The hand-computed gradient of each input and parameter of the block, from its output's. */
        List<Gradient> gradients(NDArray outputGradient);
    }

    /** The gradient {@code value} of the array {@code of}, an array of the graph. */
    public record Gradient(NDArray of, NDArray value) {}

    /** libtorch's message for a backward from an array that no gradient can flow from. */
    private static final String OUTSIDE_THE_GRAPH = "does not require grad and does not have a grad_fn";

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
                for (Gradient gradient : step.gradients(step.output().getGradient())) {
                    backward(gradient);
                }
            }
        } finally {
            // A failed step must not leave arrays of a closed manager behind for the next one.
            pending.clear();
        }
    }

    /**
     * libtorch's backward from {@code gradient.of()} seeded with its value (DJL's collector seeds
     * with ones only); nothing to do for an array outside the graph, such as the input images.
     */
    private static void backward(Gradient gradient) {
        try {
            JniUtils.backward((PtNDArray) gradient.of(), (PtNDArray) gradient.value(), false, false);
        } catch (EngineException e) {
            // libtorch refuses, before doing anything, a backward from an array outside the graph.
            // DJL cannot tell such an array from an intermediate one beforehand: its requiresGrad
            // answers false for both, true only for a leaf.
            if (!String.valueOf(e.getMessage()).contains(OUTSIDE_THE_GRAPH)) {
                throw e;
            }
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
