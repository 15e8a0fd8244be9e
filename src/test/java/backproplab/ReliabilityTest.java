package backproplab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.report.Summary;
import backproplab.results.AtomicFiles;
import backproplab.results.FolderClaim;
import backproplab.results.MetricsCsv;
import backproplab.results.RunFiles;
import backproplab.results.RunFolder;
import backproplab.results.RunStatus;
import backproplab.train.EvalPoint;
import backproplab.util.UserError;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What survives a diverging run, Ctrl-C, and a failed rewrite of a results folder. */
class ReliabilityTest {

    static final String FIXTURE = "src/test/resources/cifar10-fixture";

    @Test
    void divergingRunStopsAtTheFirstNonFiniteLossAndKeepsWhatItMeasured(@TempDir Path out) throws Exception {
        UserError e = assertThrows(UserError.class, () -> Main.run(Map.of(
                "exp", "mlp-djl", "data", FIXTURE, "learningRate", "1e3", "steps", "200", "evalEvery", "50",
                "batchSize", "50", "out", out.toString()), quiet()));
        assertTrue(e.getMessage().contains("no longer finite") && e.getMessage().contains("learningRate"),
                e.getMessage());
        Path folder = out.resolve("mlp-djl");
        List<EvalPoint> points = MetricsCsv.read(folder.resolve("metrics.csv"));
        EvalPoint last = points.get(points.size() - 1);
        // It stopped at the first non-finite loss, with an evaluation there, long before step 200.
        assertTrue(last.step() < 50, "stopped at step " + last.step());
        assertFalse(Double.isFinite(last.trainLoss()), "last train loss " + last.trainLoss());
        assertTrue(Double.isFinite(points.get(0).trainLoss()), "step 1 was still finite");
        assertNotNull(ImageIO.read(folder.resolve("curves.png").toFile()));
        JsonObject summary = JsonParser.parseString(Files.readString(folder.resolve("summary.json"))).getAsJsonObject();
        assertTrue(summary.get("diverged").getAsBoolean());
        assertEquals(last.step(), summary.get("stepsDone").getAsInt());
    }

    @Test
    void interruptedRunKeepsEveryEvaluationSoFarAndSaysItWasInterrupted(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("results");
        Process child = startLongRun(out);
        Path partial = out.resolve("mlp-djl").resolve("metrics.csv.partial");
        waitForEvaluations(child, partial, out);
        // SIGTERM, as Ctrl-C's SIGINT: the JVM runs its shutdown hooks.
        child.destroy();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not stop");
        Path folder = out.resolve("mlp-djl");
        List<EvalPoint> points = MetricsCsv.read(folder.resolve("metrics.csv"));
        assertTrue(points.size() >= 3, points.size() + " evaluations kept");
        assertEquals(List.of(1, 5, 10), points.subList(0, 3).stream().map(EvalPoint::step).toList());
        assertFalse(Files.exists(partial), "the partial file was moved in place");
        assertNotNull(ImageIO.read(folder.resolve("curves.png").toFile()), "chart drawn on exit");
        String log = Files.readString(out.resolveSibling("child.log"));
        assertTrue(log.contains("interrupted"), log);
        // The summary says what happened, and the results table beside it shows it.
        JsonObject summary = JsonParser.parseString(Files.readString(folder.resolve("summary.json"))).getAsJsonObject();
        assertTrue(summary.get("interrupted").getAsBoolean());
        int last = points.get(points.size() - 1).step();
        assertEquals(last, summary.get("stepsDone").getAsInt());
        assertEquals(points.get(points.size() - 1).testAccuracy(), summary.get("finalTestAccuracy").getAsDouble(), 1e-6);
        assertEquals(new RunStatus(false, true, last, 1_000_000), Summary.statusOf(new RunFolder(folder)));
        String table = Files.readString(out.resolve("README.md"));
        assertTrue(table.contains("| [mlp-djl](mlp-djl/) (interrupted at step " + last + " of 1000000) |"), table);
        assertFalse(Files.exists(folder.resolve(FolderClaim.LOCK)), "the lock is released on the way out");
    }

