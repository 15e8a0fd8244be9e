package backproplab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;

/** A learner's state arrays copied back in place: every view and reference onto them stays valid. */
public final class LearnerState {

    private LearnerState() {}

    /**
     * Copies {@code saved} into the learner's {@link Learner#state()}, array by array, into the
     * arrays' own memory (the optimizers read it through views).
     *
     * @throws IllegalArgumentException when the arrays differ in number, shape or type
     */
    public static void restore(Learner learner, NDList saved, int updates) {
        List<NDArray> state = learner.state();
        if (saved.size() != state.size()) {
            throw new IllegalArgumentException("it holds " + saved.size() + " arrays where the network has "
                    + state.size());
        }
        for (int i = 0; i < state.size(); i++) {
            NDArray target = state.get(i);
            NDArray source = saved.get(i);
            if (!source.getShape().equals(target.getShape()) || source.getDataType() != target.getDataType()) {
                throw new IllegalArgumentException("array " + i + " is " + source.getDataType() + " " + source.getShape()
                        + " where the network has " + target.getDataType() + " " + target.getShape());
            }
            ParameterViews.view(target).put(0, source.toFloatArray());
        }
        learner.restoreUpdates(updates);
    }
}
