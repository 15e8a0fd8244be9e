package backproplab.experiment;

import backproplab.train.History;
import backproplab.train.Timing;
import java.nio.file.Path;

/**
 * What one run gives back: its history (empty for a benchmark), where its files went, and the
 * benchmark's timing when {@code -Dbench} asked for one.
 */
public record ExperimentResult(String id, Path folder, History history, Timing benchmark) {

    public double finalTestAccuracy() {
        return history.finalTestAccuracy();
    }

    public double bestTestAccuracy() {
        return history.bestTestAccuracy();
    }

    public double msPerStep() {
        return benchmark != null ? benchmark.msPerStep() : history.msPerStep();
    }
}
