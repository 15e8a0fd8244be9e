package backproplab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.report.SeedsSummary;
import backproplab.report.Summary;
import backproplab.results.Checkpoints;
import backproplab.results.RunFolder;
import backproplab.results.RunLayout;
import backproplab.tensorboard.TensorBoardView;
import backproplab.util.UserError;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A run killed after a checkpoint continues with -Dresume=true as if it had never stopped. */
public class ResumeTest {

    static final String FIXTURE = "src/test/resources/cifar10-fixture";
    /** Settings of every run here: epochs of 15 steps on the fixture, so the batch order reshuffles. */
    static final Map<String, String> SHORT = Map.of("data", FIXTURE, "batchSize", "20", "evalEvery", "10",
            "evalBatchSize", "50", "checkpointEvery", "20");

    /**
     * A child JVM trains, is killed with SIGKILL once it has written a checkpoint, and the run is
     * resumed to 120 steps: its metrics.csv equals an uninterrupted 120-step run's, from step to
     * test_acc, bit for bit, and so does its diagnostics.csv (layer statistics every 5 steps, those
     * after the checkpoint made again). An Adam experiment (moments and step count restored) and
     * the hand-written MLP.
     */
    @ParameterizedTest
    @ValueSource(strings = {"mlp-deep-adam", "mlp-numpy"})
    void aRunKilledAfterACheckpointResumesExactly(String id, @TempDir Path tmp) throws Exception {
        Map<String, String> settings = new HashMap<>(SHORT);
        settings.put("statsEvery", "5");
        if (id.equals("mlp-deep-adam")) {
            settings.put("hidden", "256,128");
        }
        Path killed = tmp.resolve("killed");
        Process child = child(id, settings, killed, "-Dsteps=1000000");
        Path checkpoint = killed.resolve(id).resolve("checkpoint").resolve(Checkpoints.FILE);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(checkpoint) && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(child.isAlive(), "the child ended on its own: " + Files.readString(tmp.resolve("child.log")));
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        }
        int at = JsonParser.parseString(Files.readString(checkpoint)).getAsJsonObject().get("step").getAsInt();
        assertTrue(at >= 20 && at < 120, "checkpoint at step " + at);

        Map<String, String> resume = new HashMap<>(settings);
        resume.putAll(Map.of("exp", id, "steps", "120", "resume", "true", "out", killed.toString()));
        Main.run(resume, quiet());
        Map<String, String> straight = new HashMap<>(settings);
        straight.putAll(Map.of("exp", id, "steps", "120", "out", tmp.resolve("straight").toString()));
        Main.run(straight, quiet());

        List<String> resumed = measured(killed.resolve(id).resolve("metrics.csv"));
        assertEquals(14, resumed.size(), "the header, then steps 1, 10, 20, ..., 120");
        assertEquals(measured(tmp.resolve("straight").resolve(id).resolve("metrics.csv")), resumed);
        List<String> diagnostics = Files.readAllLines(killed.resolve(id).resolve("diagnostics.csv"));
        assertEquals(Files.readAllLines(tmp.resolve("straight").resolve(id).resolve("diagnostics.csv")), diagnostics);
        // Steps 1, 5, 10, ..., 120 (25 records), a row per weight layer and per ReLU of each.
        int layers = id.equals("mlp-deep-adam") ? 3 + 2 : 2 + 1;
        assertEquals(1 + 25 * layers, diagnostics.size());
        assertFalse(Files.exists(killed.resolve(id).resolve("checkpoint")), "a finished run's checkpoint goes");
        assertTrue(Files.exists(killed.resolve(id).resolve("model").resolve("spec.json")), "the model stays");
        assertEquals(Summary.read(new RunFolder(tmp.resolve("straight").resolve(id))).finalTestAccuracy(),
                Summary.read(new RunFolder(killed.resolve(id))).finalTestAccuracy());

