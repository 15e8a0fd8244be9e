package backproplab.train;

import ai.djl.ndarray.NDArray;
import backproplab.diagnostics.Inspectable;
import java.util.List;

/**
 * A model with its way of learning, as the step loop drives it: one phase at a time, so that the
 * loop can time each. Arrays passed in belong to the loop's per-step manager; everything a
 * learner makes from them is freed with it. It shows its layers to the layer statistics
 * ({@link Inspectable}).
 */
public interface Learner extends Inspectable {

    /** Training-mode forward pass of a batch, recording what {@link #backward} needs. */
    Outputs forward(NDArray images, NDArray labels);

    /** The gradients of the last forward pass's loss. */
    void backward();

    /** Updates the parameters from the gradients, and zeroes the gradients. */
    void update();

    /** The learning rate of the updates to come (a schedule's). */
    void learningRate(double learningRate);

    /** Evaluation-mode forward pass: running statistics, no graph, no update. */
    Outputs evaluate(NDArray images, NDArray labels);

    /**
     * Every array whose values make up what the learner has learned, in a fixed order: the
     * parameters, running statistics and optimizer state. A checkpoint saves them; restoring them
     * (in place) and {@link #updates()} continues the run exactly.
     */
    List<NDArray> state();

    /** Optimizer steps made (Adam's bias correction depends on it). */
    int updates();

    /** Continues a run whose {@link #state()} was restored: its optimizer step count. */
    void restoreUpdates(int updates);

    /**
     * A batch's outputs (B, classes), whose largest entry in a row is the prediction (logits, or
     * the hand-written MLP's probabilities), and its mean loss (a scalar).
     */
    record Outputs(NDArray outputs, NDArray loss) {}
}
