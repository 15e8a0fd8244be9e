package backproplab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.chart.Scale;
import backproplab.config.ExperimentCatalog;
import backproplab.config.ExperimentSpec;
import backproplab.results.MetricsCsv;
import backproplab.train.EvalPoint;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * -Dseeds, and -Dexp=all: every experiment end to end through Main on the fixture, the report
 * figures and results/README.md.
 */
class SeedsAndFiguresTest {

    static final String FIXTURE = "src/test/resources/cifar10-fixture";

    @Test
    void seedsRunIntoTheirOwnFoldersAndTheSummaryGivesMeanAndStd(@TempDir Path out) throws Exception {
        Main.run(Map.of("exp", "mlp-numpy", "data", FIXTURE, "steps", "4", "evalEvery", "2", "batchSize", "50",
                "seed", "7", "seeds", "3", "out", out.toString()), quiet());
        Path folder = out.resolve("mlp-numpy");
        double[] best = new double[3];
        double[] last = new double[3];
        List<List<EvalPoint>> runs = new java.util.ArrayList<>();
        for (int k = 0; k < 3; k++) {
            Path seed = folder.resolve("seed-" + (7 + k));
            JsonObject one = json(seed.resolve("summary.json"));
            assertEquals(7 + k, one.get("seed").getAsInt());
            best[k] = one.get("bestTestAccuracy").getAsDouble();
            last[k] = one.get("finalTestAccuracy").getAsDouble();
            runs.add(MetricsCsv.read(seed.resolve("metrics.csv")));
        }
        JsonObject summary = json(folder.resolve("summary.json"));
        assertEquals(mean(best), summary.get("bestTestAccuracy").getAsDouble(), 1e-12);
        assertEquals(mean(last), summary.get("finalTestAccuracy").getAsDouble(), 1e-12);
        assertEquals(sampleStd(best), summary.get("bestTestAccuracyStd").getAsDouble(), 1e-12);
        assertEquals(sampleStd(last), summary.get("finalTestAccuracyStd").getAsDouble(), 1e-12);
        assertTrue(summary.get("command").getAsString().endsWith("-Dseeds=3"));
        // The experiment's metrics.csv is the mean curve over the seeds.
        List<EvalPoint> meanCurve = MetricsCsv.read(folder.resolve("metrics.csv"));
        assertEquals(List.of(1, 2, 4), meanCurve.stream().map(EvalPoint::step).toList());
        for (int i = 0; i < meanCurve.size(); i++) {
            int row = i;
            double expected = runs.stream().mapToDouble(r -> r.get(row).testAccuracy()).average().orElseThrow();
            assertEquals(expected, meanCurve.get(i).testAccuracy(), 1e-6);
        }
        assertTrue(ImageIO.read(folder.resolve("curves.png").toFile()).getWidth() > 0);
    }

    @Test
    void allRunsEveryExperimentInReportOrderAndWritesFiguresAndTable(@TempDir Path out) throws Exception {
        Files.writeString(out.resolve("DATA.md"), "The fixture's 300 + 100 records.\n");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        // No validation set: mlp-best's 5000 images are more than the fixture has.
        Main.run(Map.of("exp", "all", "data", FIXTURE, "steps", "2", "evalEvery", "1", "batchSize", "20",
                "evalBatchSize", "50", "validation", "0", "out", out.toString()), new PrintStream(printed, true, StandardCharsets.UTF_8));
        String log = printed.toString(StandardCharsets.UTF_8);
        List<ExperimentSpec> catalog = new ExperimentCatalog(Path.of("experiments")).all();
        int position = -1;
        for (int i = 0; i < catalog.size(); i++) {
            String line = "[" + (i + 1) + "/" + catalog.size() + "] " + catalog.get(i).id() + " ";
            int at = log.indexOf(line);
            assertTrue(at > position, "progress line '" + line + "' in order");
            position = at;
            everyRunOf(catalog.get(i), out);
        }
        for (String figure : List.of("figure-1-accuracy.png", "figure-2-loss.png", "figures-3-6-test-accuracy.png")) {
            assertTrue(ImageIO.read(out.resolve("figures").resolve(figure).toFile()).getWidth() > 0, figure);
        }
        assertResultsTable(out, catalog);
        // -Dexp=figures redraws the same files from the metrics alone, the layer statistics from
        // diagnostics.csv, and the first layer's pictures from the saved model.
        Files.delete(out.resolve("figures").resolve("figure-1-accuracy.png"));
        Files.delete(out.resolve("mlp-djl").resolve("curves.png"));
        Files.delete(out.resolve("batchnorm-manual").resolve("diagnostics.png"));
        Files.delete(out.resolve("mlp-numpy").resolve("weights.png"));
        Files.delete(out.resolve("convnet").resolve("weights.png"));
        // Section 3's runs are found by the folder names their runs were written to.
        Files.delete(out.resolve("batchnorm-builtin").resolve("weights.png"));
        Main.run(Map.of("exp", "figures", "out", out.toString()), quiet());
        assertTrue(Files.exists(out.resolve("figures").resolve("figure-1-accuracy.png")));
        assertTrue(Files.exists(out.resolve("mlp-djl").resolve("curves.png")));
        assertTrue(Files.exists(out.resolve("batchnorm-manual").resolve("diagnostics.png")));
        assertTrue(Files.exists(out.resolve("mlp-numpy").resolve("weights.png")));
        assertTrue(Files.exists(out.resolve("convnet").resolve("weights.png")));
        assertTrue(Files.exists(out.resolve("batchnorm-builtin").resolve("weights.png")));
        // A saved model that no longer loads leaves its run's weights.png alone and the other figures redrawn.
        Path djl = out.resolve("mlp-djl");
        byte[] weights = Files.readAllBytes(djl.resolve("weights.png"));
        try (Stream<Path> files = Files.list(djl.resolve("model"))) {
            for (Path params : files.filter(f -> f.toString().endsWith(".params")).toList()) {
                Files.write(params, new byte[] {1, 2, 3});
            }
        }
        Files.delete(djl.resolve("curves.png"));
        ByteArrayOutputStream warned = new ByteArrayOutputStream();
        Main.run(Map.of("exp", "figures", "out", out.toString()), new PrintStream(warned, true, StandardCharsets.UTF_8));
        assertTrue(warned.toString(StandardCharsets.UTF_8).contains("weights.png not redrawn"), warned.toString());
        assertArrayEquals(weights, Files.readAllBytes(djl.resolve("weights.png")));
        assertTrue(Files.exists(djl.resolve("curves.png")));
    }

