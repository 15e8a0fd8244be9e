package backproplab.train;

import backproplab.diagnostics.LayerRecorder;

/**
 * What the step loop tells the world, as DJL's {@code TrainingListener} does for its trainer:
 * progress, the metrics file, timing, checkpoints and analysis plug in here, never into the loop.
 */
public interface TrainingListener {

    /** After each training step. */
    default void onStep(int step, BatchScore score, StepTimes times) {}

    /** After each step whose layer statistics are recorded, before {@link #onStep} of that step. */
    default void onLayers(LayerRecorder.RecordedStep recorded) {}

    /** After each evaluation of the test set, as soon as it is made. */
    default void onEvaluation(EvalPoint point, StepLoop loop) {}

    /** Once, when the loop has run all its steps or stopped at a diverged loss. */
    default void onFinish(History history) {}
}
