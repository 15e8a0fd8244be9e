package backproplab.results;

import static org.junit.jupiter.api.Assertions.assertFalse;

import backproplab.train.EvalPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

    @Test
    void noCheckpointOfAStepWhoseTestLossIsNoLongerFinite(@TempDir Path tmp) {
        Path folder = tmp.resolve("checkpoint");
        Checkpoints checkpoints = new Checkpoints(folder, null, "0".repeat(64), 1, 10, 0, message -> {});
        // The last update diverged: the training loss measured before it is finite, the test loss after it is not.
        // No loop is given: a checkpoint that were written would fail on it.
        checkpoints.onEvaluation(new EvalPoint(5, 1.9, 0.3, Double.NaN, 0.1, 1.0, 100), null);
        checkpoints.onEvaluation(new EvalPoint(6, Double.POSITIVE_INFINITY, 0.3, 2.0, 0.1, 1.0, 100), null);
        assertFalse(Files.exists(folder), "nothing written");
    }
}
