package backproplab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.report.RunSummary;
import backproplab.results.MetricsCsv;
import backproplab.results.RunFolder;
import backproplab.results.SmallDisk;
import backproplab.train.EvalPoint;
import backproplab.util.UserPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A disk that fills up for real (a small tmpfs, filled at a named moment of the run) while a
 * finished 20-step run is trained on to 40 steps: the command ends with one line naming the path
 * and the cause, exit status 2; the folder holds one run (the 20-step run whole, or the 40-step
 * attempt with no summary of another run beside it); and the same command, once there is room
 * again, gives the metrics of a run never stopped.
 */
class FullDiskTest {

    static final String FIXTURE = "src/test/resources/cifar10-fixture";

    @TempDir
    Path tmp;

    private SmallDisk disk;

    @BeforeEach
    void mount() throws Exception {
        disk = SmallDisk.mount(tmp.resolve("disk"), "64m");
    }

    @AfterEach
    void unmount() throws Exception {
        if (disk != null) {
            disk.close();
        }
    }

    /**
     * @param moment where the disk fills: as the metrics file opens, at the model save, before the
     *     figures, before the end of the TensorBoard session
     * @param written the file the error names, in the run's folder
     */
    @ParameterizedTest
    @CsvSource({"training, metrics.csv.partial", "final-saves, model.partial",
            "figures, curves.png", "tensorboard-end, events.out.tfevents."})
    void aDiskThatFillsEndsTheRunInOneLineAndTheSameCommandCompletesIt(String moment, String written)
            throws Exception {
        Path out = disk.root().resolve("results");
        Path folder = out.resolve("mlp-djl");
        Main.run(settings(out, 20), quiet());
        Map<String, String> further = new LinkedHashMap<>(settings(out, 40));
        further.put("resume", "true");

        Path log = tmp.resolve("child.log");
        Process child = ChildRun.startHeld(further, moment, tmp.resolve("hold"), log);
        disk.fill();
        Files.delete(tmp.resolve("hold"));
        ChildRun stopped = ChildRun.ended(child, log);

        assertEquals(2, stopped.exitCode(), stopped.output());
        String last = stopped.lines().get(stopped.lines().size() - 1);
        assertTrue(last.startsWith("error: no space left on the device that holds "
                + UserPath.shown(folder.resolve(written))), last);
        assertFalse(stopped.output().contains("Exception") || stopped.output().contains("\tat "), stopped.output());
        assertEquals(1, stopped.lines().stream().filter(line -> line.startsWith("error:") || line.startsWith(
                "warning:")).count(), "one line: " + stopped.output());
        List<EvalPoint> kept = OneRun.assertConsistent(folder);
        int reached = kept.get(kept.size() - 1).step();
        assertTrue(reached == 20 || reached == 40, "the earlier run or the new attempt: " + reached);

        disk.free();
        Main.run(further, quiet());
        List<EvalPoint> completed = OneRun.assertConsistent(folder);
        assertEquals(40, completed.get(completed.size() - 1).step());
        assertTrue(RunSummary.read(new RunFolder(folder)).status().ended(), "the run is done");
        Main.run(settings(tmp.resolve("straight"), 40), quiet());
        assertEquals(measured(tmp.resolve("straight/mlp-djl")), measured(folder), "as a run never stopped");
    }

    private static Map<String, String> settings(Path out, int steps) {
        return Map.of("exp", "mlp-djl", "data", FIXTURE, "steps", String.valueOf(steps), "evalEvery", "5",
                "batchSize", "20", "out", out.toString());
    }

    /** metrics.csv from step to test_acc: what a run never stopped gives, bit for bit. */
    private static List<String> measured(Path folder) throws IOException {
        return MetricsCsv.read(new RunFolder(folder).metrics()).stream()
                .map(p -> List.of(p.step(), p.trainLoss(), p.trainAccuracy(), p.testLoss(), p.testAccuracy()).toString())
                .toList();
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
