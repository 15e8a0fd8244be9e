package backproplab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.report.RunSummary;
import backproplab.results.MetricsCsv;
import backproplab.results.RunFolder;
import backproplab.results.RunLayout;
import backproplab.tensorboard.TensorBoardView;
import backproplab.train.EvalPoint;
import backproplab.train.History;
import backproplab.util.UserError;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * -Dvalidation and -DearlyStop: the first training images are evaluated and never trained on;
 * the evaluation of best validation accuracy selects a test accuracy and a saved network; a run
 * ends when that accuracy stops improving.
 */
class ValidationTest {

    private static final String FIXTURE = ResumeTest.FIXTURE;
    private static final Map<String, String> SHORT = Map.of("data", FIXTURE, "batchSize", "20", "evalEvery", "5",
            "evalBatchSize", "50", "optimizer", "adam", "learningRate", "1e-3", "validation", "100");

    /**
     * A run with a validation set: metrics.csv's two more columns, the selected evaluation in the
     * summary (the test accuracy where validation accuracy is highest, read back from metrics.csv
     * here), and the network of that evaluation saved, which -Dexp=analyse measures at that test
     * accuracy; a default run writes none of it.
     */
    @Test
    void theBestValidationAccuracySelectsATestAccuracyAndASavedNetwork(@TempDir Path tmp) throws IOException {
        run("mlp-djl", tmp, "steps", "40", "input", "standardize");
        Path run = tmp.resolve("mlp-djl");
        List<String> lines = Files.readAllLines(run.resolve(RunLayout.METRICS));
        assertEquals(MetricsCsv.HEADER + ",val_loss,val_acc", lines.get(0));
        List<EvalPoint> points = MetricsCsv.read(run.resolve(RunLayout.METRICS));
        assertEquals(9, points.size(), "steps 1, 5, 10, ..., 40");
        EvalPoint best = points.get(0);
        for (EvalPoint p : points) {
            best = p.validationAccuracy() > best.validationAccuracy() ? p : best;
        }
        RunSummary summary = RunSummary.read(new RunFolder(run));
        assertEquals(best.step(), summary.selectedStep());
        assertEquals(best.testAccuracy(), summary.selectedTestAccuracy(), 1e-6);
        assertEquals(best.validationAccuracy(), summary.selectedValidationAccuracy(), 1e-6);
        assertNull(summary.stoppedEarly(), "no -DearlyStop: nothing to say");
        assertTrue(Files.isRegularFile(run.resolve(RunLayout.SELECTED_MODEL).resolve(RunLayout.MODEL_SPEC)));
        assertTrue(Files.isRegularFile(run.resolve(RunLayout.SELECTED_MODEL).resolve(RunLayout.INPUT_SCALE)),
                "standardized inputs: the scale is saved with the network");

        // TensorBoard: the validation accuracy at each evaluation, and the test accuracy it selects so far.
        TensorBoardView events = new TensorBoardView(run);
        assertEquals((float) best.validationAccuracy(), events.scalars("Accuracy/validation").get((long) best.step()));
        assertEquals((float) best.testAccuracy(),
                events.scalars("Accuracy/test_selected").get((long) points.get(points.size() - 1).step()));

        Main.run(Map.of("exp", "analyse", "saved", run.resolve(RunLayout.SELECTED_MODEL).toString(), "data", FIXTURE,
                "out", tmp.toString()), quiet());
        double analysed = JsonParser.parseString(Files.readString(run.resolve(RunLayout.SELECTED_ANALYSIS)
                .resolve(RunLayout.ANALYSIS))).getAsJsonObject().get("testAccuracy").getAsDouble();
        assertEquals(summary.selectedTestAccuracy(), analysed, 1e-9, "the saved network is the selected one");

        run("mlp-djl", tmp.resolve("plain"), "steps", "10", "validation", "0");
        Path plain = tmp.resolve("plain/mlp-djl");
        assertEquals(MetricsCsv.HEADER, Files.readAllLines(plain.resolve(RunLayout.METRICS)).get(0));
        assertFalse(Files.exists(plain.resolve(RunLayout.SELECTED_MODEL)));
        assertNull(RunSummary.read(new RunFolder(plain)).selectedTestAccuracy());
    }