        // TensorBoard: a second file that starts at the first step after the checkpoint; read as
        // TensorBoard reads them, the two files hold each step once, with the straight run's values.
        TensorBoardView resumedEvents = new TensorBoardView(killed.resolve(id));
        assertEquals(2, resumedEvents.files.size());
        assertEquals(List.of(0L, at + 1L), resumedEvents.starts);
        TensorBoardView.assertSameValues(new TensorBoardView(tmp.resolve("straight").resolve(id)), resumedEvents,
                List.of("system/", "settings", "_hparams_"));
        assertEquals(120, resumedEvents.scalars("Loss/train").size(), "the training loss of every step, once");
    }

    /** A finished run continues to more steps; the same steps again is nothing to resume. */
    @Test
    void aFinishedRunContinuesWithMoreSteps(@TempDir Path tmp) throws Exception {
        run("mlp-numpy", tmp.resolve("twice"), "steps", "40");
        UserError done = assertThrows(UserError.class,
                () -> run("mlp-numpy", tmp.resolve("twice"), "steps", "40", "resume", "true"));
        assertTrue(done.getMessage().contains("has made 40 of 40 steps already: nothing to resume"), done.getMessage());
        run("mlp-numpy", tmp.resolve("twice"), "steps", "80", "resume", "true");
        run("mlp-numpy", tmp.resolve("once"), "steps", "80");
        assertEquals(measured(tmp.resolve("once").resolve("mlp-numpy").resolve("metrics.csv")),
                measured(tmp.resolve("twice").resolve("mlp-numpy").resolve("metrics.csv")));
        assertEquals(Files.readAllLines(tmp.resolve("once").resolve("mlp-numpy").resolve("diagnostics.csv")),
                Files.readAllLines(tmp.resolve("twice").resolve("mlp-numpy").resolve("diagnostics.csv")));
        // TensorBoard: the first 40 steps' file, then one from step 41; the figures at step 40 stay
        // (the run had ended there), every scalar and histogram is the straight run's.
        TensorBoardView twice = new TensorBoardView(tmp.resolve("twice/mlp-numpy"));
        assertEquals(List.of(0L, 41L), twice.starts);
        assertEquals(List.of(40L, 80L), List.copyOf(twice.byStep("figures/curves").keySet()));
        TensorBoardView.assertSameValues(new TensorBoardView(tmp.resolve("once/mlp-numpy")), twice,
                List.of("system/", "settings", "_hparams_", "figures/"));
    }

    /**
     * SGD with momentum (and Nesterov's), a step schedule with a warm-up, dropout and augmentation,
     * all on: a run continues with the velocities its checkpoint holds, the rate of each step and
     * the masks, flips and crops of each step (drawn from a generator seeded by the step), so that
     * trained on to 80 steps it gives the metrics of a run trained straight through, bit for bit;
     * another momentum is refused. (A rate of 1e-4: at momentum 0.9 the step is about ten times the
     * rate, and 2e-2 diverges.)
     */
    @ParameterizedTest
    @CsvSource({"mlp-djl, false", "mlp-djl, true", "mlp-numpy, true"})
    void momentumScheduleDropoutAndAugmentationContinueBitForBit(String experiment, String nesterov, @TempDir Path tmp)
            throws Exception {
        Path twice = tmp.resolve("twice");
        // A step schedule with a warm-up, dropout and augmentation on top: the rate of a step and what
        // it draws depend on the step alone.
        String[] settings = {"learningRate", "1e-4", "momentum", "0.9", "nesterov", nesterov, "schedule", "step",
                "decayEvery", "30", "decayFactor", "0.5", "warmup", "10", "dropout", "0.2", "augment", "flip,crop"};
        run(experiment, twice, with(settings, "steps", "40"));
        UserError other = assertThrows(UserError.class, () -> run(experiment, twice,
                with(settings, "momentum", "0.5", "steps", "80", "resume", "true")));
        assertTrue(other.getMessage().contains("momentum: 0.9 in the checkpoint, 0.5 now"), other.getMessage());
        run(experiment, twice, with(settings, "steps", "80", "resume", "true"));
        run(experiment, tmp.resolve("once"), with(settings, "steps", "80"));
        assertEquals(measured(tmp.resolve("once").resolve(experiment).resolve("metrics.csv")),
                measured(twice.resolve(experiment).resolve("metrics.csv")));
    }

    /** A cosine schedule spans the run's steps: a run trained on to more steps would not be the straight one. */
    @Test
    void aCosineScheduleKeepsItsSteps(@TempDir Path tmp) {
        run("mlp-djl", tmp, "schedule", "cosine", "steps", "20");
        UserError longer = assertThrows(UserError.class,
                () -> run("mlp-djl", tmp, "schedule", "cosine", "steps", "40", "resume", "true"));
        assertTrue(longer.getMessage().contains("steps: 20 in the checkpoint, 40 now")
                && longer.getMessage().endsWith("-Dsteps neither: a cosine schedule spans the run's steps"),
                longer.getMessage());
    }

    /** {@code settings} with {@code more} key-value pairs after them (a later key replaces an earlier one). */
    private static String[] with(String[] settings, String... more) {
        String[] all = Arrays.copyOf(settings, settings.length + more.length);
        System.arraycopy(more, 0, all, settings.length, more.length);
        return all;
    }

    /** With several seeds, resuming keeps the seeds done and runs the ones not yet begun. */
    @Test
    void resumingSeedsKeepsTheDoneOnesAndRunsTheRest(@TempDir Path tmp) throws Exception {
        run("mlp-numpy", tmp.resolve("resumed"), "steps", "30", "seeds", "2");
        long done = Files.getLastModifiedTime(tmp.resolve("resumed/mlp-numpy/seed-42/metrics.csv")).toMillis();
        run("mlp-numpy", tmp.resolve("resumed"), "steps", "30", "seeds", "3", "resume", "true");
        run("mlp-numpy", tmp.resolve("straight"), "steps", "30", "seeds", "3");
        assertEquals(done, Files.getLastModifiedTime(tmp.resolve("resumed/mlp-numpy/seed-42/metrics.csv")).toMillis(),
                "a seed done is kept as it is");
        for (String file : List.of("seed-42/metrics.csv", "seed-43/metrics.csv", "seed-44/metrics.csv", "metrics.csv")) {
            assertEquals(measured(tmp.resolve("straight/mlp-numpy").resolve(file)),
                    measured(tmp.resolve("resumed/mlp-numpy").resolve(file)), file);
        }
        assertEquals(3, SeedsSummary.read(new RunFolder(tmp.resolve("resumed/mlp-numpy"))).seeds().size());
    }

    /**
     * A seed stopped before its first checkpoint has nothing to continue from: a resume begins it
     * afresh, and its metrics are those of a seed never stopped.
     */
    @Test
    void aSeedStoppedBeforeItsFirstCheckpointBeginsAfresh(@TempDir Path tmp) throws Exception {
        run("mlp-numpy", tmp.resolve("resumed"), "steps", "30", "seeds", "2");
        Path second = tmp.resolve("resumed/mlp-numpy/seed-43");
        // What a stop at step 10 leaves: a summary saying so, the metrics so far, no checkpoint.
        JsonObject summary = JsonParser.parseString(Files.readString(new RunFolder(second).summary())).getAsJsonObject();
        summary.addProperty("interrupted", true);
        summary.addProperty("stepsDone", 10);
        Files.writeString(new RunFolder(second).summary(), summary.toString());
        assertTrue(Summary.read(new RunFolder(second)).status().interrupted(), "the edit took");
        List<String> lines = Files.readAllLines(second.resolve("metrics.csv"));
        Files.write(second.resolve("metrics.csv"), lines.subList(0, 3));
        RunLayout.delete(second.resolve("model"), RunLayout.Kind.MODEL);

        run("mlp-numpy", tmp.resolve("resumed"), "steps", "30", "seeds", "2", "resume", "true");
        run("mlp-numpy", tmp.resolve("straight"), "steps", "30", "seeds", "2");
        assertEquals(measured(tmp.resolve("straight/mlp-numpy/seed-43/metrics.csv")), measured(second.resolve("metrics.csv")));
        assertFalse(Summary.read(new RunFolder(second)).status().interrupted());
    }

    @Test
    void resumingWithoutACheckpointIsAnErrorAndChangesNothing(@TempDir Path tmp) {
        UserError e = assertThrows(UserError.class, () -> run("mlp-djl", tmp, "steps", "40", "resume", "true"));
        assertTrue(e.getMessage().contains("holds no checkpoint") && e.getMessage().contains("nothing to resume"),
                e.getMessage());
        assertFalse(Files.exists(tmp.resolve("mlp-djl")), "nothing made");
    }

    @Test
    void resumingWithOtherSettingsNamesEachOneAndOverwritesNothing(@TempDir Path tmp) throws Exception {
        run("mlp-djl", tmp, "steps", "40");
        Path folder = tmp.resolve("mlp-djl");
        byte[] metrics = Files.readAllBytes(folder.resolve("metrics.csv"));
        UserError e = assertThrows(UserError.class, () -> run("mlp-djl", tmp, "steps", "80", "resume", "true",
                "learningRate", "1e-2", "seed", "7"));
        assertTrue(e.getMessage().contains("learningRate: 0.002 in the checkpoint, 0.01 now"), e.getMessage());
        assertTrue(e.getMessage().contains("seed: 42 in the checkpoint, 7 now"), e.getMessage());
        assertFalse(e.getMessage().contains("steps:"), "steps may change: " + e.getMessage());
        assertTrue(Arrays.equals(metrics, Files.readAllBytes(folder.resolve("metrics.csv"))), "nothing overwritten");
    }

    @Test
    void aDamagedCheckpointIsAnErrorNamingTheFile(@TempDir Path tmp) throws Exception {
        run("mlp-djl", tmp, "steps", "40");
        Path checkpoint = tmp.resolve("mlp-djl").resolve("model").resolve("training");
        Path state;
        try (var files = Files.list(checkpoint)) {
            state = files.filter(f -> f.getFileName().toString().startsWith("state-")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(state);
        Files.write(state, Arrays.copyOf(bytes, bytes.length / 2));
        UserError truncated = assertThrows(UserError.class, () -> run("mlp-djl", tmp, "steps", "80", "resume", "true"));
        assertTrue(truncated.getMessage().contains(state.getFileName().toString())
                && truncated.getMessage().contains("truncated"), truncated.getMessage());
        bytes[bytes.length / 3] ^= 0x55;
        Files.write(state, bytes);
        UserError damaged = assertThrows(UserError.class, () -> run("mlp-djl", tmp, "steps", "80", "resume", "true"));
        assertTrue(damaged.getMessage().contains("checksum differs"), damaged.getMessage());
        Files.writeString(checkpoint.resolve(Checkpoints.FILE), "{\"step\": 2");
        UserError corrupt = assertThrows(UserError.class, () -> run("mlp-djl", tmp, "steps", "80", "resume", "true"));
        assertTrue(corrupt.getMessage().contains("checkpoint.json: not a checkpoint"), corrupt.getMessage());
    }

    private static void run(String id, Path out, String... keyValues) {
        Map<String, String> options = new HashMap<>(SHORT);
        options.put("exp", id);
        options.put("out", out.toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            options.put(keyValues[i], keyValues[i + 1]);
        }
        Main.run(options, quiet());
    }

    private static Process child(String id, Map<String, String> settings, Path out, String... extra) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
                "-Djava.awt.headless=true", "-Dai.djl.offline=true", "-Dexp=" + id, "-Dout=" + out));
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of(extra));
        command.add("backproplab.Main");
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.resolveSibling("child.log").toFile()).start();
    }

    /** The lines of a metrics.csv without the timing columns (elapsed_s, rss_mb). */
    /** metrics.csv from step to test_acc: what the same seed gives bit for bit. */
    public static List<String> measured(Path csv) throws IOException {
        return Files.readAllLines(csv).stream()
                .map(l -> String.join(",", Arrays.asList(l.split(",")).subList(0, 5)))
                .toList();
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
