package backproplab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.report.Summary;
import backproplab.results.MetricsCsv;
import backproplab.results.RunFolder;
import backproplab.results.RunLayout;
import backproplab.train.EvalPoint;
import backproplab.util.UserError;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An MLP's batch norm normalizes each unit over the batch: a batch of one image has no variance,
 * and libtorch refuses it at the first step. Such a run is refused before anything is written,
 * where it would otherwise have emptied the folder of the run it replaces. The ConvNet's batch
 * norms normalize over the image's positions too, and train on batches of one.
 */
class BatchOfOneTest {

    @TempDir
    Path tmp;

    /** Refused as a user sees it (exit 2, one line beginning error:, no stack trace); the finished run as it was. */
    @ParameterizedTest
    @ValueSource(strings = {"builtin", "autograd", "manual"})
    void aBatchOfOneWithBatchNormIsRefusedAndTheFinishedRunKept(String batchNorm) throws Exception {
        Path out = tmp.resolve("results");
        Main.run(NothingLostTest.settings(out), quiet());
        Map<String, String> before = NothingLostTest.snapshot(out);

        ChildRun refused = ChildRun.run(NothingLostTest.settings(out, "batchSize", "1", "batchNorm", batchNorm),
                tmp.resolve("child.log"));
        assertEquals(2, refused.exitCode(), refused.output());
        List<String> errors = refused.lines().stream().filter(line -> line.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), refused.output());
        assertEquals(errors.get(0), refused.lines().get(refused.lines().size() - 1), refused.output());
        assertTrue(errors.get(0).startsWith("error: bad value batchSize=1: "), refused.output());
        assertTrue(errors.get(0).contains("-DbatchNorm=none"), "the way out: " + refused.output());
        assertFalse(refused.output().contains("Exception") || refused.output().contains("\tat "), refused.output());
        assertEquals(before, NothingLostTest.snapshot(out), "the finished run is as it was");
    }

    /** Section 3 compares the batch norms: each of its runs would fail, so it is refused before the first trains. */
    @Test
    void theBatchNormComparisonRefusesABatchOfOne() throws Exception {
        Path out = tmp.resolve("results");
        Main.run(NothingLostTest.settings(out), quiet());
        Map<String, String> before = NothingLostTest.snapshot(out);

        UserError e = assertThrows(UserError.class,
                () -> Main.run(NothingLostTest.settings(out, "exp", "batchnorm", "batchSize", "1"), quiet()));
        assertTrue(e.getMessage().startsWith("bad value batchSize=1: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        // Its batch norms are the experiment itself: none is the way out.
        assertFalse(e.getMessage().contains("-DbatchNorm=none"), e.getMessage());
        assertEquals(before, NothingLostTest.snapshot(out), "nothing written, nothing deleted");
    }

    @Test
    void theConvNetTrainsOnBatchesOfOne() throws Exception {
        Path out = tmp.resolve("results");
        Main.run(Map.of("exp", "convnet", "data", NothingLostTest.FIXTURE, "steps", "2", "evalEvery", "1",
                "batchSize", "1", "evalBatchSize", "50", "out", out.toString()), quiet());
        Path folder = out.resolve("convnet");
        assertEquals(2, Summary.read(new RunFolder(folder)).stepsDone());
        List<EvalPoint> points = MetricsCsv.read(new RunFolder(folder).metrics());
        assertEquals(2, points.get(points.size() - 1).step());
        assertTrue(points.stream().allMatch(p -> Double.isFinite(p.trainLoss()) && Double.isFinite(p.testLoss())),
                points.toString());
        assertTrue(Files.isDirectory(folder.resolve(RunLayout.MODEL)), "its model saved");
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
