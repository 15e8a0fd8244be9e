package backproplab.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import backproplab.Main;
import backproplab.chart.PredictionGrid;
import backproplab.data.CifarData;
import backproplab.results.Json;
import backproplab.results.MetricsCsv;
import backproplab.results.RunFolder;
import backproplab.results.RunLayout;
import backproplab.train.Confusion;
import backproplab.train.EvalPoint;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-class accuracy, confusion matrices and the gallery of predictions, on the fixture. */
class AnalysisTest {

    static final String FIXTURE = "src/test/resources/cifar10-fixture";

    @TempDir
    static Path out;
    static String printed;

    @BeforeAll
    static void trainOnTheFixture() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Main.run(options("exp", "mlp-djl", "steps", "30", "evalEvery", "10"), new PrintStream(log, true, StandardCharsets.UTF_8));
        Main.run(options("exp", "mlp-numpy", "steps", "20", "evalEvery", "10", "seeds", "2"),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        printed = log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void confusionPerClassAccuracyAndTestAccuracyAgree() throws Exception {
        Summary summary = Summary.read(new RunFolder(out.resolve("mlp-djl")));
        Confusion confusion = summary.confusion();
        assertEquals(100, confusion.total(), "the fixture's 100 test images");
        // The trace over the total is the final test accuracy, bit for bit.
        assertEquals(summary.finalTestAccuracy(), confusion.accuracy(), 0);
        List<EvalPoint> points = MetricsCsv.read(out.resolve("mlp-djl").resolve("metrics.csv"));
        assertEquals(points.get(points.size() - 1).testAccuracy(), confusion.accuracy(), 1e-6);
        // The per-class accuracies, weighted by each class's images, average to it.
        double weighted = 0;
        for (int c = 0; c < CifarData.CLASSES; c++) {
            double accuracy = summary.perClassAccuracy().get(CifarData.CLASS_NAMES.get(c));
            assertEquals((double) confusion.counts()[c][c] / confusion.support(c), accuracy, 0);
            weighted += accuracy * confusion.support(c) / confusion.total();
        }
        assertEquals(summary.finalTestAccuracy(), weighted, 1e-12);
        long[] labels = testLabels();
        for (int c = 0; c < CifarData.CLASSES; c++) {
            int cls = c;
            assertEquals(Arrays.stream(labels).filter(l -> l == cls).count(), confusion.support(c),
                    "row " + c + " counts the images of class " + c);
        }
    }

    @Test
    void theRunNamesTheThreeMostConfusedPairs() throws Exception {
        Confusion confusion = Summary.read(new RunFolder(out.resolve("mlp-djl"))).confusion();
        List<Confusion.Mistake> top = confusion.mostConfused(3);
        String expected = "mlp-djl: most confused: " + CifarData.CLASS_NAMES.get(top.get(0).truth()) + "->"
                + CifarData.CLASS_NAMES.get(top.get(0).predicted()) + " " + top.get(0).count() + ", ";
        assertTrue(printed.contains(expected), printed);
        assertTrue(top.get(0).count() >= top.get(1).count() && top.get(1).count() >= top.get(2).count());
        for (Confusion.Mistake m : top) {
            assertTrue(m.truth() != m.predicted());
        }
    }

    @Test
    void severalSeedsGiveTheMeanAndRangeOfEachClassAndTheSummedConfusion() throws Exception {
        SeedsSummary mean = SeedsSummary.read(new RunFolder(out.resolve("mlp-numpy")));
        Summary a = Summary.read(new RunFolder(out.resolve("mlp-numpy").resolve("seed-42")));
        Summary b = Summary.read(new RunFolder(out.resolve("mlp-numpy").resolve("seed-43")));
        for (String name : CifarData.CLASS_NAMES) {
            double x = a.perClassAccuracy().get(name);
            double y = b.perClassAccuracy().get(name);
            assertEquals((x + y) / 2, mean.perClassAccuracy().get(name), 1e-12, name);
            assertEquals(Math.min(x, y), mean.perClassAccuracyMin().get(name), 0, name);
            assertEquals(Math.max(x, y), mean.perClassAccuracyMax().get(name), 0, name);
        }
        assertArrayEquals(a.confusion().plus(b.confusion()).counts(), mean.confusionMatrix());
        assertEquals(200, mean.confusion().total());
        assertTrue(Files.exists(out.resolve("mlp-numpy").resolve(RunLayout.CONFUSION)));
    }

    @Test
    void theHeatMapIsDrawnWithAColouredCellPerClassPair() throws Exception {
        BufferedImage heatMap = ImageIO.read(out.resolve("mlp-djl").resolve(RunLayout.CONFUSION).toFile());
        assertTrue(heatMap.getWidth() >= 700 && heatMap.getHeight() >= 700, heatMap.getWidth() + "x" + heatMap.getHeight());
        // The largest cell is 100% or less; cells of non-zero share are tinted: count blue-ish pixels.
        int tinted = 0;
        for (int y = 0; y < heatMap.getHeight(); y++) {
            for (int x = 0; x < heatMap.getWidth(); x++) {
                int rgb = heatMap.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int bl = rgb & 0xFF;
                tinted += bl > r + 40 ? 1 : 0;
            }
        }
        assertTrue(tinted > 5_000, "coloured cells: " + tinted + " pixels");
    }

    /** A wrong prediction is framed in red; a right one is not; each image shows its raw pixels unblurred. */
    @Test
    void theGridMarksEachWrongPredictionAndDrawsTheRawPixels() throws Exception {
        long[] labels = testLabels();
        // Right, except every third image, predicted as the next class.
        int[] predicted = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            predicted[i] = (int) (i % 3 == 0 ? (labels[i] + 1) % CifarData.CLASSES : labels[i]);
        }
        List<int[]> chosen = PredictionGrid.chosen(labels, CifarData.CLASSES);
        try (NDManager manager = NDManager.newBaseManager();
                CifarData data = CifarData.load(manager, Path.of(FIXTURE))) {
            BufferedImage grid = ImageIO.read(new ByteArrayInputStream(PredictionGrid.png("grid", labels,
                    predicted, CifarData.CLASS_NAMES, data::rawTestImage)));
            assertEquals(PredictionGrid.imageOrigin(CifarData.CLASSES, 0)[0], grid.getWidth());
            int wrong = 0;
            for (int c = 0; c < CifarData.CLASSES; c++) {
                int cls = c;
                assertEquals(Math.min(PredictionGrid.ROWS, Arrays.stream(labels).filter(l -> l == cls).count()),
                        chosen.get(c).length, "the first test images of class " + c);
                for (int r = 0; r < chosen.get(c).length; r++) {
                    int image = chosen.get(c)[r];
                    int[] at = PredictionGrid.imageOrigin(c, r);
                    boolean framed = grid.getRGB(at[0] - 2, at[1] + 40) == PredictionGrid.WRONG.getRGB();
                    assertEquals(predicted[image] != c, framed, "column " + c + " row " + r);
                    wrong += framed ? 1 : 0;
                    // Each pixel of the data file is a 3x3 square of exactly its colour.
                    float[] raw = data.rawTestImage(image);
                    int expected = (Math.round(raw[0]) << 16) | (Math.round(raw[1024]) << 8) | Math.round(raw[2048]);
                    for (int d = 0; d < 3; d++) {
                        assertEquals(expected, grid.getRGB(at[0] + d, at[1] + 2 - d) & 0xFFFFFF, "column " + c + " row " + r);
                    }
                }
            }
            assertTrue(wrong > 0 && wrong < 60, wrong + " wrong of the shown images: the test sees both kinds");
        }
        assertTrue(Files.exists(out.resolve("mlp-djl").resolve(RunLayout.PREDICTIONS)), "the run drew its own");
    }

