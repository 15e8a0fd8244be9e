package backproplab.train;

import ai.djl.ndarray.NDArray;

/**
 * A model with its way of learning, as the step loop sees it. Arrays passed in belong to the
 * loop's per-step manager; everything a learner creates from them is freed with it.
 */
public interface Learner {

    /** One training step on a batch: forward, loss, backward, parameter update. */
    BatchScore train(NDArray images, NDArray labels);

    /** Scores a batch in evaluation mode (running statistics, no graph, no update). */
    BatchScore evaluate(NDArray images, NDArray labels);

    /** Time spent in each phase of {@link #train}, for the benchmark. */
    PhaseClock clock();
}
