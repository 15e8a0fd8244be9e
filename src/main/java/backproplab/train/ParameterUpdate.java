package backproplab.train;

import ai.djl.ndarray.NDArray;
import backproplab.config.Optimizer;
import java.util.List;

/** An optimizer step over a fixed set of parameters: update them, then zero their gradients. */
public interface ParameterUpdate {

    /** The update {@code optimizer} names, over {@code parameters}. */
    static ParameterUpdate of(Optimizer optimizer, List<NDArray> parameters) {
        return optimizer instanceof Optimizer.Adam adam ? new AdamUpdate(parameters, adam)
                : new SgdUpdate(parameters, (Optimizer.Sgd) optimizer);
    }

    void step();

    /** The learning rate of the steps to come, as a scheduler sets a PyTorch optimizer's. */
    void learningRate(double learningRate);

    /** The optimizer's own arrays (Adam's moments), in a fixed order; none for plain SGD. */
    List<NDArray> state();

    /** Steps made so far (Adam's bias correction depends on it). */
    int steps();

    /** Continues a run: the step count of the state restored into {@link #state()}. */
    void restoreSteps(int steps);
}
