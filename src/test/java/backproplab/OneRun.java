package backproplab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.diagnostics.Diagnostics;
import backproplab.report.RunSummary;
import backproplab.results.Checkpoints;
import backproplab.results.DiagnosticsCsv;
import backproplab.results.MetricsCsv;
import backproplab.results.RunFolder;
import backproplab.results.RunLayout;
import backproplab.tensorboard.TensorBoardView;
import backproplab.train.EvalPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What "a folder holds one run, consistent with itself" means, checked file by file: every file
 * whole, and every file that says how far the run got saying the same.
 */
final class OneRun {

    private OneRun() {}

    /**
     * Asserts that the run folder {@code folder} holds one run: no half-written file beside the
     * ones in place; metrics.csv whole; the summary, if there is one, of the run those metrics
     * are (the same last step and final test accuracy) and, when it says the run ended, with
     * the model of its last step; the layer statistics of the same steps; every TensorBoard
     * record whole, with the test accuracy metrics.csv gives at each step it holds.
     *
     * @return the run's evaluations
     */
    static List<EvalPoint> assertConsistent(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            List<String> halfWritten = entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.matches(".+\\.[0-9]+\\.partial") || name.equals(RunLayout.MODEL_PARTIAL))
                    .toList();
            assertEquals(List.of(), halfWritten, "half-written files left in " + folder);
        }
        List<EvalPoint> points = MetricsCsv.read(new RunFolder(folder).metrics());
        EvalPoint last = points.get(points.size() - 1);
        RunSummary summary = RunSummary.read(new RunFolder(folder));
        if (summary != null) {
            assertEquals(last.step(), summary.stepsDone(), "the summary is of the run metrics.csv is");
            assertEquals(last.testAccuracy(), summary.finalTestAccuracy(), 1e-6, "the summary's final accuracy");
            if (summary.status().ended()) {
                Path state = new RunFolder(folder).finishedStates().get(0);
                assertEquals(summary.stepsDone(), Checkpoints.read(state).step(), "the model of the run's last step");
            }
        }
        Path diagnostics = new RunFolder(folder).diagnostics();
        if (Files.exists(diagnostics)) {
            Diagnostics recorded = DiagnosticsCsv.read(diagnostics);
            assertEquals(last.step(), recorded.steps().get(recorded.steps().size() - 1),
                    "the layer statistics of the run metrics.csv is");
        }
        TensorBoardView events = new TensorBoardView(folder);
        if (!events.files.isEmpty()) {
            Map<Long, Float> accuracy = events.scalars("Accuracy/test");
            for (EvalPoint point : points) {
                Float logged = accuracy.get((long) point.step());
                if (logged != null) {
                    assertEquals(point.testAccuracy(), logged, 1e-6, "TensorBoard at step " + point.step());
                }
            }
            assertTrue(accuracy.keySet().stream().allMatch(step -> step <= last.step()),
                    "TensorBoard holds no step past metrics.csv's: " + accuracy.keySet());
        }
        return points;
    }
}
