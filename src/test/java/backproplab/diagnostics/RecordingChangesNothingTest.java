package backproplab.diagnostics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.Main;
import backproplab.report.RunSummary;
import backproplab.results.DiagnosticsCsv;
import backproplab.results.RunFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Recording the layer statistics only reads the network: a short run of every experiment gives
 * the same metrics.csv (step to test_acc) and the same trained weights, byte for byte, with them
 * (every 2 steps) and without them (-Dstats=false).
 */
class RecordingChangesNothingTest {

    static final String FIXTURE = "src/test/resources/cifar10-fixture";

    @ParameterizedTest
    @ValueSource(strings = {"mlp-numpy", "mlp-djl", "mlp-deep-adam-wd-bn", "batchnorm", "convnet"})
    void aRunIsTheSameWithAndWithoutStatistics(String id, @TempDir Path tmp) throws IOException {
        Map<String, String> settings = new HashMap<>(Map.of("exp", id, "data", FIXTURE, "steps", "6",
                "batchSize", "20", "evalEvery", "3", "evalBatchSize", "50"));
        if (!id.equals("convnet")) {
            settings.put("hidden", id.startsWith("mlp-numpy") || id.equals("mlp-djl") ? "30" : "40,30");
        }
        Map<String, String> with = new HashMap<>(settings);
        with.putAll(Map.of("statsEvery", "2", "out", tmp.resolve("with").toString()));
        Map<String, String> without = new HashMap<>(settings);
        without.putAll(Map.of("stats", "false", "out", tmp.resolve("without").toString()));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        Main.run(with, quiet);
        Main.run(without, quiet);

        List<String> runs = id.equals("batchnorm")
                ? List.of("batchnorm-builtin", "batchnorm-autograd", "batchnorm-manual") : List.of(id);
        for (String run : runs) {
            Path recorded = tmp.resolve("with").resolve(run);
            Path plain = tmp.resolve("without").resolve(run);
            assertEquals(measured(plain.resolve("metrics.csv")), measured(recorded.resolve("metrics.csv")), run);
            assertArrayEquals(parameters(plain), parameters(recorded), run + ": the trained weights");
            assertFalse(Files.exists(plain.resolve("diagnostics.csv")), "-Dstats=false records nothing");
            // Steps 1, 2, 3, 4, 6: the evaluations and every second step.
            assertEquals(List.of(1, 2, 3, 4, 6), DiagnosticsCsv.read(recorded.resolve("diagnostics.csv")).steps());
            assertTrue(Files.size(recorded.resolve("diagnostics.png")) > 10_000, run);
            Diagnostics last = RunSummary.read(new RunFolder(recorded)).diagnostics();
            assertEquals(List.of(6), last.steps(), "summary.json holds the last record");
            assertTrue(RunSummary.read(new RunFolder(recorded)).statsMsPerRecord() > 0);
        }
    }

    private static List<String> measured(Path csv) throws IOException {
        return Files.readAllLines(csv).stream()
                .map(l -> String.join(",", Arrays.asList(l.split(",")).subList(0, 5)))
                .toList();
    }

    /** The saved model's parameter file. */
    private static byte[] parameters(Path run) throws IOException {
        try (Stream<Path> files = Files.list(run.resolve("model"))) {
            Path file = files.filter(f -> f.toString().endsWith(".params") || f.toString().endsWith(".ndlist")
                    && !f.getFileName().toString().startsWith("mean-image") && !f.getFileName().toString()
                    .startsWith("check")).findFirst().orElseThrow();
            return Files.readAllBytes(file);
        }
    }
}
