package backproplab.report;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import backproplab.chart.ConfusionChart;
import backproplab.chart.CurvesChart;
import backproplab.chart.DiagnosticsChart;
import backproplab.chart.PredictionGrid;
import backproplab.chart.WeightTiles;
import backproplab.data.CifarData;
import backproplab.diagnostics.Diagnostics;
import backproplab.results.AtomicFiles;
import backproplab.results.RunFigure;
import backproplab.results.RunFolder;
import backproplab.train.Confusion;
import backproplab.train.EvalPoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Draws a run's figures ({@link RunFigure}) from what the run has: at its end everything, when it
 * is stopped part-way what it measured, on -Dexp=figures what its files hold, on -Dexp=analyse what
 * its saved model gives. Each figure is drawn when its inputs are there, the same way whoever asks.
 */
public final class RunFigures {

    private RunFigures() {}

    /** Test images and the classes predicted for them. */
    public record Predictions(long[] labels, int[] predicted, IntFunction<float[]> rawImage) {}

    /**
     * What a run's figures are drawn from; a part a run does not have is null (or empty).
     *
     * @param title the title its figures share: the run's, with how it ended
     * @param seeds how many runs {@code curves} holds (an experiment over seeds: mean and band)
     * @param curves each run's evaluations
     * @param diagnostics the layer statistics
     * @param confusion the test set's confusion at the last evaluation (summed over the seeds)
     * @param predictions the test images' predicted classes at the last evaluation
     * @param firstWeight the first layer's weights: (units, 3072) for an MLP, (filters, 3, 3, 3) for the ConvNet
     */
    public record Inputs(String title, int seeds, List<List<EvalPoint>> curves, Diagnostics diagnostics,
            Confusion confusion, Predictions predictions, NDArray firstWeight) {

        /** Nothing to draw yet, under {@code title}. */
        public static Inputs titled(String title) {
            return new Inputs(title, 1, List.of(), null, null, null, null);
        }

        /** One run's evaluations. */
        public Inputs withCurve(List<EvalPoint> points) {
            return withCurves(List.of(points));
        }

        /** Each seed's evaluations, or one run's. */
        public Inputs withCurves(List<List<EvalPoint>> runs) {
            return new Inputs(title, runs.size(), runs, diagnostics, confusion, predictions, firstWeight);
        }

        public Inputs withDiagnostics(Diagnostics recorded) {
            return new Inputs(title, seeds, curves, recorded, confusion, predictions, firstWeight);
        }

        public Inputs withConfusion(Confusion counts) {
            return new Inputs(title, seeds, curves, diagnostics, counts, predictions, firstWeight);
        }

        public Inputs withPredictions(Predictions predicted) {
            return new Inputs(title, seeds, curves, diagnostics, confusion, predicted, firstWeight);
        }

        public Inputs withFirstWeight(NDArray weight) {
            return new Inputs(title, seeds, curves, diagnostics, confusion, predictions, weight);
        }
    }

    /** Writes every figure of the run in {@code folder} that {@code inputs} has what for; returns the files written. */
    public static List<Path> draw(RunFolder folder, Inputs inputs) throws IOException {
        List<Path> written = new ArrayList<>();
        for (RunFigure figure : RunFigure.values()) {
            byte[] png = png(figure, inputs);
            if (png != null) {
                AtomicFiles.write(figure.in(folder), png);
                written.add(figure.in(folder));
            }
        }
        return written;
    }

    /** One figure's PNG; null when the inputs lack what it draws. */
    static byte[] png(RunFigure figure, Inputs in) throws IOException {
        return switch (figure) {
            // A run stopped before its first evaluation has no curves to draw.
            case CURVES -> in.curves().isEmpty() || in.curves().stream().anyMatch(List::isEmpty) ? null
                    : CurvesChart.seedsPng(in.title(), in.curves());
            case CONFUSION -> in.confusion() == null ? null : ConfusionChart.png(
                    in.title() + (in.seeds() > 1 ? ", summed over the seeds" : ""), in.confusion().counts(),
                    CifarData.CLASS_NAMES);
            case PREDICTIONS -> in.predictions() == null ? null : PredictionGrid.png(in.title() + ": first "
                    + PredictionGrid.ROWS + " test images of each class, predicted class below (red: wrong)",
                    in.predictions().labels(), in.predictions().predicted(), CifarData.CLASS_NAMES,
                    in.predictions().rawImage());
            case WEIGHTS -> in.firstWeight() == null ? null : weights(in.title(), in.firstWeight());
            case DIAGNOSTICS -> in.diagnostics() == null || in.diagnostics().isEmpty() ? null
                    : DiagnosticsChart.png(in.title() + DiagnosticsChart.TITLE_SUFFIX, in.diagnostics());
        };
    }

    /**
     * weights.png: the first layer's units as pictures, under the run's title and two lines that
     * say which units they are and how they are drawn.
     */
    private static byte[] weights(String title, NDArray firstWeight) throws IOException {
        long[] shape = firstWeight.getShape().getShape();
        int units = Math.toIntExact(shape[0]);
        boolean filters = shape.length == 4;
        int side = filters ? Math.toIntExact(shape[2]) : 32;
        List<String> subtitle = List.of(
                "first layer: " + WeightTiles.which(units, filters ? "filters" : "units"),
                filters ? String.format(Locale.ROOT, "each filter's 3x%dx%d weights enlarged, scaled to its own range",
                        side, side) : "each unit's 3072 weights as a 3x32x32 image, scaled to its own range");
        return WeightTiles.png(title, subtitle, firstWeight.toType(DataType.FLOAT32, false).toFloatArray(), units, 3,
                side);
    }
}