    /**
     * -DearlyStop=K: the run ends at the K-th evaluation after the best one, and says so; resumed,
     * it is done.
     */
    @Test
    void aRunStopsWhenItsValidationAccuracyNoLongerImproves(@TempDir Path tmp) throws IOException {
        // Adam at 1e-2 overfits the 200 images within a few evaluations.
        run("mlp-djl", tmp, "steps", "400", "earlyStop", "2", "learningRate", "1e-2");
        Path run = tmp.resolve("mlp-djl");
        List<EvalPoint> points = MetricsCsv.read(run.resolve(RunLayout.METRICS));
        RunSummary summary = RunSummary.read(new RunFolder(run));
        assertTrue(summary.stoppedEarly());
        assertTrue(summary.stepsDone() < 400, "stopped at step " + summary.stepsDone());
        assertEquals(points.get(points.size() - 1).step(), summary.stepsDone());
        assertEquals(2, History.evaluationsSinceSelected(points), "two evaluations after the best one");
        assertEquals(2, History.evaluationsSinceSelected(points.subList(0, points.size() - 1)) + 1,
                "and not one evaluation later than that");
        String done = runOut("mlp-djl", tmp, "steps", "400", "earlyStop", "2", "learningRate", "1e-2", "resume", "true");
        assertTrue(done.contains("all 400 steps done") || done.contains("done"), done);
        assertEquals(points, MetricsCsv.read(run.resolve(RunLayout.METRICS)), "kept as it is");
    }

    /** A run stopped after a checkpoint and resumed gives the straight run's metrics.csv, validation columns too. */
    @Test
    void aResumeWithAValidationSetIsTheStraightRun(@TempDir Path tmp) throws IOException {
        String[] settings = {"input", "standardize", "dropout", "0.2", "augment", "flip", "checkpointEvery", "10"};
        run("mlp-djl", tmp.resolve("twice"), with(settings, "steps", "20"));
        run("mlp-djl", tmp.resolve("twice"), with(settings, "steps", "40", "resume", "true"));
        run("mlp-djl", tmp.resolve("once"), with(settings, "steps", "40"));
        List<String> once = Files.readAllLines(tmp.resolve("once/mlp-djl/metrics.csv"));
        List<String> twice = Files.readAllLines(tmp.resolve("twice/mlp-djl/metrics.csv"));
        assertEquals(once.size(), twice.size());
        for (int i = 0; i < once.size(); i++) {
            assertEquals(withoutTimes(once.get(i)), withoutTimes(twice.get(i)));
        }
        assertEquals(RunSummary.read(new RunFolder(tmp.resolve("once/mlp-djl"))).selectedStep(),
                RunSummary.read(new RunFolder(tmp.resolve("twice/mlp-djl"))).selectedStep());
    }

    /** Each refusal comes in one line, before anything is written. */
    @Test
    void badValidationSettingsAreRefusedBeforeAnythingIsWritten(@TempDir Path tmp) {
        Path out = tmp.resolve("out");
        UserError noValidation = assertThrows(UserError.class,
                () -> run("mlp-djl", out, "validation", "0", "earlyStop", "3"));
        assertTrue(noValidation.getMessage().startsWith("bad value earlyStop=3: stops on the validation accuracy"),
                noValidation.getMessage());
        UserError all = assertThrows(UserError.class, () -> run("mlp-djl", out, "validation", "300"));
        assertTrue(all.getMessage().startsWith("bad value validation=300: the training set has 300 images"),
                all.getMessage());
        UserError noBatch = assertThrows(UserError.class, () -> run("mlp-djl", out, "validation", "290"));
        assertTrue(noBatch.getMessage().contains("larger than the training set (10 images, after the validation"
                + " set's 290)"), noBatch.getMessage());
        UserError negative = assertThrows(UserError.class, () -> run("mlp-djl", out, "validation", "-1"));
        assertTrue(negative.getMessage().startsWith("bad value validation=-1"), negative.getMessage());
        assertFalse(Files.exists(out), "nothing written");
    }

    private static String withoutTimes(String line) {
        List<String> columns = Arrays.asList(line.split(","));
        return String.join(",", columns.subList(0, 5)) + "," + String.join(",", columns.subList(7, columns.size()));
    }

    private static String[] with(String[] settings, String... more) {
        String[] all = Arrays.copyOf(settings, settings.length + more.length);
        System.arraycopy(more, 0, all, settings.length, more.length);
        return all;
    }

    private static void run(String id, Path out, String... keyValues) {
        runOut(id, out, keyValues);
    }

    /** Runs an experiment; what it printed. */
    private static String runOut(String id, Path out, String... keyValues) {
        Map<String, String> options = new HashMap<>(SHORT);
        options.put("exp", id);
        options.put("out", out.toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            options.put(keyValues[i], keyValues[i + 1]);
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Main.run(options, new PrintStream(printed));
        return printed.toString();
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
