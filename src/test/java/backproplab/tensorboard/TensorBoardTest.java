package backproplab.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backproplab.Main;
import backproplab.ResumeTest;
import backproplab.config.Settings;
import com.google.gson.JsonParser;
import com.google.protobuf.UnknownFieldSet;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run's event files hold, read back with protobuf's parser as TensorBoard reads them. */
class TensorBoardTest {

    static final String FIXTURE = "src/test/resources/cifar10-fixture";

    static Map<String, String> shortRun(Path out, String... keyValues) {
        Map<String, String> settings = new HashMap<>(Map.of("exp", "mlp-djl", "data", FIXTURE, "steps", "7",
                "evalEvery", "3", "batchSize", "50", "evalBatchSize", "50", "statsEvery", "2",
                "out", out.toString()));
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        return settings;
    }

    /**
     * Every metrics.csv column of an evaluation is a scalar at every evaluation, equal at the
     * precision both keep; the training loss and accuracy are a scalar at every step, whose means
     * over the steps since the previous evaluation are metrics.csv's.
     */
    @Test
    void theScalarsAreTheMetricsAndTheLayerStatistics(@TempDir Path tmp) throws IOException {
        Main.run(shortRun(tmp), quiet());
        Path run = tmp.resolve("mlp-djl");
        TensorBoardView view = new TensorBoardView(run);
        assertEquals(1, view.files.size());
        assertEquals(List.of(0L), view.starts, "a START at step 0 only");

        List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
        String[] columns = {"Loss/train", "Accuracy/train", "Loss/test", "Accuracy/test", "system/elapsed_s",
                "system/resident_mb"};
        long previous = 0;
        for (String line : metrics.subList(1, metrics.size())) {
            String[] cells = line.split(",");
            long step = Long.parseLong(cells[0]);
            for (int c = 0; c < columns.length; c++) {
                double written = Double.parseDouble(cells[c + 1]);
                // metrics.csv keeps 6 decimals (1 for memory), the events float32 (summed here, for the train columns).
                double rounding = c == columns.length - 1 ? 0.05 : c == columns.length - 2 ? 5e-4 : 5e-7;
                double event = c < 2 ? mean(view.scalars(columns[c]), previous, step)
                        : view.scalars(columns[c]).get(step);
                assertEquals(written, event, rounding + 1e-6 * Math.abs(written), columns[c] + " at step " + step);
            }
            previous = step;
        }
        List<Long> everyStep = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertEquals(everyStep, List.copyOf(view.scalars("Loss/train").keySet()));
        assertEquals(everyStep, List.copyOf(view.scalars("Accuracy/train").keySet()));
        for (String evaluated : List.of("Loss/test", "Accuracy/test", "system/elapsed_s", "system/resident_mb")) {
            assertEquals(List.of(1L, 3L, 6L, 7L), List.copyOf(view.scalars(evaluated).keySet()), evaluated);
        }
        Map<Long, Float> best = view.scalars("Accuracy/test_best");
        float max = Float.NEGATIVE_INFINITY;
        for (Map.Entry<Long, Float> e : view.scalars("Accuracy/test").entrySet()) {
            max = Math.max(max, e.getValue());
            assertEquals(max, best.get(e.getKey()), "the best so far at step " + e.getKey());
        }
        assertEquals(List.of(1L, 3L, 6L, 7L), List.copyOf(view.scalars("system/ms_per_step").keySet()),
                "ms/step since the previous evaluation");
        // A constant schedule: the rate given (mlp-djl's 2e-3) at every evaluation.
        assertEquals(Map.of(1L, 2e-3f, 3L, 2e-3f, 6L, 2e-3f, 7L, 2e-3f), view.scalars("optimizer/learning_rate"));
        assertLayerStatisticsAreDiagnosticsCsv(view, run);
    }

