package backproplab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.chart.Panels;
import backproplab.config.ExperimentCatalog;
import backproplab.config.ExperimentSpec;
import backproplab.experiment.ExperimentResult;
import backproplab.report.ResultsReader;
import backproplab.results.RunFolder;
import backproplab.util.UserError;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    static final String FIXTURE = "src/test/resources/cifar10-fixture";
    static final String HEADER = "step,train_loss,train_acc,test_loss,test_acc,elapsed_s,rss_mb";
    static final int TITLE_BAND = 44;

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    /** The ids of experiments/, read from the folder itself. */
    private static List<String> experimentIds() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("experiments"))) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".properties"))
                    .map(n -> n.substring(0, n.length() - ".properties".length()))
                    .sorted()
                    .toList();
        }
    }

    private static Map<String, String> options(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /** A short training run of mlp-djl on the fixture. */
    private Map<String, String> smokeOptions(Path outFolder, String seed) {
        return options("exp", "mlp-djl", "data", FIXTURE, "steps", "7", "evalEvery", "3", "batchSize", "50",
                "evalBatchSize", "40", "seed", seed, "out", outFolder.toString());
    }

    // ---- options that stop before training ----

    @Test
    void listPrintsEveryExperimentAndRunsNothing() throws IOException {
        List<ExperimentResult> results = Main.run(options("exp", "list"), out);
        assertTrue(results.isEmpty());
        List<String> ids = experimentIds();
        assertFalse(ids.isEmpty());
        for (String id : ids) {
            assertTrue(printed().contains(id), printed());
        }
    }

    @Test
    void missingExpIsAnErrorListingTheExperiments() throws IOException {
        UserError e = assertThrows(UserError.class, () -> Main.run(options(), out));
        assertTrue(e.getMessage().contains("-Dexp"), e.getMessage());
        for (String id : experimentIds()) {
            assertTrue(e.getMessage().contains(id), e.getMessage());
        }
    }

    @Test
    void unknownExpIsAnError() {
        UserError e = assertThrows(UserError.class, () -> Main.run(options("exp", "nope", "out", tmp.toString()), out));
        assertTrue(e.getMessage().contains("unknown experiment"), e.getMessage());
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    @Test
    void benchZeroIsAnError() {
        UserError e = assertThrows(UserError.class, () -> Main.run(
                options("exp", "mlp-djl", "bench", "0", "data", FIXTURE, "out", tmp.toString()), out));
        assertTrue(e.getMessage().contains("bench=0"), e.getMessage());
    }

    @Test
    void benchNotANumberIsAnError() {
        UserError e = assertThrows(UserError.class, () -> Main.run(
                options("exp", "mlp-djl", "bench", "x", "data", FIXTURE, "out", tmp.toString()), out));
        assertTrue(e.getMessage().contains("bench=x"), e.getMessage());
    }

    @Test
    void unknownSettingIsAnError() {
        UserError e = assertThrows(UserError.class, () -> Main.run(
                options("exp", "mlp-djl", "stpes", "7", "data", FIXTURE, "out", tmp.toString()), out));
        assertTrue(e.getMessage().contains("'stpes'"), e.getMessage());
    }

    @Test
    void unwritableOutIsAnErrorBeforeTraining() throws IOException {
        Path file = Files.writeString(tmp.resolve("F"), "a regular file");
        UserError e = assertThrows(UserError.class, () -> Main.run(smokeOptions(file.resolve("sub"), "42"), out));
        assertTrue(e.getMessage().contains("-Dout"), e.getMessage());
        try (Stream<Path> all = Files.walk(tmp)) {
            assertEquals(List.of(), all.filter(p -> p.getFileName().toString().equals("metrics.csv")).toList());
        }
        assertEquals("a regular file", Files.readString(file));
    }

    @Test
    void aFailedDataCheckCreatesNothing() {
        Map<String, String> o = smokeOptions(tmp.resolve("out"), "42");
        o.put("data", tmp.resolve("no-cifar-here").toString());
        assertThrows(UserError.class, () -> Main.run(o, out));
        assertFalse(Files.exists(tmp.resolve("out")), "no results folder before the data is checked");
    }

    @Test
    void theListingsColumnsLineUp() {
        Main.run(options("exp", "list"), out);
        List<ExperimentSpec> specs = new ExperimentCatalog(Path.of("experiments")).all();
        List<String> rows = printed().lines().filter(l -> l.startsWith("  ")).toList();
        assertEquals(specs.size(), rows.size(), printed());
        for (int i = 0; i < rows.size(); i++) {
            String row = rows.get(i);
            assertTrue(row.startsWith("  " + specs.get(i).id() + " "), row);
            assertEquals(rows.get(0).indexOf("section "), row.indexOf(specs.get(i).shown().reportLabel()), row);
            assertEquals(rows.get(0).indexOf(specs.get(0).shown().title()), row.indexOf(specs.get(i).shown().title()), row);
        }
    }

    @Test
    void missingDataFolderIsAnError() {
        Path missing = tmp.resolve("no-cifar-here");
        Map<String, String> o = smokeOptions(tmp.resolve("out"), "42");
        o.put("data", missing.toString());
        UserError e = assertThrows(UserError.class, () -> Main.run(o, out));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void batchLargerThanTheTrainingSetIsAnError() {
        Map<String, String> o = smokeOptions(tmp.resolve("out"), "42");
        o.put("batchSize", "500");
        UserError e = assertThrows(UserError.class, () -> Main.run(o, out));
        assertTrue(e.getMessage().contains("batchSize=500"), e.getMessage());
        assertTrue(e.getMessage().contains("300"), "names the training set size: " + e.getMessage());
    }

    // ---- training on the fixture ----

    @Test
    void smokeRunWritesMetricsChartAndSummary() throws IOException {
        Path outFolder = tmp.resolve("out");
        List<ExperimentResult> results = Main.run(smokeOptions(outFolder, "42"), out);
        assertEquals(1, results.size());
        ExperimentResult result = results.get(0);
        assertEquals("mlp-djl", result.id());
        Path folder = outFolder.resolve("mlp-djl");

        // metrics.csv: step 1, every 3rd step, and the last step
        List<String> lines = Files.readAllLines(folder.resolve("metrics.csv"));
        assertEquals(HEADER, lines.get(0));
        List<double[]> rows = lines.subList(1, lines.size()).stream().map(MainTest::numbers).toList();
        assertEquals(List.of(1, 3, 6, 7), rows.stream().map(r -> (int) r[0]).toList());
        for (double[] r : rows) {
            assertEquals(7, r.length);
            assertTrue(Double.isFinite(r[1]) && r[1] > 0, "train loss " + r[1]);
            assertTrue(Double.isFinite(r[3]) && r[3] > 0, "test loss " + r[3]);
            assertTrue(r[2] >= 0 && r[2] <= 1, "train acc " + r[2]);
            assertTrue(r[4] >= 0 && r[4] <= 1, "test acc " + r[4]);
            // 100 test images: the accuracy is a whole number of hundredths
            assertEquals(Math.round(r[4] * 100), r[4] * 100, 1e-3, "test acc " + r[4]);
            assertTrue(r[5] >= 0, "elapsed " + r[5]);
        }
        // train accuracy at step 1 is over one batch of 50 images
        assertEquals(Math.round(rows.get(0)[2] * 50), rows.get(0)[2] * 50, 1e-3);

        assertCurvesFigureSize(folder);

        // summary.json
        JsonObject summary = JsonParser.parseString(Files.readString(folder.resolve("summary.json"))).getAsJsonObject();
        for (String key : List.of("id", "finalTestAccuracy", "bestTestAccuracy", "msPerStep", "wallSeconds", "steps",
                "seed", "spec", "djlVersion", "engine", "data", "command")) {
            assertTrue(summary.has(key), "summary.json has " + key + ": " + summary.keySet());
        }
        assertEquals("mlp-djl", summary.get("id").getAsString());
        assertEquals(7, summary.get("steps").getAsInt());
        assertEquals(42, summary.get("seed").getAsLong());
        double lastTestAcc = rows.get(rows.size() - 1)[4];
        double bestTestAcc = rows.stream().mapToDouble(r -> r[4]).max().orElseThrow();
        assertEquals(lastTestAcc, summary.get("finalTestAccuracy").getAsDouble(), 1e-6);
        assertEquals(bestTestAcc, summary.get("bestTestAccuracy").getAsDouble(), 1e-6);
        assertTrue(summary.get("msPerStep").getAsDouble() > 0);
        assertTrue(summary.get("wallSeconds").getAsDouble() > 0);
        assertEquals("0.36.0", summary.get("djlVersion").getAsString());
        assertTrue(summary.get("engine").getAsString().startsWith("PyTorch"), summary.get("engine").getAsString());
        assertTrue(summary.get("data").getAsString().contains("cifar10-fixture"), summary.get("data").getAsString());
        String command = summary.get("command").getAsString();
        assertTrue(command.contains("-Dexp=mlp-djl"), command);
        assertTrue(command.contains("-Dsteps=7"), command);
        JsonObject spec = summary.getAsJsonObject("spec");
        assertEquals("7", spec.get("steps").getAsString());
        assertEquals("50", spec.get("batchSize").getAsString());
        assertEquals("3", spec.get("evalEvery").getAsString());
        assertEquals("100", spec.get("hidden").getAsString());
        assertEquals("sgd", spec.get("optimizer").getAsString());
    }

    /** curves.png: two panels side by side under a title band. */
    private static void assertCurvesFigureSize(Path folder) throws IOException {
        BufferedImage png = ImageIO.read(folder.resolve("curves.png").toFile());
        assertNotNull(png, "curves.png is a readable image");
        assertEquals(2 * Panels.PANEL_WIDTH, png.getWidth());
        assertEquals(Panels.PANEL_HEIGHT + TITLE_BAND, png.getHeight());
        assertEquals(1280, png.getWidth());
        assertEquals(484, png.getHeight());
    }

    @Test
    void aRunReplacesWhatOlderRunsWroteAndKeepsTheUsersFiles() throws IOException {
        Path outFolder = tmp.resolve("out");
        Map<String, String> seeds = smokeOptions(outFolder, "42");
        seeds.put("seeds", "2");
        Main.run(seeds, out);
        Path folder = outFolder.resolve("mlp-djl");
        assertTrue(Files.isDirectory(folder.resolve("seed-43")));
        Files.writeString(folder.resolve("notes.txt"), "the user's, in the experiment's folder");
        Files.writeString(outFolder.resolve("DATA.md"), "kept: not the experiment's folder\n");

        Main.run(smokeOptions(outFolder, "42"), out);
        try (Stream<Path> files = Files.list(folder)) {
            // seed-42/ and seed-43/ were the suite's: gone; notes.txt is not, and stays as it was.
            assertEquals(List.of("confusion.png", "curves.png", "diagnostics.csv", "diagnostics.png",
                            "events.out.tfevents.*", "metrics.csv", "model", "notes.txt", "predictions.png", "summary.json",
                            "weights.png"),
                    files.map(f -> f.getFileName().toString().replaceAll("tfevents\\..+", "tfevents.*")).sorted()
                            .toList());
        }
        assertEquals("the user's, in the experiment's folder", Files.readString(folder.resolve("notes.txt")));
        assertTrue(Files.exists(outFolder.resolve("DATA.md")));
        // The figures and the table describe the one run that is there now.
        JsonObject summary = JsonParser.parseString(Files.readString(folder.resolve("summary.json"))).getAsJsonObject();
        String table = Files.readString(outFolder.resolve("README.md"));
        String row = table.lines().filter(l -> l.startsWith("| [mlp-djl]")).findFirst().orElseThrow();
        assertFalse(row.contains("seeds"), row);
        assertTrue(row.contains(String.format(java.util.Locale.ROOT, "%.4f", summary.get("bestTestAccuracy").getAsDouble())),
                row);
        assertEquals(1, new ResultsReader(out).experiment(new RunFolder(folder)).curves().size());
    }

    @Test
    void sameSeedGivesTheSameMetricsAndAnotherSeedDoesNot() throws IOException {
        List<String> first = measured(run(tmp.resolve("a"), "42"));
        List<String> second = measured(run(tmp.resolve("b"), "42"));
        List<String> other = measured(run(tmp.resolve("c"), "43"));
        assertEquals(4, first.size());
        assertEquals(first, second);
        assertNotEquals(first, other);
    }

    @Test
    void benchWritesTimings() throws IOException {
        Path outFolder = tmp.resolve("out");
        Map<String, String> o = smokeOptions(outFolder, "42");
        o.put("bench", "3");
        List<ExperimentResult> results = Main.run(o, out);
        assertEquals(1, results.size());
        assertNotNull(results.get(0).benchmark());

        Path file = outFolder.resolve("bench").resolve("mlp-djl.json");
        JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        assertEquals("mlp-djl", json.get("id").getAsString());
        assertEquals(3, json.get("steps").getAsInt());
        double msPerStep = json.get("msPerStep").getAsDouble();
        double imagesPerSecond = json.get("imagesPerSecond").getAsDouble();
        assertTrue(msPerStep > 0, "msPerStep " + msPerStep);
        assertTrue(imagesPerSecond > 0, "imagesPerSecond " + imagesPerSecond);
        // 50 images per step
        assertEquals(50 * 1000 / msPerStep, imagesPerSecond, imagesPerSecond * 1e-6);
        assertTrue(json.get("command").getAsString().contains("-Dbench=3"), json.get("command").getAsString());
        assertFalse(Files.exists(outFolder.resolve("mlp-djl").resolve("metrics.csv")), "a benchmark does not train");
        // The MLP 3072-100-10's products alone, on the smoke runs' batches of 50.
        JsonObject products = json.getAsJsonObject("matrixProducts");
        assertEquals(2 * 50 * (2 * 3072 * 100 + 3 * 100 * 10) / 1e9, products.get("gflopPerStep").getAsDouble(), 1e-12);
        assertEquals(2, products.getAsJsonArray("layers").size());
        assertTrue(products.get("msPerStep").getAsDouble() > 0, products.toString());
    }

    @Test
    void aBenchmarkThatEvaluatesIsTheTrainingRunItself() throws IOException {
        List<String> trained = measured(run(tmp.resolve("trained"), "42"));
        Path outFolder = tmp.resolve("bench");
        Map<String, String> o = smokeOptions(outFolder, "42");
        o.put("bench", "7");
        o.put("benchEvals", "true");
        Main.run(o, out);

        JsonObject json = JsonParser.parseString(Files.readString(outFolder.resolve("bench").resolve("mlp-djl.json")))
                .getAsJsonObject();
        assertEquals(0, json.get("warmupSteps").getAsInt());
        assertEquals(7, json.get("steps").getAsInt());
        // The same steps, evaluated at the same steps (1, 3, 6, 7), give the same numbers as training.
        List<String> benchmarked = new ArrayList<>();
        for (var e : json.getAsJsonArray("evaluations")) {
            JsonObject p = e.getAsJsonObject();
            benchmarked.add(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f", p.get("step").getAsInt(),
                    p.get("trainLoss").getAsDouble(), p.get("trainAccuracy").getAsDouble(),
                    p.get("testLoss").getAsDouble(), p.get("testAccuracy").getAsDouble()));
        }
        assertEquals(trained, benchmarked);
        double wall = json.get("wallSeconds").getAsDouble();
        double steps = json.get("msPerStep").getAsDouble() * 7 / 1000;
        assertTrue(wall > steps, "the wall time " + wall + " s holds the steps' " + steps + " s and the evaluations");
    }

    private Path run(Path outFolder, String seed) {
        Main.run(smokeOptions(outFolder, seed), out);
        return outFolder.resolve("mlp-djl").resolve("metrics.csv");
    }

    /** The lines of a metrics.csv without the timing columns (elapsed_s, rss_mb). */
    private static List<String> measured(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        assertEquals(HEADER, lines.get(0));
        return lines.subList(1, lines.size()).stream()
                .map(l -> String.join(",", Arrays.asList(l.split(",")).subList(0, 5)))
                .toList();
    }

    private static double[] numbers(String line) {
        return Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray();
    }
}
