package backproplab.experiment;

import backproplab.train.History;
import backproplab.train.StepLoop;
import java.nio.file.Path;

/**
 * What one experiment run gives back: its history (empty for a benchmark), where its files went,
 * and the benchmark figures when {@code -Dbench} asked for them.
 */
public record ExperimentResult(String id, Path folder, History history, StepLoop.Benchmark benchmark) {

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
