package backproplab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.report.RunSummary;
import backproplab.results.RunFolder;
import backproplab.results.RunLayout;
import backproplab.train.EvalPoint;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Ctrl-C (SIGINT) or SIGTERM in a run's last second, while it writes its final files: the
 * signal waits for them, and the run ends with a summary that says it is done, every file of
 * the run in place, and a line that says what happened.
 */
class SignalsTest {

    static final String FIXTURE = "src/test/resources/cifar10-fixture";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"INT, final-saves", "INT, model-written", "INT, figures", "INT, before-summary",
            "TERM, model-swap", "TERM, tensorboard-end", "TERM, before-summary"})
    void aSignalDuringTheFinalSavesWaitsForThemAndTheSummarySaysDone(String signal, String moment) throws Exception {
        Path out = tmp.resolve("results");
        Path log = tmp.resolve("child.log");
        Process child = ChildRun.startHeld(Map.of("exp", "mlp-djl", "data", FIXTURE, "steps", "10",
                "evalEvery", "5", "batchSize", "20", "out", out.toString()), moment, tmp.resolve("hold"), log);
        Assumptions.assumeFalse(signal.equals("INT") && ignoresInterrupts(child.pid()),
                "skipped: this test runs where Ctrl-C is ignored (a job started in the background), so the child"
                        + " would ignore SIGINT too");
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, String.valueOf(child.pid())).start().waitFor());
        awaitLine(log, "is writing its final files; waiting for them");
        Files.delete(tmp.resolve("hold"));
        ChildRun ended = ChildRun.ended(child, log);

        assertEquals(signal.equals("INT") ? 130 : 143, ended.exitCode(), ended.output());
        assertTrue(ended.output().contains("interrupted: mlp-djl had made its steps; its files are complete in "),
                ended.output());
        Path folder = out.resolve("mlp-djl");
        List<EvalPoint> points = OneRun.assertConsistent(folder);
        RunSummary summary = RunSummary.read(new RunFolder(folder));
        assertTrue(summary.status().ended() && summary.stepsDone() == 10, "done: " + summary.status());
        assertEquals(10, points.get(points.size() - 1).step());
        for (String figure : List.of(RunLayout.CURVES, RunLayout.CONFUSION, RunLayout.PREDICTIONS, RunLayout.WEIGHTS)) {
            assertTrue(Files.size(folder.resolve(figure)) > 0, figure);
        }
        assertFalse(Files.exists(new RunFolder(folder).checkpoint()), "its checkpoint gone, as a finished run's is");
        assertFalse(Files.exists(folder.resolve(RunLayout.LOCK)), "the folder's lock released");
    }

    /**
     * SIGTERM during the first seed's final saves, when finished seeds are trained on to more
     * steps: the first seed ends done, and the process ends before the second seed starts, its
     * finished run byte for byte as it was (no next run is started, then cut off, once the
     * process is stopping).
     */
    @Test
    void noRunStartsOnceTheProcessIsStopping() throws Exception {
        Path out = tmp.resolve("results");
        Map<String, String> seeds = new HashMap<>(Map.of("exp", "mlp-djl", "seeds", "2", "data", FIXTURE,
                "steps", "4", "evalEvery", "2", "batchSize", "20", "tensorboard", "false", "out", out.toString()));
        Main.run(seeds, new PrintStream(OutputStream.nullOutputStream()));
        Path second = out.resolve("mlp-djl").resolve("seed-43");
        Map<String, String> before = NothingLostTest.snapshot(second);

        seeds.put("steps", "6");
        seeds.put("resume", "true");
        Path log = tmp.resolve("child.log");
        Process child = ChildRun.startHeld(seeds, "final-saves", tmp.resolve("hold"), log);
        assertEquals(0, new ProcessBuilder("kill", "-TERM", String.valueOf(child.pid())).start().waitFor());
        awaitLine(log, "is writing its final files; waiting for them");
        Files.delete(tmp.resolve("hold"));
        ChildRun ended = ChildRun.ended(child, log);

        assertEquals(143, ended.exitCode(), ended.output());
        Path first = out.resolve("mlp-djl").resolve("seed-42");
        assertTrue(RunSummary.read(new RunFolder(first)).status().ended() && RunSummary.read(new RunFolder(first)).stepsDone() == 6,
                "the first seed done");
        OneRun.assertConsistent(first);
        assertEquals(before, NothingLostTest.snapshot(second), "the second seed as it was");
    }

    /** Whether process {@code pid} ignores SIGINT (bit 1 of its ignored-signal mask), as a background job does. */
    private static boolean ignoresInterrupts(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("SigIgn:")) {
                return new BigInteger(line.substring("SigIgn:".length()).trim(), 16).testBit(1);
            }
        }
        return false;
    }

    private static void awaitLine(Path log, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains(text)) {
            assertTrue(System.nanoTime() < deadline, "no \"" + text + "\" in: " + Files.readString(log));
            Thread.sleep(20);
        }
    }
}
