package backproplab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.config.ExperimentCatalog;
import backproplab.results.Checkpoints;
import backproplab.results.RunFolder;
import backproplab.results.RunLayout;
import backproplab.util.UserPath;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Dexp=all} killed in its second experiment, then run again with -Dresume=true: the first
 * experiment is kept as it is, the second continues from its checkpoint, the rest begin, and every
 * run's metrics are those of {@code -Dexp=all} never stopped.
 */
class ResumeAllTest {

    /**
     * Every experiment at its smallest: 2 steps of 10 images, evaluated at each (the deep MLPs
     * keep their size: -Dhidden does not apply to the ConvNet, so not to all); no TensorBoard; no
     * validation set (mlp-best's 5000 images are more than the fixture has).
     */
    static final Map<String, String> TINY = Map.of("exp", "all", "data", NothingLostTest.FIXTURE, "steps", "2",
            "evalEvery", "1", "batchSize", "10", "evalBatchSize", "100", "tensorboard", "false", "stats", "false",
            "validation", "0");

    @TempDir
    Path tmp;

    @Test
    void allResumedKeepsTheDoneContinuesTheStoppedAndStartsTheRest() throws Exception {
        Path out = tmp.resolve("resumed");
        killInTheSecondExperiment(out);
        Path first = out.resolve("mlp-numpy");
        Path second = out.resolve("mlp-djl");
        Map<String, String> done = NothingLostTest.snapshot(first);
        assertTrue(done.containsKey(RunLayout.SUMMARY), "the first is done: " + done.keySet());
        assertFalse(Files.exists(new RunFolder(second).summary()), "the second is not");
        Path checkpoint = second.resolve(RunLayout.CHECKPOINT).resolve(Checkpoints.FILE);
        assertEquals(1, JsonParser.parseString(Files.readString(checkpoint)).getAsJsonObject().get("step").getAsInt());
        assertFalse(Files.exists(out.resolve("mlp-deep-adam")), "the third never began");

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Main.run(NothingLostTest.settings(TINY, out, "resume", "true"), new PrintStream(printed, true, StandardCharsets.UTF_8));
        Main.run(NothingLostTest.settings(TINY, tmp.resolve("straight")), quiet());

        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(List.of("mlp-numpy: all 2 steps done in " + UserPath.shown(first)),
                lines.stream().filter(line -> line.contains("steps done")).toList(), "only the first kept");
        assertEquals(List.of("mlp-djl: resuming at step 1 of 2"),
                lines.stream().filter(line -> line.contains(": resuming at")).map(line -> line.split(" \\(")[0])
                        .toList(), "only the second continued");
        assertEquals(done, NothingLostTest.snapshot(first), "the first is as it was, byte for byte");
        Map<String, List<String>> straight = measuredRuns(tmp.resolve("straight"));
        int runs = new ExperimentCatalog(Path.of("experiments")).all().stream()
                .mapToInt(spec -> Math.max(1, spec.batchNormRuns().size())).sum();
        assertEquals(runs, straight.size(), "every run of every experiment: " + straight.keySet());
        assertEquals(straight, measuredRuns(out));
    }

    /**
     * {@code -Dexp=all} in a child JVM with a checkpoint at step 1, held at the end of the steps of
     * each run: let go at the first experiment's, killed (SIGKILL) at the second's.
     */
    private void killInTheSecondExperiment(Path out) throws Exception {
        Path hold = Files.createFile(tmp.resolve("hold"));
        // A checkpoint at step 1 here only: a resume does not compare -DcheckpointEvery, and the runs after need none.
        Map<String, String> held = NothingLostTest.settings(TINY, out, "checkpointEvery", "1", "backproplab.holdAt", "final-saves",
                "backproplab.holdFile", hold.toString());
        Path log = tmp.resolve("child.log");
        Process child = ChildRun.start(held, log);
        try {
            waitFor(() -> holds(log) == 1, child, log);
            Files.delete(hold);
            // Held again once it is past the hold (its summary written): at the second experiment's end.
            waitFor(() -> Files.exists(new RunFolder(out.resolve("mlp-numpy")).summary()), child, log);
            Files.createFile(hold);
            waitFor(() -> holds(log) == 2, child, log);
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        }
    }

    /** How many times the child said it is held. */
    private static long holds(Path log) {
        try {
            return Files.readAllLines(log).stream().filter(line -> line.equals("held at final-saves")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Waits (two minutes at most) until {@code condition} holds, the child alive meanwhile. */
    private static void waitFor(BooleanSupplier condition, Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            assertTrue(child.isAlive() && System.nanoTime() < deadline, "the child: " + Files.readString(log));
            Thread.sleep(1);
        }
    }

    /** Every metrics.csv under {@code out}, by its folder: step to test_acc of each line. */
    private static Map<String, List<String>> measuredRuns(Path out) throws IOException {
        Map<String, List<String>> runs = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(out)) {
            for (Path csv : walk.filter(f -> f.getFileName().toString().equals(RunLayout.METRICS)).toList()) {
                runs.put(out.relativize(csv.getParent()).toString(), ResumeTest.measured(csv));
            }
        }
        return runs;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
