package backproplab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.report.RunSummary;
import backproplab.report.Summary;
import backproplab.results.RunFolder;
import backproplab.results.RunLayout;
import backproplab.util.UserError;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** -Dsweep.<key>=v1,v2,...: the points, their folders, summary.csv and sweep.png; shards. */
class SweepTest {

    static final String FIXTURE = "src/test/resources/cifar10-fixture";
    static final Map<String, String> SHORT = Map.of("data", FIXTURE, "steps", "12", "evalEvery", "4",
            "batchSize", "20", "evalBatchSize", "50");

    @Test
    void aOneKeySweepTrainsEachPointAndDrawsTheComparisonAndADivergingPointDoesNotStopIt(@TempDir Path out)
            throws Exception {
        Main.run(options(out, "exp", "mlp-djl", "sweep.learningRate", "1e-3,2e-3,1e3"), quiet());
        Path sweep = out.resolve("mlp-djl-sweep-learningRate");
        assertEquals(List.of("learningRate=1e-3", "learningRate=1e3", "learningRate=2e-3"), pointFolders(sweep));
        for (String point : pointFolders(sweep)) {
            assertTrue(Files.exists(sweep.resolve(point).resolve("summary.json")), point);
            assertTrue(Files.exists(sweep.resolve(point).resolve("curves.png")), point);
        }
        List<String> rows = Files.readAllLines(sweep.resolve(RunLayout.SWEEP_SUMMARY));
        assertEquals("learningRate,final_test_acc,best_test_acc,best_step,ms_per_step,wall_s,diverged,interrupted",
                rows.get(0));
        assertEquals(List.of("1e-3", "2e-3", "1e3"), rows.subList(1, 4).stream().map(r -> r.split(",")[0]).toList(),
                "one row per point, in the sweep's order");
        assertTrue(rows.get(3).endsWith(",true,false"), "the diverged point is recorded: " + rows.get(3));
        assertTrue(rows.get(1).endsWith(",false,false") && rows.get(2).endsWith(",false,false"), rows.toString());
        BufferedImage figure = ImageIO.read(sweep.resolve(RunLayout.SWEEP_FIGURE).toFile());
        assertEquals(1280, figure.getWidth());
        assertFalse(Files.exists(out.resolve("mlp-djl")), "a sweep does not touch the experiment's own folder");
    }