    /** Every diagnostics.csv cell a scalar {@code layers/<statistic>/<layer>} at its step, equal at float precision. */
    private static void assertLayerStatisticsAreDiagnosticsCsv(TensorBoardView view, Path run) throws IOException {
        // diagnostics.csv: step,layer,weight_norm,weight_std,grad_norm,grad_std,update_ratio,act_mean,...
        List<String> rows = Files.readAllLines(run.resolve("diagnostics.csv"));
        String[] weightTags = {"layers/weight_norm", "layers/weight_std", "layers/gradient_norm",
                "layers/gradient_std", "layers/update_ratio"};
        String[] reluTags = {"layers/activation_mean", "layers/activation_std", "layers/zero_fraction",
                "layers/dead_fraction"};
        int compared = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",", -1);
            long step = Long.parseLong(cells[0]);
            boolean weight = !cells[2].isEmpty();
            String[] tags = weight ? weightTags : reluTags;
            for (int i = 0; i < tags.length; i++) {
                double written = Double.parseDouble(cells[(weight ? 2 : 7) + i]);
                float event = view.scalars(tags[i] + "/" + cells[1]).get(step);
                assertEquals(written, event, Math.abs(written) * 1e-6 + 1e-6 + Math.ulp(event),
                        tags[i] + "/" + cells[1] + " at step " + step);
                compared++;
            }
        }
        // Steps 1, 2, 3, 4, 6 and 7 (every 2, and the evaluations); 2 weights x 5 and 1 ReLU x 4 each.
        assertEquals(6 * (2 * 5 + 4), compared);
    }

    /** The mean of a per-step scalar over the steps after {@code from} up to {@code to}. */
    private static double mean(Map<Long, Float> perStep, long from, long to) {
        return perStep.entrySet().stream().filter(e -> e.getKey() > from && e.getKey() <= to)
                .mapToDouble(Map.Entry::getValue).average().orElseThrow();
    }

    /**
     * TensorBoard sorts tag groups by name, capitals first, and opens the first two: those are the
     * training metrics; the layer statistics are one group of their own.
     */
    @Test
    void theTrainingMetricsComeFirstAndTheLayerStatisticsApart(@TempDir Path tmp) throws IOException {
        Main.run(shortRun(tmp), quiet());
        TensorBoardView view = new TensorBoardView(tmp.resolve("mlp-djl"));
        List<String> groups = view.tags().stream().filter(tag -> !tag.startsWith("_hparams_"))
                .map(tag -> tag.split("/", 2)[0]).distinct().sorted().toList();
        assertEquals(List.of("Accuracy", "Loss"), groups.subList(0, 2), groups.toString());
        assertEquals(List.of("Accuracy", "Loss", "figures", "gradients", "layers", "optimizer", "settings", "system",
                "weights"), groups);
        for (String statistic : List.of("update_ratio", "dead_fraction", "gradient_norm")) {
            assertTrue(view.tags().stream().noneMatch(tag -> tag.startsWith(statistic + "/")), statistic);
            assertFalse(view.scalars("layers/" + statistic + "/" + (statistic.equals("dead_fraction") ? "relu1"
                    : "linear1")).isEmpty(), statistic);
        }
    }

    /** Each weight and gradient as a histogram at each recorded step, every entry counted once. */
    @Test
    void weightsAndGradientsAreHistogramsAtEachRecordedStep(@TempDir Path tmp) throws IOException {
        Main.run(shortRun(tmp), quiet());
        TensorBoardView view = new TensorBoardView(tmp.resolve("mlp-djl"));
        for (String tag : List.of("weights/linear1", "gradients/linear1", "weights/linear2", "gradients/linear2")) {
            Map<Long, TensorBoardView.Value> histograms = view.byStep(tag);
            assertEquals(List.of(1L, 2L, 3L, 4L, 6L, 7L), List.copyOf(histograms.keySet()), tag);
            for (TensorBoardView.Value v : histograms.values()) {
                UnknownFieldSet histo = v.message(5);
                double entries = tag.endsWith("linear1") ? 3072 * 100 : 100 * 10;
                assertEquals(entries, TensorBoardView.float64(histo, 3), tag + ": num");
                double[] limits = TensorBoardView.packedFloat64(histo, 6);
                double[] counts = TensorBoardView.packedFloat64(histo, 7);
                assertEquals(30, limits.length);
                assertEquals(entries, java.util.Arrays.stream(counts).sum(), tag + ": the buckets hold every entry");
                double min = TensorBoardView.float64(histo, 1);
                double max = TensorBoardView.float64(histo, 2);
                assertTrue(min < limits[0] && limits[29] == max, tag);
                for (int i = 1; i < limits.length; i++) {
                    assertTrue(limits[i] > limits[i - 1], tag + ": edges rise");
                }
            }
        }
    }

    /** The figures as images at the last step, the settings as text, the run as an hparams session. */
    @Test
    void figuresSettingsAndTheSessionAreThere(@TempDir Path tmp) throws IOException {
        Main.run(shortRun(tmp), quiet());
        Path run = tmp.resolve("mlp-djl");
        TensorBoardView view = new TensorBoardView(run);
        assertFiguresAt(view, run, 7L);

        TensorBoardView.Value settings = view.byStep("settings").get(0L);
        assertEquals("text", settings.pluginName());
        String text = settings.text();
        String command = JsonParser.parseString(Files.readString(run.resolve("summary.json"))).getAsJsonObject()
                .get("command").getAsString();
        assertTrue(text.contains(command), text);
        assertTrue(text.contains("| learningRate | 0.002 |"), text);

        UnknownFieldSet experiment = view.byStep("_hparams_/experiment").get(0L).pluginContent();
        assertEquals("hparams", view.byStep("_hparams_/experiment").get(0L).pluginName());
        UnknownFieldSet info = TensorBoardView.parse(experiment.getField(2).getLengthDelimitedList().get(0));
        List<String> hparams = info.getField(4).getLengthDelimitedList().stream()
                .map(b -> TensorBoardView.string(TensorBoardView.parse(b), 1)).toList();
        // Every setting the declarations list for TensorBoard, in their order, after the experiment's id.
        List<String> declared = new ArrayList<>(List.of("experiment"));
        Settings.HPARAMS.forEach(setting -> declared.add(setting.key()));
        assertEquals(declared, hparams);
        assertTrue(hparams.containsAll(List.of("model", "hidden", "activation", "optimizer", "learningRate", "seed")),
                hparams.toString());
        // The five the dashboard shows first (HParamInfo.differs): what tells the report's experiments apart.
        List<String> differ = info.getField(4).getLengthDelimitedList().stream().map(TensorBoardView::parse)
                .filter(h -> h.hasField(7) && h.getField(7).getVarintList().get(0) == 1L)
                .map(h -> TensorBoardView.string(h, 1)).toList();
        assertEquals(List.of("model", "hidden", "optimizer", "learningRate", "steps"), differ);
        List<String> metricTags = info.getField(5).getLengthDelimitedList().stream()
                .map(b -> TensorBoardView.string(TensorBoardView.parse(
                        TensorBoardView.parse(b).getField(1).getLengthDelimitedList().get(0)), 2)).toList();
        assertTrue(metricTags.containsAll(List.of("Accuracy/test", "Accuracy/test_best")), metricTags.toString());
        assertTrue(metricTags.containsAll(List.of("Accuracy/validation", "Accuracy/test_selected")),
                metricTags.toString());
        for (String tag : metricTags) {
            // This run has no validation set: it writes none of the scalars of one (ValidationTest's run does).
            boolean ofValidation = tag.equals("Accuracy/validation") || tag.equals("Accuracy/test_selected");
            assertEquals(ofValidation, view.scalars(tag).isEmpty(), tag + " is a scalar of the run");
        }

        UnknownFieldSet start = TensorBoardView.parse(view.byStep("_hparams_/session_start_info").get(0L)
                .pluginContent().getField(3).getLengthDelimitedList().get(0));
        Map<String, UnknownFieldSet> values = new LinkedHashMap<>();
        start.getField(1).getLengthDelimitedList().forEach(entry -> {
            UnknownFieldSet e = TensorBoardView.parse(entry);
            values.put(TensorBoardView.string(e, 1), TensorBoardView.parse(e.getField(2).getLengthDelimitedList().get(0)));
        });
        assertEquals(2e-3, TensorBoardView.float64(values.get("learningRate"), 2));
        assertEquals(42.0, TensorBoardView.float64(values.get("seed"), 2));
        assertEquals("mlp-djl", TensorBoardView.string(values.get("experiment"), 3));
        UnknownFieldSet end = TensorBoardView.parse(view.byStep("_hparams_/session_end_info").get(7L)
                .pluginContent().getField(4).getLengthDelimitedList().get(0));
        assertEquals(1L, end.getField(1).getVarintList().get(0), "STATUS_SUCCESS");
    }

    /** Each figure as an image at the given step: the PNG file the run wrote beside it, byte for byte, in RGB. */
    static void assertFiguresAt(TensorBoardView view, Path run, long lastStep) throws IOException {
        Map<String, String> figures = Map.of("figures/curves", "curves.png", "figures/confusion", "confusion.png",
                "figures/predictions", "predictions.png", "figures/first_layer_weights", "weights.png");
        for (Map.Entry<String, String> figure : figures.entrySet()) {
            TensorBoardView.Value value = view.byStep(figure.getKey()).get(lastStep);
            assertNotNull(value, figure.getKey() + " at step " + lastStep);
            UnknownFieldSet image = value.message(4);
            byte[] encoded = image.getField(4).getLengthDelimitedList().get(0).toByteArray();
            assertArrayEquals(Files.readAllBytes(run.resolve(figure.getValue())), encoded, figure.getKey());
            BufferedImage drawn = ImageIO.read(new ByteArrayInputStream(encoded));
            assertEquals(BufferedImage.TYPE_3BYTE_BGR, drawn.getType(), figure.getKey() + ": RGB, no palette");
            assertEquals(List.of((long) drawn.getHeight(), (long) drawn.getWidth(), 3L),
                    List.of(image.getField(1).getVarintList().get(0), image.getField(2).getVarintList().get(0),
                            image.getField(3).getVarintList().get(0)), "height, width, colour space RGB");
        }
    }

    /**
     * A run made again replaces the event files the suite wrote and keeps a user's file beside
     * them; {@code -Dtensorboard=false} writes none and trains to the same numbers.
     */
    @Test
    void aRunMadeAgainReplacesItsEventsAndTensorBoardOffTrainsTheSame(@TempDir Path tmp) throws IOException {
        Main.run(shortRun(tmp.resolve("on")), quiet());
        Path events = tmp.resolve("on/mlp-djl");
        Files.writeString(events.resolve("notes.txt"), "the user's");
        Main.run(shortRun(tmp.resolve("on")), quiet());
        TensorBoardView view = new TensorBoardView(events);
        assertEquals(1, view.files.size(), "the first run's file went");
        assertEquals(List.of(0L), view.starts);
        assertEquals(List.of(1L, 3L, 6L, 7L), List.copyOf(view.scalars("Accuracy/test").keySet()));
        assertEquals("the user's", Files.readString(events.resolve("notes.txt")));

        Main.run(shortRun(tmp.resolve("off"), "tensorboard", "false"), quiet());
        assertTrue(new TensorBoardView(tmp.resolve("off/mlp-djl")).files.isEmpty());
        assertEquals(ResumeTest.measured(tmp.resolve("on/mlp-djl/metrics.csv")),
                ResumeTest.measured(tmp.resolve("off/mlp-djl/metrics.csv")));
        assertEquals(Files.readAllLines(tmp.resolve("on/mlp-djl/diagnostics.csv")),
                Files.readAllLines(tmp.resolve("off/mlp-djl/diagnostics.csv")));
        assertTrue(Files.readString(tmp.resolve("off/mlp-djl/summary.json")).contains("-Dtensorboard=false"),
                "the command says so");
    }

    /** Each sweep point and each seed is a session with its own values. */
    @Test
    void sweepPointsAndSeedsAreSessionsWithTheirValues(@TempDir Path tmp) throws IOException {
        Main.run(shortRun(tmp, "sweep.learningRate", "1e-3,2e-3"), quiet());
        Main.run(shortRun(tmp, "seeds", "2"), quiet());
        Map<String, Double> expected = Map.of(
                "mlp-djl-sweep-learningRate/learningRate=1e-3", 1e-3, "mlp-djl-sweep-learningRate/learningRate=2e-3", 2e-3,
                "mlp-djl/seed-42", 42.0, "mlp-djl/seed-43", 43.0);
        for (Map.Entry<String, Double> point : expected.entrySet()) {
            TensorBoardView view = new TensorBoardView(tmp.resolve(point.getKey()));
            UnknownFieldSet start = TensorBoardView.parse(view.byStep("_hparams_/session_start_info").get(0L)
                    .pluginContent().getField(3).getLengthDelimitedList().get(0));
            String key = point.getKey().contains("seed") ? "seed" : "learningRate";
            double value = start.getField(1).getLengthDelimitedList().stream().map(TensorBoardView::parse)
                    .filter(e -> TensorBoardView.string(e, 1).equals(key))
                    .mapToDouble(e -> TensorBoardView.float64(TensorBoardView.parse(e.getField(2)
                            .getLengthDelimitedList().get(0)), 2)).findFirst().orElseThrow();
            assertEquals(point.getValue(), value, point.getKey());
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