    /**
     * -Dexp=analyse on the saved model writes the same files, and finds the final evaluation's
     * confusion; its weights.png is the run's, pixel for pixel (the same weights, drawn alike).
     */
    @Test
    void analysingTheSavedModelGivesTheRunsConfusion() throws Exception {
        Path folder = out.resolve("mlp-djl");
        long[][] fromTheRun = Summary.read(new RunFolder(folder)).confusionMatrix();
        BufferedImage runWeights = ImageIO.read(folder.resolve(RunLayout.WEIGHTS).toFile());
        Files.delete(folder.resolve(RunLayout.CONFUSION));
        Files.delete(folder.resolve(RunLayout.PREDICTIONS));
        Files.delete(folder.resolve(RunLayout.WEIGHTS));
        Main.run(Map.of("exp", "analyse", "saved", folder.resolve("model").toString(), "data", FIXTURE),
                new PrintStream(new ByteArrayOutputStream()));
        assertTrue(Files.exists(folder.resolve(RunLayout.CONFUSION)) && Files.exists(folder.resolve(RunLayout.PREDICTIONS)));
        BufferedImage analysed = ImageIO.read(folder.resolve(RunLayout.WEIGHTS).toFile());
        assertEquals(runWeights.getWidth(), analysed.getWidth());
        // Below the title (which names the saved model rather than the run), the same tiles.
        for (int y = 60; y < analysed.getHeight(); y += 3) {
            for (int x = 0; x < analysed.getWidth(); x += 3) {
                assertEquals(runWeights.getRGB(x, y), analysed.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
        String json = Files.readString(folder.resolve("analysis.json"));
        long[][] inAnalysis = Json.gson().fromJson(JsonParser.parseString(json).getAsJsonObject().get("confusionMatrix"),
                long[][].class);
        assertArrayEquals(fromTheRun, inAnalysis);
    }

    private static long[] testLabels() throws Exception {
        byte[] bytes = Files.readAllBytes(Path.of(FIXTURE, "test_batch.bin"));
        long[] labels = new long[bytes.length / 3073];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = Byte.toUnsignedInt(bytes[i * 3073]);
        }
        return labels;
    }

    private static Map<String, String> options(String... keyValues) {
        Map<String, String> o = new HashMap<>(Map.of("data", FIXTURE, "batchSize", "20", "evalBatchSize", "50",
                "out", out.toString()));
        for (int i = 0; i < keyValues.length; i += 2) {
            o.put(keyValues[i], keyValues[i + 1]);
        }
        return o;
    }
}
