package backproplab.report;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import backproplab.chart.ConfusionChart;
import backproplab.chart.PredictionGrid;
import backproplab.chart.WeightTiles;
import backproplab.data.CifarData;
import backproplab.results.AtomicFiles;
import backproplab.results.RunFolder;
import backproplab.train.Confusion;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * What a network learned, class by class: {@code confusion.png} (the test set's confusion matrix,
 * row-normalised), {@code predictions.png} (test images with their predicted classes) and
 * {@code weights.png} (the first layer's units as pictures), and the pairs it confuses most.
 */
public final class Analysis {


    private Analysis() {}

    public static void writeConfusion(RunFolder folder, String title, Confusion confusion) throws IOException {
        AtomicFiles.write(folder.confusion(), ConfusionChart.png(title, confusion.counts(), CifarData.CLASS_NAMES));
    }

    /**
     * @param predicted every test image's predicted class
     * @param rawImage test image i's pixels as the data file holds them (CHW, 0-255)
     */
    public static void writePredictions(RunFolder folder, String title, long[] labels, int[] predicted,
            IntFunction<float[]> rawImage) throws IOException {
        AtomicFiles.write(folder.predictions(), PredictionGrid.png(
                title + ": first " + PredictionGrid.ROWS + " test images of each class, predicted class below (red: wrong)",
                labels, predicted, CifarData.CLASS_NAMES, rawImage));
    }

    /**
     * weights.png: the first layer's units as pictures, under the run's title and two lines that
     * say which units they are and how they are drawn.
     *
     * @param firstWeight (units, 3072) for an MLP, (filters, 3, 3, 3) for the ConvNet
     */
    public static void writeWeights(RunFolder folder, String title, NDArray firstWeight) throws IOException {
        long[] shape = firstWeight.getShape().getShape();
        int units = Math.toIntExact(shape[0]);
        boolean filters = shape.length == 4;
        int side = filters ? Math.toIntExact(shape[2]) : 32;
        List<String> subtitle = List.of(
                "first layer: " + WeightTiles.which(units, filters ? "filters" : "units"),
                filters ? String.format(Locale.ROOT, "each filter's 3x%dx%d weights enlarged, scaled to its own range",
                        side, side) : "each unit's 3072 weights as a 3x32x32 image, scaled to its own range");
        AtomicFiles.write(folder.weights(), WeightTiles.png(title, subtitle,
                firstWeight.toType(DataType.FLOAT32, false).toFloatArray(), units, 3, side));
    }

    /** "most confused: cat->dog 212, dog->cat 160, truck->automobile 98". */
    public static String mostConfused(Confusion confusion) {
        List<Confusion.Mistake> top = confusion.mostConfused(3);
        if (top.isEmpty()) {
            return "most confused: none, every test image is right";
        }
        return "most confused: " + top.stream()
                .map(m -> CifarData.CLASS_NAMES.get(m.truth()) + "->" + CifarData.CLASS_NAMES.get(m.predicted()) + " "
                        + m.count())
                .collect(Collectors.joining(", "));
    }
}