    @Test
    void aSecondRunIntoAFolderALiveRunIsWritingStopsBeforeTraining(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("results");
        Process child = startLongRun(out);
        try {
            waitForEvaluations(child, out.resolve("mlp-djl").resolve("metrics.csv.partial"), out);
            UserError e = assertThrows(UserError.class, () -> Main.run(Map.of(
                    "exp", "mlp-djl", "data", FIXTURE, "steps", "3", "batchSize", "50", "out", out.toString()), quiet()));
            assertTrue(e.getMessage().contains("mlp-djl is being written by another run (pid " + child.pid() + ","),
                    e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line");
            assertTrue(Files.exists(out.resolve("mlp-djl").resolve("metrics.csv.partial")),
                    "the live run's files are untouched");
        } finally {
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
        }
        // SIGKILL left the lock file behind: the next run takes it over.
        assertTrue(Files.exists(out.resolve("mlp-djl").resolve(FolderClaim.LOCK)));
        Main.run(Map.of("exp", "mlp-djl", "data", FIXTURE, "steps", "3", "batchSize", "50", "out", out.toString()),
                quiet());
        assertEquals(List.of(1, 3), MetricsCsv.read(out.resolve("mlp-djl").resolve("metrics.csv")).stream()
                .map(EvalPoint::step).toList());
    }

    @Test
    void libtorchPrintsNoDeprecationWarning(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("results");
        Process child = new ProcessBuilder(javaCommand(out, "-Dsteps=2", "-DevalEvery=1"))
                .redirectErrorStream(true).redirectOutput(out.resolveSibling("child.log").toFile()).start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child did not finish");
        String log = Files.readString(out.resolveSibling("child.log"));
        assertEquals(0, child.exitValue(), log);
        assertTrue(log.contains("final test accuracy"), log);
        assertFalse(log.contains("AutoNonVariableTypeMode"), log);
    }

    /**
     * A training run of mlp-djl in a child JVM that would run for hours; its log goes beside the
     * results folder {@code out} (the suite writes only into a new, empty or marked one).
     */
    private static Process startLongRun(Path out) throws IOException {
        return new ProcessBuilder(javaCommand(out, "-Dsteps=1000000", "-DevalEvery=5"))
                .redirectErrorStream(true)
                .redirectOutput(out.resolveSibling("child.log").toFile())
                .start();
    }

    private static List<String> javaCommand(Path out, String... options) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath,
                "-Djava.awt.headless=true",
                "-Dai.djl.offline=true",
                "-Dexp=mlp-djl",
                "-Ddata=" + FIXTURE,
                "-DbatchSize=50",
                "-Dout=" + out));
        command.addAll(List.of(options));
        command.add("backproplab.Main");
        return command;
    }

    private static void waitForEvaluations(Process child, Path partial, Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (lines(partial) < 4 && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(child.isAlive(), "the child ended on its own: " + Files.readString(out.resolveSibling("child.log")));
        assertTrue(lines(partial) >= 4, "no evaluations within two minutes");
    }

    @Test
    void failedRewriteLeavesTheOldFileWholeAndNoPartialFile(@TempDir Path folder) throws Exception {
        Path target = folder.resolve("summary.json");
        AtomicFiles.write(target, "{\"old\": true}\n".getBytes());
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, file -> {
            Files.writeString(file, "{\"half");
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().endsWith(target + ": disk full"), "names the file it was writing: " + e.getMessage());
        assertEquals("{\"old\": true}\n", Files.readString(target));
        try (var files = Files.list(folder)) {
            assertEquals(List.of(target), files.toList());
        }
    }

    @Test
    void rerunReplacesTheOldMetricsOnlyWhenItEnds(@TempDir Path folder) throws Exception {
        Path metrics = folder.resolve("metrics.csv");
        Files.writeString(metrics, "the previous run's metrics\n");
        EvalPoint point = new EvalPoint(1, 2.3, 0.1, 2.2, 0.12, 0.5, 100);
        try (RunFiles files = RunFiles.open(new RunFolder(folder), List.of(), false)) {
            files.accept(point);
            assertEquals("the previous run's metrics\n", Files.readString(metrics), "old file whole while running");
            files.putInPlace();
        }
        assertEquals(List.of(point.step()), MetricsCsv.read(metrics).stream().map(EvalPoint::step).toList());
    }

    private static long lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var lines = Files.lines(file)) {
            return lines.count();
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