    /**
     * With a validation set, summary.csv gives each point's choice (the test accuracy at its best
     * validation accuracy, that step and that accuracy) as its summary does; a list as a sweep's
     * value is joined by '+'.
     */
    @Test
    void aSweepWithAValidationSetTabulatesWhatItSelects(@TempDir Path out) throws Exception {
        Main.run(options(out, "exp", "mlp-djl", "validation", "100", "sweep.augment", "none,flip+crop"), quiet());
        Path sweep = out.resolve("mlp-djl-sweep-augment");
        List<String> rows = Files.readAllLines(sweep.resolve(RunLayout.SWEEP_SUMMARY));
        assertEquals("augment,final_test_acc,best_test_acc,best_step,selected_test_acc,selected_step,best_val_acc,"
                + "ms_per_step,wall_s,diverged,interrupted", rows.get(0));
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",");
            RunSummary point = RunSummary.read(new RunFolder(sweep.resolve("augment=" + cells[0])));
            assertEquals(String.format(Locale.ROOT, "%.4f", point.selectedTestAccuracy()), cells[4], row);
            assertEquals(String.valueOf(point.selectedStep()), cells[5], row);
            assertEquals(String.format(Locale.ROOT, "%.4f", point.selectedValidationAccuracy()), cells[6], row);
        }
        assertEquals("flip,crop", RunSummary.read(new RunFolder(sweep.resolve("augment=flip+crop"))).spec()
                .get("augment"));
        assertEquals(3, rows.size());
    }

    @Test
    void aTwoKeySweepIsAGridInOneFolderPerPoint(@TempDir Path out) throws Exception {
        Main.run(options(out, "exp", "mlp-deep-adam", "hidden", "16", "sweep.learningRate", "1e-3,1e-4",
                "sweep.weightDecay", "0,1e-4"), quiet());
        Path sweep = out.resolve("mlp-deep-adam-sweep-learningRate-weightDecay");
        assertEquals(List.of("learningRate=1e-3,weightDecay=0", "learningRate=1e-3,weightDecay=1e-4",
                "learningRate=1e-4,weightDecay=0", "learningRate=1e-4,weightDecay=1e-4"), pointFolders(sweep));
        List<String> rows = Files.readAllLines(sweep.resolve(RunLayout.SWEEP_SUMMARY));
        assertEquals(5, rows.size());
        assertTrue(rows.get(0).startsWith("learningRate,weightDecay,final_test_acc"), rows.get(0));
        assertTrue(rows.get(2).startsWith("1e-3,1e-4,"), rows.get(2));
        assertTrue(ImageIO.read(sweep.resolve(RunLayout.SWEEP_FIGURE).toFile()).getHeight() > 400);
    }

    /**
     * -Dsweep.activation trains the DJL MLP and the hand-written one with each activation on the
     * fixture: each point records its activation, and its statistics name its activation's layer.
     */
    @ParameterizedTest
    @ValueSource(strings = {"mlp-djl", "mlp-numpy"})
    void aSweepOverTheActivationTrainsEachOne(String id, @TempDir Path out) throws Exception {
        Main.run(options(out, "exp", id, "sweep.activation", "relu,leakyRelu,elu,tanh"), quiet());
        Path sweep = out.resolve(id + "-sweep-activation");
        assertEquals(List.of("activation=elu", "activation=leakyRelu", "activation=relu", "activation=tanh"),
                pointFolders(sweep));
        for (String activation : List.of("relu", "leakyRelu", "elu", "tanh")) {
            Path point = sweep.resolve("activation=" + activation);
            Summary summary = Summary.read(new RunFolder(point));
            assertEquals(activation, summary.spec().get("activation"), point.toString());
            assertFalse(summary.diverged(), point.toString());
            List<String> layers = Files.readAllLines(point.resolve(RunLayout.DIAGNOSTICS)).stream().skip(1)
                    .map(row -> row.split(",")[1]).distinct().toList();
            assertEquals(List.of("linear1", "linear2", activation + "1"), layers, point.toString());
        }
        List<String> rows = Files.readAllLines(sweep.resolve(RunLayout.SWEEP_SUMMARY));
        assertEquals(List.of("relu", "leakyRelu", "elu", "tanh"), rows.stream().skip(1).map(r -> r.split(",")[0])
                .toList());
    }

    @Test
    void aBadValueInTheListFailsBeforeAnythingTrainsWithTheSameLineAsTheOption(@TempDir Path out) {
        UserError swept = assertThrows(UserError.class,
                () -> Main.run(options(out, "exp", "mlp-djl", "sweep.learningRate", "1e-3,-1"), quiet()));
        UserError single = assertThrows(UserError.class,
                () -> Main.run(options(out, "exp", "mlp-djl", "learningRate", "-1"), quiet()));
        assertEquals(single.getMessage(), swept.getMessage());
        assertFalse(Files.exists(out.resolve("mlp-djl-sweep-learningRate")), "nothing made");
        UserError key = assertThrows(UserError.class,
                () -> Main.run(options(out, "exp", "mlp-djl", "sweep.learnignRate", "1e-3"), quiet()));
        assertTrue(key.getMessage().endsWith("did you mean sweep.learningRate?"), key.getMessage());
    }

    /** A sweep is over one network a point; shards divide a sweep and mean nothing without one. */
    @Test
    void aSweepOfABatchNormComparisonAndShardsWithoutASweepAreErrors(@TempDir Path out) {
        UserError comparison = assertThrows(UserError.class,
                () -> Main.run(options(out, "exp", "batchnorm", "sweep.learningRate", "1e-3,2e-3"), quiet()));
        assertTrue(comparison.getMessage().contains("compares batch norms"), comparison.getMessage());
        UserError shard = assertThrows(UserError.class,
                () -> Main.run(options(out, "exp", "mlp-djl", "shard", "0/2"), quiet()));
        assertTrue(shard.getMessage().contains("-Dshard divides a sweep's points"), shard.getMessage());
        assertFalse(Files.exists(out.resolve("mlp-djl")), "nothing trained");
        assertFalse(Files.exists(out.resolve("batchnorm-sweep-learningRate")), "nothing made");
    }

    /** With -Dresume=true the points done are kept as they are and the others run. */
    @Test
    void resumingASweepSkipsThePointsDone(@TempDir Path out) throws Exception {
        Main.run(options(out, "exp", "mlp-djl", "sweep.learningRate", "1e-3"), quiet());
        Path sweep = out.resolve("mlp-djl-sweep-learningRate");
        Path done = sweep.resolve("learningRate=1e-3").resolve("metrics.csv");
        long before = Files.getLastModifiedTime(done).toMillis();
        Main.run(options(out, "exp", "mlp-djl", "sweep.learningRate", "1e-3,2e-3", "resume", "true"), quiet());
        assertEquals(before, Files.getLastModifiedTime(done).toMillis(), "the point done is kept");
        assertEquals(3, Files.readAllLines(sweep.resolve(RunLayout.SWEEP_SUMMARY)).size(), "both points in summary.csv");
    }

    /** Two shards, separate processes at the same time into one folder, give the unsharded sweep's numbers. */
    @Test
    void twoShardsInTwoProcessesGiveTheUnshardedSweepsSummary(@TempDir Path tmp) throws Exception {
        List<String> sweep = List.of("-Dexp=mlp-djl", "-Dsweep.learningRate=1e-3,2e-3,5e-3");
        Process first = child(tmp.resolve("sharded"), tmp.resolve("shard0.log"), sweep, "-Dshard=0/2");
        Process second = child(tmp.resolve("sharded"), tmp.resolve("shard1.log"), sweep, "-Dshard=1/2");
        for (Process shard : List.of(first, second)) {
            assertTrue(shard.waitFor(180, TimeUnit.SECONDS), "a shard did not finish");
        }
        assertEquals(0, first.exitValue(), Files.readString(tmp.resolve("shard0.log")));
        assertEquals(0, second.exitValue(), Files.readString(tmp.resolve("shard1.log")));
        Main.run(options(tmp.resolve("whole"), "exp", "mlp-djl", "sweep.learningRate", "1e-3,2e-3,5e-3"), quiet());
        // Whichever shard finished last drew the whole; -Dexp=figures draws it again from the points.
        Main.run(Map.of("exp", "figures", "out", tmp.resolve("sharded").toString()), quiet());
        assertEquals(accuracies(tmp.resolve("whole")), accuracies(tmp.resolve("sharded")));
        assertEquals(3, accuracies(tmp.resolve("sharded")).size());
    }

    /** The point, final and best accuracy and best step of each row of summary.csv. */
    private static List<String> accuracies(Path out) throws IOException {
        return Files.readAllLines(out.resolve("mlp-djl-sweep-learningRate").resolve(RunLayout.SWEEP_SUMMARY)).stream()
                .skip(1).map(r -> String.join(",", Arrays.asList(r.split(",")).subList(0, 4))).toList();
    }

    private static List<String> pointFolders(Path sweep) throws IOException {
        try (Stream<Path> list = Files.list(sweep)) {
            return list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Process child(Path out, Path log, List<String> options, String... extra) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
                "-Djava.awt.headless=true", "-Dai.djl.offline=true", "-Dout=" + out));
        SHORT.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(options);
        command.addAll(List.of(extra));
        command.add("backproplab.Main");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static Map<String, String> options(Path out, String... keyValues) {
        Map<String, String> options = new HashMap<>(SHORT);
        options.put("out", out.toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            options.put(keyValues[i], keyValues[i + 1]);
        }
        return options;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
