package backproplab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;

/** Turns a loss into parameter gradients inside an open collector. */
@FunctionalInterface
public interface BackwardPass {

    /** Plain autograd. */
    BackwardPass AUTOGRAD = GradientCollector::backward;

    void run(GradientCollector collector, NDArray loss);
}