    /**
     * results/README.md: a row per experiment with its best accuracy, the data note, the gallery
     * (how every figure is drawn, then each figure alone on its line, at the page's width).
     */
    private static void assertResultsTable(Path out, List<ExperimentSpec> catalog) throws Exception {
        String table = Files.readString(out.resolve("README.md"));
        for (ExperimentSpec spec : catalog) {
            JsonObject summary = json(out.resolve(spec.id()).resolve("summary.json"));
            String best = String.format(java.util.Locale.ROOT, "%.4f", summary.get("bestTestAccuracy").getAsDouble());
            assertTrue(table.contains("| [" + spec.id() + "](" + spec.id() + "/) |") && table.contains(best),
                    spec.id() + " row with best " + best);
        }
        assertTrue(table.contains("## Data\n\nThe fixture's 300 + 100 records."), "the data note");
        assertTrue(table.contains(Scale.rules()), "gallery: the rules of its figures");
        assertTrue(table.contains("\n![figures/figure-1-accuracy.png](figures/figure-1-accuracy.png)\n"),
                "gallery: Figure 1");
        for (ExperimentSpec spec : catalog) {
            String curves = spec.id() + "/curves.png";
            assertTrue(table.contains("\n![" + curves + "](" + curves + ")\n"), "gallery: " + spec.id());
        }
        assertTrue(table.lines().filter(line -> line.contains("![")).allMatch(line -> line.startsWith("![")
                && line.indexOf("![", 1) < 0), "one figure a line, none in a table's cell");
        assertTrue(table.contains("[confusion.png](mlp-djl/confusion.png)"), "the other figures linked");
    }

    /**
     * What each experiment of the -Dexp=all run wrote: its summary, chart, and each training run's
     * evaluations (its own, or <id>-<batch norm> for section 3's comparison) at steps 1 and 2.
     */
    @Test
    void aBatchNormComparisonWithoutTheBuiltInOneRunsAndNamesEachThatRan(@TempDir Path out) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Main.run(Map.of("exp", "batchnorm", "compareBatchNorms", "autograd,manual", "data", FIXTURE, "steps", "2",
                "evalEvery", "1", "batchSize", "20", "evalBatchSize", "50", "out", out.toString()),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        String log = printed.toString(StandardCharsets.UTF_8);
        assertTrue(log.matches("(?s).*ms/step autograd [0-9.]+, manual [0-9.]+; results in .*"), log);
        assertTrue(Files.exists(out.resolve("batchnorm/summary.json")));
        assertTrue(Files.notExists(out.resolve("batchnorm-builtin")), "the built-in one was not asked for");
    }

    private static void everyRunOf(ExperimentSpec spec, Path out) throws Exception {
        String id = spec.id();
        Path folder = out.resolve(id);
        JsonObject summary = json(folder.resolve("summary.json"));
        assertEquals(id, summary.get("id").getAsString());
        assertEquals(2, summary.get("steps").getAsInt());
        double best = summary.get("bestTestAccuracy").getAsDouble();
        assertTrue(best >= 0 && best <= 1, id + " best accuracy " + best);
        assertTrue(ImageIO.read(folder.resolve("curves.png").toFile()).getWidth() > 0, id);
        List<Path> runs = spec.hyper().compareBatchNorms().isEmpty()
                ? List.of(folder)
                : spec.hyper().compareBatchNorms().stream().map(kind -> out.resolve(spec.withBatchNorm(kind).id())).toList();
        for (Path run : runs) {
            List<EvalPoint> points = MetricsCsv.read(run.resolve("metrics.csv"));
            assertEquals(List.of(1, 2), points.stream().map(EvalPoint::step).toList(), run.toString());
            points.forEach(p -> assertTrue(Double.isFinite(p.trainLoss()) && Double.isFinite(p.testLoss()), run.toString()));
        }
    }

    private static JsonObject json(Path file) throws Exception {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    private static double mean(double[] values) {
        return java.util.Arrays.stream(values).average().orElseThrow();
    }

    private static double sampleStd(double[] values) {
        double m = mean(values);
        return Math.sqrt(java.util.Arrays.stream(values).map(v -> (v - m) * (v - m)).sum() / (values.length - 1));
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
